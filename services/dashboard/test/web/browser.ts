import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { TeardownHost } from '@guildwire/testkit';
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from 'playwright-core';
import type { WholeStack } from './whole-stack.js';

// Browser tests drive Debian's Chromium (apt install chromium; .ci/run installs it) through
// playwright-core: Playwright's own browser download is not possible on these machines.
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Where screenshots of every page go (gitignored; .ci/run prints the path). */
export const screenshotDir = resolve(import.meta.dirname, '../../../../test-results/screenshots');

/** Chromium, closed at teardown. */
export async function launchChromium(t: TeardownHost): Promise<Browser> {
  if (!existsSync(executablePath))
    throw new Error(`no Chromium at ${executablePath}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
  t.teardown(() => browser.close());
  return browser;
}

/** A fresh browser profile (its own cookies): one person. */
export async function newPerson(browser: Browser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  context.setDefaultTimeout(20_000);
  const page = await context.newPage();
  // What the page's scripts report goes into the test's output: a failing test shows why.
  page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));
  page.on('console', (message) => {
    if (message.type() === 'error') process.stderr.write(`[page console] ${message.text()}\n`);
  });
  return { context, page };
}

/**
 * Signs in through the fake Discord's consent page as a person would: open the dashboard at `path`,
 * get sent to Discord, pick the user, Authorize, and land back on `path`.
 */
export async function signIn(page: Page, stack: WholeStack, userId: string, path = '/'): Promise<void> {
  await page.goto(`${stack.urls.dashboard}${path}`);
  await page.waitForURL((url) => url.pathname === '/oauth2/authorize');
  await page.check(`input[name="user_id"][value="${userId}"]`);
  await page.click('#authorize');
  await page.waitForURL((url) => url.origin === stack.urls.dashboard && !url.pathname.startsWith('/auth/'));
  try {
    await page.getByTestId('connection-status').waitFor();
  } catch (error) {
    await screenshot(page, `failed-sign-in-${userId}`);
    throw new Error(
      `the app did not start after sign-in: ${(await page.textContent('body'))?.slice(0, 500)}`,
      {
        cause: error,
      },
    );
  }
}

/** Waits until the connection indicator says `status`. */
export async function waitForStatus(page: Page, status: 'live' | 'reconnecting' | 'offline'): Promise<void> {
  await page
    .locator(`[data-testid="connection-status"][data-status="${status}"]`)
    .waitFor({ timeout: 30_000 });
}

/**
 * Saves a screenshot of the page as `<name>.png` (the whole page unless `fullPage: false`). A
 * full-page capture resizes the viewport for a moment; a click right after it on a long form can be
 * lost, so forms about to be submitted are captured as the viewport shows them.
 */
export async function screenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<void> {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: resolve(screenshotDir, `${name}.png`), fullPage: options.fullPage ?? true });
}

/**
 * Waits for a locator; when it does not come, saves a screenshot named `failed-<name>` and fails with
 * what the page says (an error box, a toast), so a failing browser test explains itself.
 */
export async function expectVisible(page: Page, locator: Locator, name: string): Promise<void> {
  try {
    await locator.waitFor();
  } catch (error) {
    await screenshot(page, `failed-${name}`);
    const said = await page
      .locator('[data-testid="error"], [data-testid="toast"], [role="alert"]')
      .allTextContents()
      .catch(() => []);
    throw new Error(`${name}: not visible; the page says: ${said.join(' | ') || '(nothing)'}`, {
      cause: error,
    });
  }
}
