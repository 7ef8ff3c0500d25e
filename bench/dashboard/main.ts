// bench:dashboard — the dashboard web app in Debian's Chromium against the whole stack.
//
//   js_gzip_kb           JavaScript the browser downloads for the first page (the tickets list),
//                        each file gzipped at level 9 as a server would send it
//   first_render_ms      from navigation start to the first ticket row in the DOM, on the tickets
//                        page of a guild holding 10,000 tickets (median of several cold loads; the
//                        sign-in's token request, /config.json and the first page of the list
//                        included)
//   event_to_dom_*       from a realtime `event` frame's arrival in the page (a listener added before
//                        the app's own) to the DOM row showing that ticket version (a MutationObserver),
//                        over ≥ 1,000 priority changes made at 50 per second on the rows shown
// Targets: ≤ 200 KB, ≤ 1 s, p99 ≤ 50 ms. A typical bot dashboard polls every 15–30 s instead: its
// event → screen time is on average half its polling interval (7,500–15,000 ms).
//
//   npm run bench:dashboard
//   BENCH_TICKETS=2000 BENCH_EVENTS=500 npm run bench:dashboard      (quicker)
// Ends with one line `RESULT {json}`.

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import {
  launchChromium,
  newPerson,
  signIn,
  waitForStatus,
} from '../../services/dashboard/test/web/browser.js';
import { startWholeStack } from '../../services/dashboard/test/web/whole-stack.js';
import { percentile } from '../lib/percentile.js';

const ticketCount = Number(process.env.BENCH_TICKETS ?? 10_000);
const eventCount = Number(process.env.BENCH_EVENTS ?? 1000);
const eventRate = 50;
const loads = 5;

const teardowns: Array<() => unknown> = [];
const host = { teardown: (fn: () => unknown) => void teardowns.push(fn) };
const cleanup = async () => {
  for (const fn of teardowns.reverse()) await Promise.resolve(fn()).catch(() => undefined);
};

try {
  const stack = await startWholeStack(host, {
    // The bot would otherwise open 10,000 Discord threads, at Discord's 50 requests per second.
    env: { 'bot-gateway': { SIDE_EFFECTS: 'false' } },
    panel: false,
  });
  const { demo } = stack;
  const admin = `Bearer ${stack.adminToken()}`;
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.urls.ticket}/v1/guilds/${demo.guildId}${path}`, {
      ...init,
      headers: { authorization: admin, 'content-type': 'application/json', ...init.headers },
    });

  // ---- 10k tickets (staff open them for 12 members, each under the open limit of 1000)
  const limit = await fetch(`${stack.urls.config}/v1/guilds/${demo.guildId}/settings/tickets`, {
    method: 'PATCH',
    headers: { authorization: admin, 'content-type': 'application/json', 'if-match': '"1"' },
    body: JSON.stringify({ openLimitPerUser: 1000 }),
  });
  if (!limit.ok) throw new Error(`settings PATCH answered ${limit.status}: ${await limit.text()}`);
  const seedStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < ticketCount) {
        const k = next++;
        const res = await api('/tickets', {
          method: 'POST',
          body: JSON.stringify({
            subject: `seeded ticket ${k}`,
            description: 'bench:dashboard',
            openerId: String(1_400_000_000_000_000_000n + BigInt(k % 12)),
          }),
        });
        if (res.status !== 201) throw new Error(`open answered ${res.status}: ${await res.text()}`);
      }
    }),
  );
  console.log(`seeded ${ticketCount} tickets in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);

  // ---- the browser: timestamps of event frames (before the app sees them) and of DOM rows
  const browser = await launchChromium(host);
  const { context, page } = await newPerson(browser);
  // Plain JavaScript (a string): tsx would wrap a function's inner functions in helpers the page lacks.
  await context.addInitScript(`
    window.__arrivals = new Map();
    window.__shown = new Map();
    window.__firstRow = undefined;
    const Native = window.WebSocket;
    window.WebSocket = class extends Native {
      constructor(url, protocols) {
        super(url, protocols);
        // Registered before the app's onmessage: runs first for every frame.
        this.addEventListener('message', (event) => {
          const at = performance.now();
          const text = String(event.data);
          if (!text.startsWith('{"op":"event"')) return;
          const ticket = JSON.parse(text).data?.ticket;
          if (ticket) window.__arrivals.set(ticket.id + ':' + ticket.version, at);
        });
      }
    };
    const seen = (row) => {
      const id = row.getAttribute('data-ticket-id');
      const version = row.getAttribute('data-version');
      if (id === null || version === null) return;
      if (window.__firstRow === undefined) window.__firstRow = performance.now();
      const key = id + ':' + version;
      if (!window.__shown.has(key)) window.__shown.set(key, performance.now());
    };
    new MutationObserver((records) => {
      for (const r of records) {
        if (r.type === 'attributes' && r.target instanceof Element) seen(r.target);
        for (const node of r.addedNodes)
          if (node instanceof Element) {
            if (node.matches('tr[data-ticket-id]')) seen(node);
            for (const row of node.querySelectorAll('tr[data-ticket-id]')) seen(row);
          }
      }
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-version'] });
  `);

  const ticketsPath = `/g/${demo.guildId}/tickets`;
  await signIn(page, stack, stack.ownerId, ticketsPath);
  await waitForStatus(page, 'live');

  // ---- JavaScript of the first page, and time to first render (cold loads: cache off)
  const renders: number[] = [];
  let jsGzipBytes = 0;
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  for (let i = 0; i < loads; i++) {
    const scripts: Promise<number>[] = [];
    const onResponse = (response: import('playwright-core').Response) => {
      if (response.request().resourceType() === 'script' && response.status() === 200)
        scripts.push(response.body().then((body) => gzipSync(body, { level: 9 }).length));
    };
    page.on('response', onResponse);
    await page.goto(`${stack.urls.dashboard}${ticketsPath}`);
    await page.locator('tr[data-ticket-id]').first().waitFor();
    page.off('response', onResponse);
    renders.push(await page.evaluate(() => (window as unknown as { __firstRow: number }).__firstRow));
    if (i === 0) jsGzipBytes = (await Promise.all(scripts)).reduce((a, b) => a + b, 0);
  }
  await waitForStatus(page, 'live');

  // ---- event → DOM: priority changes on the rows shown, 50 per second, open loop
  const shown = await page
    .locator('tr[data-ticket-id]')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')!));
  // Each round over the rows sets a priority other than the row's current one (all start `normal`):
  // a write that changes nothing publishes no event.
  const priorities = ['high', 'urgent', 'low', 'normal'];
  const started = performance.now();
  const writes: Promise<unknown>[] = [];
  for (let k = 0; k < eventCount; k++) {
    const due = started + (k * 1000) / eventRate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const id = shown[k % shown.length]!;
    writes.push(
      api(`/tickets/${id}/priority`, {
        method: 'PUT',
        body: JSON.stringify({ priority: priorities[Math.floor(k / shown.length) % 4] }),
      }).then((r) => r.status),
    );
  }
  const statuses = await Promise.all(writes);
  const failed = statuses.filter((s) => s !== 200).length;
  // Wait until every arrived event's version is in the DOM (or 10 s).
  const deadline = performance.now() + 10_000;
  let latencies: number[] = [];
  let arrived = 0;
  while (performance.now() < deadline) {
    const figures = await page.evaluate(() => {
      const w = window as unknown as { __arrivals: Map<string, number>; __shown: Map<string, number> };
      const out: number[] = [];
      for (const [key, at] of w.__arrivals) {
        const seenAt = w.__shown.get(key);
        if (seenAt !== undefined) out.push(Math.max(0, seenAt - at));
      }
      return { latencies: out, arrived: w.__arrivals.size };
    });
    latencies = figures.latencies;
    arrived = figures.arrived;
    if (arrived >= eventCount - failed && latencies.length >= arrived) break;
    await sleep(200);
  }
  latencies.sort((a, b) => a - b);
  renders.sort((a, b) => a - b);
  const jsKb = Math.round((jsGzipBytes / 1024) * 10) / 10;
  const firstRender = Math.round(renders[Math.floor(renders.length / 2)]!);
  const p50 = Math.round(percentile(latencies, 50) * 10) / 10;
  const p99 = Math.round(percentile(latencies, 99) * 10) / 10;

  console.log('');
  console.log(`JavaScript for the first page (gzip)     ${jsKb} KB        target ≤ 200 KB`);
  console.log(
    `tickets page, first row (${ticketCount} tickets)  ${firstRender} ms (median of ${loads}: ${renders.map(Math.round).join(', ')})   target ≤ 1000 ms`,
  );
  console.log(
    `event → DOM over ${latencies.length} events at ${eventRate}/s   p50 ${p50} ms  p99 ${p99} ms   target p99 ≤ 50 ms`,
  );
  console.log(`  (${arrived} event frames arrived, ${failed} writes failed)`);
  console.log('  a polling dashboard (15–30 s interval) shows a change after 7,500–15,000 ms on average');
  console.log(
    `RESULT ${JSON.stringify({
      js_gzip_kb: jsKb,
      first_render_ms: firstRender,
      event_to_dom_p50_ms: p50,
      event_to_dom_p99_ms: p99,
      events: latencies.length,
      tickets: ticketCount,
    })}`,
  );
} finally {
  await cleanup();
}
