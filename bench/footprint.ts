// bench:footprint — memory (RSS) and CPU of every service, idle and under load: the figures the
// resource requests and limits of deploy/k8s are sized from (docs/operations.md, Resources).
//
// Every service runs compiled (scripts/bundle.ts), one process each, as the image runs them, with
// `node` itself (no tsx loader, which would add its own memory). NATS and Postgres come from testkit,
// Discord is the fake one (in this process, with a few guilds). Phases:
//   idle  the stack started and settled: RSS at the end, CPU over the window;
//   load  ticket opens over HTTP at BENCH_RATE/s spread over the guilds (each one: the ticket
//         service's commit and outbox, the bot gateway's thread in Discord, the realtime gateway's
//         fan-out to BENCH_CLIENTS dashboards, the config service's settings answers), giveaway
//         entries at BENCH_RATE/4 per second, and the dashboard's JWKS read at 50/s;
//         peak RSS sampled every 500 ms, CPU over the window.
//   BENCH_RATE=100 BENCH_CLIENTS=200 BENCH_IDLE_MS=15000 BENCH_LOAD_MS=30000 npm run bench:footprint
// Loopback only. Ends with one line `RESULT {json}` (MiB and millicores per service and phase).
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { ticketEvents } from '@guildwire/contracts';
import { startFakeDiscord } from '@guildwire/fake-discord';
import {
  createRealtimeClient,
  type RealtimeClient,
  type WebSocketConstructor,
} from '@guildwire/realtime-client';
import { exportSigningKey, generateSigningKey, signDevToken } from '@guildwire/service-kit';
import { freePort, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import WebSocket from 'ws';
import { bundleServices } from '../scripts/bundle.js';
import { seedBenchGuilds } from './e2e/guilds.js';
import { openLoop } from './lib/open-loop.js';
import { pidCpuSeconds } from './lib/process-cpu.js';

const rate = Number(process.env.BENCH_RATE ?? 100);
const clientCount = Number(process.env.BENCH_CLIENTS ?? 200);
const idleMs = Number(process.env.BENCH_IDLE_MS ?? 15_000);
const loadMs = Number(process.env.BENCH_LOAD_MS ?? 30_000);
const jwtSecret = 'bench-footprint-secret-that-is-long-enough!!';
const services = ['config', 'ticket', 'giveaway', 'realtime-gateway', 'bot-gateway', 'dashboard'] as const;
type Service = (typeof services)[number];
const withDatabase = new Set<Service>(['config', 'ticket', 'giveaway', 'dashboard']);

// ---- the stack
const nats = await testNats();
const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;
const discord = await startFakeDiscord({ rateLimitPerWindow: 10_000 });
const guilds = seedBenchGuilds(discord.control, 10, 20);
const bundles = await bundleServices([...services]);
const children = new Map<Service, { child: ChildProcess; url: string }>();
// A failed run must not leave services behind (they are not detached, but outlive this process).
process.on('exit', () => {
  for (const { child } of children.values()) child.kill('SIGKILL');
});
const stopAll = async () => {
  for (const { child } of children.values()) child.kill('SIGKILL');
  await discord.close();
  await nats.stop();
};

for (const [i, name] of services.entries()) {
  const port = await freePort();
  const db = withDatabase.has(name) ? await testPostgres() : undefined;
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'warn',
    NATS_URL: natsUrl,
    NATS_NAMESPACE: nats.namespace,
    // The load comes from one address; a per-client HTTP rate limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
    ...(db ? { DATABASE_URL: db.url } : {}),
    ...(name === 'dashboard'
      ? {
          DISCORD_CLIENT_ID: discord.applicationId,
          DISCORD_CLIENT_SECRET: discord.control.oauth.clientSecret,
          DISCORD_OAUTH_URL: discord.url,
          DISCORD_API_URL: discord.apiUrl,
          DASHBOARD_SIGNING_KEY: JSON.stringify(exportSigningKey(generateSigningKey())),
          DASHBOARD_SESSION_SECRET: 'bench-footprint-session-secret-long-enough',
        }
      : { JWT_SECRET: jwtSecret }),
    ...(name === 'bot-gateway' ? { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl } : {}),
  };
  const child = spawn(process.execPath, ['--enable-source-maps', bundles[i]!], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const url = `http://127.0.0.1:${port}`;
  children.set(name, { child, url });
  await waitUntil(
    `${name} ready`,
    async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined),
    {
      timeoutMs: 120_000,
      intervalMs: 100,
      abort: () => (child.exitCode === null ? undefined : new Error(`${name} exited: ${stderr}`)),
    },
  );
}
const urlOf = (name: Service) => children.get(name)!.url;
const token = (sub: string, guilds: Record<string, 'admin' | 'staff' | 'member'>) =>
  signDevToken(
    { sub, guilds, ttlSeconds: 3600 },
    { secret: jwtSecret, issuer: 'guildwire', audience: 'guildwire-dashboard' },
  );

// Members may hold many open tickets (every open is a new ticket), staff support them.
for (const guild of guilds) {
  const res = await fetch(`${urlOf('config')}/v1/guilds/${guild.id}/settings/tickets`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token(guild.ownerId, { [guild.id]: 'admin' })}`,
      'content-type': 'application/json',
      'if-match': '"0"',
    },
    body: JSON.stringify({ supportRoleIds: [guild.staffRoleId], openLimitPerUser: 1000 }),
  });
  if (!res.ok) throw new Error(`config PATCH answered ${res.status}: ${await res.text()}`);
}

// ---- measuring
interface Sample {
  rssMiB: number;
  cpuMillicores: number;
}
function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}
/** Runs `work` while sampling every service: peak RSS, and CPU over the window. */
async function measure(work: () => Promise<void>): Promise<Record<Service, Sample>> {
  const cpuBefore = new Map([...children].map(([n, c]) => [n, pidCpuSeconds(c.child.pid!)]));
  const peak = new Map<Service, number>([...children.keys()].map((n) => [n, 0]));
  const started = Date.now();
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      for (const [n, c] of children) peak.set(n, Math.max(peak.get(n)!, rssMiB(c.child.pid!)));
      await sleep(500);
    }
  })();
  await work();
  sampling = false;
  await sampler;
  const seconds = (Date.now() - started) / 1000;
  const out = {} as Record<Service, Sample>;
  for (const [n, c] of children) {
    const cpu = pidCpuSeconds(c.child.pid!) - cpuBefore.get(n)!;
    out[n] = { rssMiB: Math.round(peak.get(n)!), cpuMillicores: Math.round((cpu / seconds) * 1000) };
  }
  return out;
}

await sleep(3000); // settle after start (JIT, first settings fetches)
const idle = await measure(() => sleep(idleMs));

// ---- load
const dashboards: RealtimeClient[] = Array.from({ length: clientCount }, (_, k) => {
  const guild = guilds[k % guilds.length]!;
  const client = createRealtimeClient({
    url: `${urlOf('realtime-gateway').replace(/^http/, 'ws')}/v1/stream`,
    getToken: () => token(guild.staffUserId, { [guild.id]: 'staff' }),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  client.subscribe(guild.id);
  return client;
});
let received = 0;
for (const d of dashboards)
  d.on(ticketEvents.opened, () => {
    received++;
  });
await waitUntil(
  'dashboards live',
  async () => (dashboards.every((d) => d.status === 'live') ? true : undefined),
  {
    timeoutMs: 60_000,
  },
);

// A running giveaway per guild, which members enter.
const giveaways = await Promise.all(
  guilds.map(async (guild) => {
    const res = await fetch(`${urlOf('giveaway')}/v1/guilds/${guild.id}/giveaways`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token(guild.ownerId, { [guild.id]: 'admin' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        prize: 'Nitro',
        winnerCount: 1,
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
      }),
    });
    if (!res.ok) throw new Error(`giveaway create answered ${res.status}: ${await res.text()}`);
    return { guild, id: ((await res.json()) as { id: string }).id };
  }),
);

const outcomes = { ticketOk: 0, ticketFailed: 0, entryOk: 0, entryFailed: 0, jwksOk: 0 };
const openTicket = (k: number) => {
  const guild = guilds[k % guilds.length]!;
  const member = guild.memberIds[k % guild.memberIds.length]!;
  void fetch(`${urlOf('ticket')}/v1/guilds/${guild.id}/tickets`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token(member, { [guild.id]: 'member' })}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ subject: 'printer on fire', description: 'x'.repeat(200) }),
  }).then(
    (r) => (r.ok ? outcomes.ticketOk++ : outcomes.ticketFailed++),
    () => outcomes.ticketFailed++,
  );
};
const enter = (k: number) => {
  const { guild, id } = giveaways[k % giveaways.length]!;
  const member = guild.memberIds[Math.floor(k / giveaways.length) % guild.memberIds.length]!;
  void fetch(`${urlOf('giveaway')}/v1/guilds/${guild.id}/giveaways/${id}/entry`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token(member, { [guild.id]: 'member' })}` },
  }).then(
    (r) => (r.status < 500 ? outcomes.entryOk++ : outcomes.entryFailed++),
    () => outcomes.entryFailed++,
  );
};
const readJwks = () =>
  void fetch(`${urlOf('dashboard')}/.well-known/jwks.json`).then((r) => {
    if (r.ok) outcomes.jwksOk++;
    return r.arrayBuffer();
  });
const load = await measure(async () => {
  await Promise.all([
    openLoop(rate, loadMs, openTicket),
    openLoop(Math.max(1, rate / 4), loadMs, enter),
    openLoop(50, loadMs, readJwks),
  ]);
});

for (const d of dashboards) d.close();
await stopAll();

console.log(`footprint: ${services.length} services, load ${rate} ticket opens/s, ${clientCount} dashboards`);
console.log('service            idle RSS  idle CPU   load peak RSS  load CPU');
for (const name of services)
  console.log(
    `${name.padEnd(18)} ${`${idle[name].rssMiB} MiB`.padStart(8)}  ${`${idle[name].cpuMillicores} m`.padStart(8)}   ${`${load[name].rssMiB} MiB`.padStart(13)}  ${`${load[name].cpuMillicores} m`.padStart(8)}`,
  );
console.log(
  `tickets ok ${outcomes.ticketOk} failed ${outcomes.ticketFailed}; entries answered ${outcomes.entryOk} failed ${outcomes.entryFailed}; dashboard events received ${received}`,
);
console.log(
  `RESULT ${JSON.stringify({ rate, clients: clientCount, idleMs, loadMs, idle, load, ...outcomes, received })}`,
);
process.exit(0);
