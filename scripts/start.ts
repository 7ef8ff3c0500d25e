// npm start: the whole Guildwire stack on one machine (docs/design.md, Testing).
//   NATS      NATS_URL, else nats-server (JetStream, data in .data/nats) on a port of its own
//   Postgres  DATABASE_URL, else embedded Postgres (data in .data/pg) on a port of its own
//   Discord   DISCORD_TOKEN, else the local fake Discord (libs/fake-discord) with a demo guild
//   services  every services/<name>/src/main.ts, compiled by scripts/bundle.ts, each on its own
//             port, waiting for /readyz
//   tokens    the dashboard signs them (its key in .data/dashboard-keys.json, made once) and every
//             other service verifies them against its JWKS; without a dashboard (real Discord and
//             no DISCORD_CLIENT_ID/SECRET) services fall back to the HS256 development secret
// A service that dies is reported and restarted (backing off); logs are pretty in a terminal
// (pino-pretty), JSON otherwise or with LOG_FORMAT=json.
// Ctrl+C stops the services first (they drain), then the servers they use.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { demoIds, type FakeDiscord, seedDemoGuild, startFakeDiscord } from '@guildwire/fake-discord';
import {
  DEV_JWT_SECRET,
  exportSigningKey,
  generateSigningKey,
  parseSigningKey,
  type SigningKey,
  signDevToken,
} from '@guildwire/service-kit';
import { prettyFactory } from 'pino-pretty';
import { bundleServices } from './bundle.js';
import { type LineFormat, type StackChild, startChild } from './stack/child.js';
import { portFor } from './stack/ports.js';
import { buildWebApp, webBuildIsStale, webDist } from './web-build.js';

/** Service log lines as a person reads them in a terminal; JSON lines unchanged elsewhere. */
function logFormat(): LineFormat | undefined {
  if (!process.stdout.isTTY || process.env.LOG_FORMAT === 'json') return undefined;
  const pretty = prettyFactory({
    colorize: true,
    singleLine: true,
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
  return (line) => {
    if (!line.startsWith('{')) return `${line}\n`;
    try {
      return pretty(line);
    } catch {
      return `${line}\n`;
    }
  };
}

const root = resolve(import.meta.dirname, '..');
const tsx = import.meta.resolve('tsx');
const services = [
  { name: 'ticket', port: 3101 },
  { name: 'realtime-gateway', port: 3102 },
  { name: 'giveaway', port: 3103 },
  { name: 'config', port: 3104 },
  { name: 'bot-gateway', port: 3105 },
  { name: 'dashboard', port: 3106 },
].filter((s) => existsSync(resolve(root, `services/${s.name}/src/main.ts`)));

const children: StackChild[] = [];
let fakeDiscord: FakeDiscord | undefined;
let stopping = false;

async function stopAll(code: number): Promise<never> {
  if (stopping) process.exit(code);
  stopping = true;
  console.log('\nstopping: services first, then Postgres and NATS');
  const servers = children.filter((c) => c.name === 'nats' || c.name === 'postgres');
  await Promise.all(children.filter((c) => !servers.includes(c)).map((c) => c.stop()));
  await fakeDiscord?.close();
  for (const s of servers.reverse()) await s.stop();
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
// Should the launcher die anyway, it takes its (detached) children with it.
process.on('exit', () => {
  for (const c of children) if (c.process.exitCode === null) c.process.kill('SIGKILL');
});
process.on('SIGTERM', () => void stopAll(0));

/**
 * The dashboard's signing key and session secret, made once and kept in .data/dashboard-keys.json
 * (mode 600): tokens and sign-ins survive a restart of the stack, and `npm run dev-token -- --key
 * .data/dashboard-keys.json` signs with the same key.
 */
function dashboardKeys(): { signingKey: SigningKey; sessionSecret: string } {
  const file = resolve(root, '.data/dashboard-keys.json');
  if (existsSync(file)) {
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { signingKey: object; sessionSecret: string };
    return {
      signingKey: parseSigningKey(JSON.stringify(stored.signingKey)),
      sessionSecret: stored.sessionSecret,
    };
  }
  const keys = { signingKey: generateSigningKey(), sessionSecret: randomBytes(32).toString('base64url') };
  writeFileSync(
    file,
    JSON.stringify({ signingKey: exportSigningKey(keys.signingKey), sessionSecret: keys.sessionSecret }),
    {
      mode: 0o600,
    },
  );
  return keys;
}

async function main() {
  mkdirSync(resolve(root, '.data'), { recursive: true });
  const { JWT_SECRET: userSecret, ...inherited } = process.env;
  const env: NodeJS.ProcessEnv = { ...inherited, LOG_LEVEL: process.env.LOG_LEVEL ?? 'info' };

  let natsUrl = process.env.NATS_URL;
  if (!natsUrl) {
    const port = await portFor(14222);
    const nats = startChild(
      'nats',
      'nats-server',
      ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', resolve(root, '.data/nats')],
      env,
      true,
    );
    children.push(nats);
    await nats.waitForLine(/Server is ready/);
    natsUrl = `nats://127.0.0.1:${port}`;
  }
  let databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    const pg = startChild(
      'postgres',
      process.execPath,
      ['--import', tsx, resolve(root, 'scripts/stack/postgres.ts')],
      { ...env, LOG_LEVEL: 'warn', PG_DATA_DIR: resolve(root, '.data/pg') },
      true,
    );
    children.push(pg);
    databaseUrl = (await pg.waitForLine(/^READY (\S+)/, 120_000))[1]!;
  }

  let demoGuildId: string | undefined;
  if (!process.env.DISCORD_TOKEN) {
    fakeDiscord = await startFakeDiscord({ port: await portFor(3190) });
    demoGuildId = seedDemoGuild(fakeDiscord.control).guildId;
    Object.assign(env, {
      DISCORD_TOKEN: fakeDiscord.token,
      DISCORD_API_URL: fakeDiscord.apiUrl,
      DISCORD_OAUTH_URL: fakeDiscord.url,
      DISCORD_CLIENT_ID: fakeDiscord.applicationId,
      DISCORD_CLIENT_SECRET: fakeDiscord.control.oauth.clientSecret,
    });
  }

  // Tokens: the dashboard signs (EdDSA) and publishes its JWKS; the others verify against it.
  const withDashboard = Boolean(env.DISCORD_CLIENT_ID && env.DISCORD_CLIENT_SECRET);
  const keys = withDashboard ? dashboardKeys() : undefined;
  const dashboardPort = await portFor(Number(process.env.DASHBOARD_PORT ?? 3106));
  const dashboardUrl = `http://127.0.0.1:${dashboardPort}`;
  const jwtSecret = userSecret ?? DEV_JWT_SECRET;
  if (withDashboard) {
    if (userSecret) console.log("JWT_SECRET is ignored: services verify the dashboard's tokens (JWKS)");
    // The web app, built when missing or older than its sources (Vite, ~20 s the first time).
    if (webBuildIsStale()) {
      console.log('building the dashboard web app (services/dashboard/web)…');
      await buildWebApp({ quiet: true });
    }
    Object.assign(env, {
      JWT_JWKS_URL: `${dashboardUrl}/.well-known/jwks.json`,
      DASHBOARD_PUBLIC_URL: dashboardUrl,
      DASHBOARD_SIGNING_KEY: JSON.stringify(exportSigningKey(keys!.signingKey)),
      DASHBOARD_SESSION_SECRET: keys!.sessionSecret,
      DASHBOARD_STATIC_DIR: existsSync(resolve(webDist, 'index.html')) ? webDist : '',
      // The web app calls every service from the dashboard's origin.
      CORS_ORIGINS: process.env.CORS_ORIGINS ?? dashboardUrl,
    });
  } else {
    console.log(
      'no dashboard (set DISCORD_CLIENT_ID and DISCORD_CLIENT_SECRET for it): HS256 development tokens',
    );
    env.JWT_SECRET = jwtSecret;
  }

  // Services run compiled (scripts/bundle.ts), as the container image runs them.
  const bundled = await bundleServices(services.map((s) => s.name));
  const bundles = new Map(services.map((s, i) => [s.name, bundled[i]!]));
  const started: Array<{ name: string; url: string }> = [];
  const format = logFormat();
  for (const s of services.filter((s) => s.name !== 'dashboard' || withDashboard)) {
    const port =
      s.name === 'dashboard'
        ? dashboardPort
        : await portFor(Number(process.env[`${s.name.toUpperCase().replace('-', '_')}_PORT`] ?? s.port));
    const serviceEnv = {
      ...env,
      ...(s.name === 'dashboard' ? webAppUrls(started) : {}),
      PORT: String(port),
      HOST: '127.0.0.1',
      NATS_URL: natsUrl,
      DATABASE_URL: databaseUrl,
    };
    const launch = () =>
      startChild(
        s.name,
        process.execPath,
        ['--enable-source-maps', bundles.get(s.name)!],
        serviceEnv,
        false,
        format,
      );
    const child = launch();
    children.push(child);
    const url = `http://127.0.0.1:${port}`;
    await waitReady(`${url}/readyz`, child);
    superviseService(child, launch);
    started.push({ name: s.name, url });
  }

  const guildId = demoGuildId ?? demoIds.guild;
  const token = signDevToken(
    { sub: demoIds.owner, guilds: { [guildId]: 'admin', '4343': 'member' }, ttlSeconds: 12 * 3600 },
    {
      ...(keys ? { signingKey: keys.signingKey } : { secret: jwtSecret }),
      issuer: env.JWT_ISSUER ?? 'guildwire',
      audience: env.JWT_AUDIENCE ?? 'guildwire-dashboard',
    },
  );
  console.log('\nGuildwire is up.');
  console.log(`  NATS      ${natsUrl}`);
  console.log(`  Postgres  ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  if (fakeDiscord) {
    console.log(`  Discord   local fake Discord ${fakeDiscord.url} (control API /__control)`);
    console.log(
      `            demo guild ${guildId}, #open-a-ticket ${demoIds.ticketPanel}, staff role ${demoIds.staffRole}`,
    );
    console.log(
      `            users: owner ${demoIds.owner}, alice ${demoIds.alice}, bob ${demoIds.bob}, sam (staff) ${demoIds.sam}`,
    );
  }
  for (const s of started) console.log(`  ${s.name.padEnd(18)} ${s.url}   (API reference: ${s.url}/docs)`);
  console.log(
    `\nA dev token (the demo owner: admin of guild ${guildId}, member of 4343; 12 h). Paste the whole line:\n`,
  );
  console.log(`export GUILDWIRE_TOKEN=${token}`);
  const urlOf = (name: string) => started.find((s) => s.name === name)?.url;
  const tries = [
    urlOf('ticket') && `${urlOf('ticket')}/v1/guilds/${guildId}/tickets`,
    urlOf('config') && `${urlOf('config')}/v1/guilds/${guildId}/settings/tickets`,
    urlOf('giveaway') && `${urlOf('giveaway')}/v1/guilds/${guildId}/giveaways`,
  ].filter(Boolean);
  if (tries.length > 0) {
    console.log('\nTry:');
    for (const url of tries) console.log(`  curl -H "authorization: Bearer $GUILDWIRE_TOKEN" ${url}`);
  }
  if (urlOf('giveaway'))
    console.log(
      `  curl -H "authorization: Bearer $GUILDWIRE_TOKEN" -H 'content-type: application/json' ${urlOf('giveaway')}/v1/guilds/${guildId}/giveaways \\\n` +
        `    -d '{"prize":"Nitro","winnerCount":1,"endsAt":"'$(date -u -d '+1 min' +%Y-%m-%dT%H:%M:%SZ)'"}'`,
    );
  const ticketUrl = urlOf('ticket');
  if (fakeDiscord && ticketUrl && urlOf('bot-gateway'))
    await showDemoPanel(fakeDiscord, ticketUrl, guildId, token);
  const configUrl = urlOf('config');
  if (fakeDiscord && configUrl) await makeDemoStaffRole(configUrl, guildId, token);
  if (urlOf('dashboard')) showLogin(dashboardUrl, fakeDiscord?.url);
  console.log('\nCtrl+C stops everything.');
}

/**
 * Has the bot post a ticket panel in the demo guild's #open-a-ticket (created and sent through the
 * ticket service, as the dashboard does), and prints how to press its button as a member.
 */
async function showDemoPanel(discord: FakeDiscord, ticketUrl: string, guildId: string, token: string) {
  const auth = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${ticketUrl}/v1/guilds/${guildId}/panels`, {
    method: 'POST',
    headers: auth,
    body: JSON.stringify({
      title: 'Need help?',
      description: 'Open a ticket and staff will answer.',
      channelId: demoIds.ticketPanel,
    }),
  });
  if (!created.ok) return console.error(`demo panel: the ticket service answered ${created.status}`);
  const panel = (await created.json()) as { id: string };
  await fetch(`${ticketUrl}/v1/guilds/${guildId}/panels/${panel.id}/send`, {
    method: 'POST',
    headers: { authorization: auth.authorization },
  });
  const message = await discord.control
    .waitForMessage(demoIds.ticketPanel, (m) => JSON.stringify(m.components).includes(panel.id), {
      timeoutMs: 15_000,
    })
    .catch(() => undefined);
  if (!message) return console.error('demo panel: the bot did not post the panel (see its log lines above)');
  const customId = JSON.stringify(message.components).match(/"custom_id":"([^"]+)"/)?.[1];
  const control = `${discord.url}/__control`;
  console.log(
    `\nThe bot posted a ticket panel in #open-a-ticket. Press its button as alice, then fill the modal:`,
  );
  console.log(
    `  curl -s -X POST ${control}/interactions/component -H 'content-type: application/json' \\\n` +
      `    -d '{"messageId":"${message.id}","customId":"${customId}","userId":"${demoIds.alice}"}'   # prints the interaction's "id"`,
  );
  console.log(
    `  curl -s -X POST ${control}/interactions/modal -H 'content-type: application/json' \\\n` +
      `    -d '{"interactionId":"<id>","values":{"subject":"cannot log in","description":"since Tuesday"}}'`,
  );
  console.log(
    `  curl -s ${control}/channels/${demoIds.ticketPanel}/messages   # the panel; the ticket's thread is under it`,
  );
}

/**
 * Makes the demo's Staff role a ticket support role (once: only while the tickets settings were
 * never changed), so sam signs in to the dashboard as staff.
 */
async function makeDemoStaffRole(configUrl: string, guildId: string, token: string) {
  const url = `${configUrl}/v1/guilds/${guildId}/settings/tickets`;
  const auth = { authorization: `Bearer ${token}` };
  const current = await fetch(url, { headers: auth });
  if (!current.ok || current.headers.get('etag') !== '"0"') return;
  const res = await fetch(url, {
    method: 'PATCH',
    headers: { ...auth, 'content-type': 'application/json', 'if-match': '"0"' },
    body: JSON.stringify({ supportRoleIds: [demoIds.staffRole] }),
  });
  if (!res.ok) console.error(`demo settings: the config service answered ${res.status}`);
}

/** Where to sign in, and as whom. */
function showLogin(dashboardUrl: string, fakeDiscordUrl: string | undefined) {
  console.log(`\nThe dashboard: ${dashboardUrl}   sign in: ${dashboardUrl}/auth/login`);
  if (fakeDiscordUrl === undefined) return;
  console.log(
    '  The fake Discord asks whom to sign in as (no account needed): demo-owner (admin of the demo guild),\n' +
      '  sam (staff: the Staff role is a ticket support role), alice or bob (members).\n' +
      `  Skip the page: curl -X POST ${fakeDiscordUrl}/__control/oauth/auto-approve -H 'content-type: application/json' -d '{"userId":"${demoIds.alice}"}'`,
  );
}

/**
 * Reports a service that exits on its own and starts it again, waiting 1 s, 2 s, 4 s … (30 s at
 * most) between tries; a run that lasted a minute resets the wait.
 */
function superviseService(first: StackChild, launch: () => StackChild): void {
  let current = first;
  let startedAt = Date.now();
  let failures = 0;
  const watch = (child: StackChild) => {
    void child.exited.then((code) => {
      if (stopping) return;
      failures = Date.now() - startedAt > 60_000 ? 1 : failures + 1;
      const delayMs = Math.min(30_000, 1000 * 2 ** (failures - 1));
      const how = code === null ? `was killed (${child.process.signalCode})` : `exited with code ${code}`;
      console.error(
        `[launcher] ${child.name} ${how}; restarting in ${delayMs / 1000} s (restart ${failures})`,
      );
      setTimeout(() => {
        if (stopping) return;
        const next = launch();
        children[children.indexOf(current)] = next;
        current = next;
        startedAt = Date.now();
        watch(next);
      }, delayMs).unref();
    });
  };
  watch(first);
}

/** Where the web app finds the services (the dashboard hands these out at GET /config.json). */
function webAppUrls(started: ReadonlyArray<{ name: string; url: string }>): Record<string, string> {
  const urls: Record<string, string> = {};
  const names: Record<string, string> = {
    ticket: 'DASHBOARD_TICKET_API_URL',
    giveaway: 'DASHBOARD_GIVEAWAY_API_URL',
    config: 'DASHBOARD_CONFIG_API_URL',
    'bot-gateway': 'DASHBOARD_BOT_GATEWAY_API_URL',
  };
  for (const s of started) {
    const variable = names[s.name];
    if (variable) urls[variable] = s.url;
    if (s.name === 'realtime-gateway')
      urls.DASHBOARD_REALTIME_URL = `${s.url.replace(/^http/, 'ws')}/v1/stream`;
  }
  return urls;
}

async function waitReady(url: string, child: StackChild): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`${child.name} exited before it was ready (see its log lines above)`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${child.name} was not ready at ${url} within 60 s`);
}

main().catch(async (err: unknown) => {
  console.error(`npm start failed: ${err instanceof Error ? err.message : String(err)}`);
  await stopAll(1);
});
