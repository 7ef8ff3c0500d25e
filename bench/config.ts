// bench:config — how fast a dashboard's settings change is applied, and how fast services read
// settings. Apply latency: from sending the HTTP change (PATCH …/settings/tickets on the config
// service) to the moment the settings clients of three other processes hold the new version (the
// slowest of the three), one change after the other, p50/p99 over BENCH_CHANGES (≥ 500) changes.
// Beside it, in the same run, the usual way: an HTTP route that saves the same row in Postgres and
// then does a Redis PUBLISH to subscribers in three processes (skipped, and said so, when
// redis-server is missing), its changes sent in turn with Guildwire's so that both meet the same
// load on the machine. Then cached reads per second of a settings client. Every server runs in
// its own process, compiled as `npm start` runs it; NATS, Postgres and Redis are started here on
// free ports of 127.0.0.1. Ends with one line `RESULT {json}`.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { DEV_JWT_SECRET, signDevToken } from '@guildwire/service-kit';
import { freePort, spawnTs, type TsProcess, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import { Redis } from 'ioredis';
import { bundleFile, bundleServices } from '../scripts/bundle.js';
import { percentile } from './lib/percentile.js';

const changes = Math.max(500, Number(process.env.BENCH_CHANGES ?? 500));
const warmup = 50;
const readers = 3;
const cachedReads = 2_000_000;
const cachedGuilds = 1000;
const guildId = '1300000000000000100';
const namespace = 'benchconfig';
const now = () => performance.timeOrigin + performance.now();

const nats = await testNats();
const postgres = await testPostgres();
const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;
const children: TsProcess[] = [];
process.on('exit', () => {
  for (const c of children) if (c.child.exitCode === null) c.child.kill('SIGKILL');
});

/** Starts a compiled entry point in its own process; waits for `ready` (a stdout line or /healthz). */
async function start(file: string, env: Record<string, string>, ready: { line: string } | { port: number }) {
  const proc = spawnTs(file, { env });
  children.push(proc);
  if ('line' in ready) {
    await proc.waitForLine(ready.line, 120_000);
  } else {
    let exited = false;
    void proc.exited.then(() => {
      exited = true;
    });
    await waitUntil(
      `${file} ready`,
      async () =>
        (await fetch(`http://127.0.0.1:${ready.port}/readyz`).catch(() => undefined))?.ok ||
        (await fetch(`http://127.0.0.1:${ready.port}/healthz`).catch(() => undefined))?.ok
          ? true
          : undefined,
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        abort: () => (exited ? new Error(`${file} exited: ${proc.stderr().slice(-2000)}`) : undefined),
      },
    );
  }
  return proc;
}

async function stop(proc: TsProcess): Promise<void> {
  proc.child.kill('SIGTERM');
  await Promise.race([proc.exited, sleep(10_000).then(() => proc.kill())]);
}

const compiled = (name: string) =>
  bundleFile(
    fileURLToPath(new URL(`./config/${name}.ts`, import.meta.url)),
    fileURLToPath(new URL(`../dist/bench/config/${name}.mjs`, import.meta.url)),
  );
const subscriberBundle = await compiled('subscriber');

interface Apply {
  /** Change sent → all three readers hold the new version, ms. */
  readonly applied: number[];
  /** Change sent → HTTP answer, ms. */
  readonly answered: number[];
}

/** Where changes go, who must see them, and the version last made. */
interface Target extends Apply {
  readonly url: string;
  readonly headers: (version: number) => Record<string, string>;
  readonly readers: readonly TsProcess[];
  version: number;
}

const target = (url: string, headers: Target['headers'], readerProcs: readonly TsProcess[]): Target => ({
  url,
  headers,
  readers: readerProcs,
  version: 0,
  applied: [],
  answered: [],
});

/**
 * Sends one change to `to` and waits until every reader printed the new version; records the time
 * from the send to the slowest reader's receipt (`measure` false: warm-up, nothing recorded).
 */
async function change(to: Target, measure: boolean): Promise<void> {
  const sent = now();
  const res = await fetch(to.url, {
    method: 'PATCH',
    headers: { 'content-type': 'application/json', ...to.headers(to.version) },
    body: JSON.stringify({ welcomeMessage: `Welcome, change ${to.version + 1}` }),
  });
  const answered = now() - sent;
  if (!res.ok) throw new Error(`change ${to.version + 1}: ${res.status} ${await res.text()}`);
  // The config service answers its SettingsReply, the peer `{ version }`.
  const body = (await res.json()) as { version?: number; settings?: { version: number } };
  to.version = body.settings?.version ?? body.version ?? Number.NaN;
  const lines = await Promise.all(to.readers.map((r) => r.waitForLine(`SEEN ${to.version} `, 30_000)));
  if (!measure) return;
  to.answered.push(answered);
  to.applied.push(Math.max(...lines.map((l) => Number(l.split(' ')[2]))) - sent);
}

const stats = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? Number.NaN };
};

// ---- Guildwire: the config service, three settings clients in three processes
const [configBundle] = await bundleServices(['config']);
const configPort = await freePort();
const config = await start(
  configBundle!,
  {
    PORT: String(configPort),
    HOST: '127.0.0.1',
    NATS_URL: natsUrl,
    NATS_NAMESPACE: namespace,
    DATABASE_URL: postgres.url,
    JWT_SECRET: DEV_JWT_SECRET,
    LOG_LEVEL: 'warn',
    // The load comes from one address; the per-client HTTP rate limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
  },
  { port: configPort },
);
const token = signDevToken(
  { sub: '1300000000000000101', guilds: { [guildId]: 'admin' }, ttlSeconds: 3600 },
  { secret: DEV_JWT_SECRET, issuer: 'guildwire', audience: 'guildwire-dashboard' },
);
const guildwireReaders = await Promise.all(
  Array.from({ length: readers }, () =>
    start(
      subscriberBundle,
      { MODE: 'guildwire', NATS_URL: natsUrl, NATS_NAMESPACE: namespace, GUILD_ID: guildId },
      { line: 'READY' },
    ),
  ),
);
const guildwire = target(
  `http://127.0.0.1:${configPort}/v1/guilds/${guildId}/settings/tickets`,
  (version) => ({ authorization: `Bearer ${token}`, 'if-match': `"${version}"` }),
  guildwireReaders,
);

// ---- the usual way: save the row, Redis PUBLISH, three subscribed processes (same run)
let peer: Target | undefined;
const peerProcs: TsProcess[] = [];
let redisSkipped: string | undefined;
let redisServer: ChildProcess | undefined;
try {
  execFileSync('redis-server', ['--version'], { stdio: 'ignore' });
} catch {
  redisSkipped = 'redis-server is not installed here: the Redis peer is skipped';
}
if (!redisSkipped) {
  const redisPort = await freePort();
  redisServer = spawn(
    'redis-server',
    ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  process.on('exit', () => redisServer?.kill('SIGKILL'));
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const probe = new Redis(redisUrl, { lazyConnect: true, retryStrategy: () => 50 });
  // Refused until redis-server listens: the wait below retries.
  probe.on('error', () => undefined);
  await waitUntil(
    'redis-server answers',
    async () => ((await probe.ping().catch(() => '')) === 'PONG' ? true : undefined),
    {
      timeoutMs: 30_000,
    },
  );
  probe.disconnect();
  const peerPort = await freePort();
  const peerServer = await start(
    await compiled('redis-peer-server'),
    { PORT: String(peerPort), DATABASE_URL: postgres.url, REDIS_URL: redisUrl },
    { port: peerPort },
  );
  const redisReaders = await Promise.all(
    Array.from({ length: readers }, () =>
      start(subscriberBundle, { MODE: 'redis', REDIS_URL: redisUrl, GUILD_ID: guildId }, { line: 'READY' }),
    ),
  );
  peer = target(
    `http://127.0.0.1:${peerPort}/v1/guilds/${guildId}/settings/tickets`,
    () => ({}),
    redisReaders,
  );
  peerProcs.push(peerServer, ...redisReaders);
}

// ---- the changes, Guildwire's and the peer's in turn, so that both meet the same machine noise
for (let i = 0; i < warmup + changes; i++) {
  await change(guildwire, i >= warmup);
  if (peer) await change(peer, i >= warmup);
}
await Promise.all([...guildwireReaders, ...peerProcs].map(stop));
redisServer?.kill('SIGTERM');

// ---- cached reads: a settings client in a compiled process holding 1000 guilds' settings
const readsProc = await start(
  await compiled('cached-reads'),
  {
    NATS_URL: natsUrl,
    NATS_NAMESPACE: namespace,
    GUILDS: String(cachedGuilds),
    READS: String(cachedReads),
  },
  { line: 'READS ' },
);
const reads = JSON.parse(
  readsProc
    .stdoutLines()
    .find((l) => l.startsWith('READS '))!
    .slice(6),
) as {
  get: number;
  peek: number;
  forGuild: number;
  fetched: number;
};
await readsProc.exited;

await stop(config);

await nats.stop();
await postgres.stop();

const gw = stats(guildwire.applied);
const gwAnswer = stats(guildwire.answered);
const rd = peer ? stats(peer.applied) : undefined;
const rdAnswer = peer ? stats(peer.answered) : undefined;
const count = (n: number) => Math.round(n).toLocaleString('en');
const f = (n: number | undefined, d = 2) => (n === undefined ? '—' : n.toFixed(d)).padStart(10);
console.log(
  `bench:config — ${changes} changes one after the other (after ${warmup} warm-up), each until ${readers} reader processes hold it`,
);
console.log(
  `${'apply path'.padEnd(58)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'max ms'.padStart(10)}`,
);
console.log(
  `${'Guildwire: HTTP change → 3 settings clients hold it'.padEnd(58)}${f(gw.p50)}${f(gw.p99)}${f(gw.max)}`,
);
console.log(
  `${'  (HTTP answer of the change)'.padEnd(58)}${f(gwAnswer.p50)}${f(gwAnswer.p99)}${f(gwAnswer.max)}`,
);
if (rd && rdAnswer) {
  console.log(
    `${'Redis peer: save row + PUBLISH → 3 subscribers hold it'.padEnd(58)}${f(rd.p50)}${f(rd.p99)}${f(rd.max)}`,
  );
  console.log(
    `${'  (HTTP answer of the change)'.padEnd(58)}${f(rdAnswer.p50)}${f(rdAnswer.p99)}${f(rdAnswer.max)}`,
  );
} else {
  console.log(`Redis peer: ${redisSkipped}`);
}
const ratio = rd ? gw.p99 / rd.p99 : undefined;
console.log(
  `ratio_vs_redis (Guildwire apply p99 ÷ peer p99): ${ratio === undefined ? '—' : ratio.toFixed(2)}   targets: p99 ≤ 25 ms, ratio ≤ 3`,
);
console.log(
  `cached reads per s (${reads.fetched} guilds cached from the service; target ≥ 1M/s): await client.get ${count(reads.get)}, client.peek ${count(reads.peek)}, await client.forGuild(id).tickets ${count(reads.forGuild)}`,
);
console.log(
  "Guildwire's change is durable, versioned and audited (history row, outbox, JetStream); the peer's is fire-and-forget",
);
const round = (n: number | undefined) => (n === undefined ? null : Number(n.toFixed(3)));
const result = {
  apply_p50_ms: round(gw.p50),
  apply_p99_ms: round(gw.p99),
  apply_max_ms: round(gw.max),
  http_answer_p99_ms: round(gwAnswer.p99),
  redis_p50_ms: round(rd?.p50),
  redis_p99_ms: round(rd?.p99),
  ratio_vs_redis: ratio === undefined ? null : Number(ratio.toFixed(3)),
  cached_reads_per_s: Math.round(reads.get),
  peek_reads_per_s: Math.round(reads.peek),
  for_guild_reads_per_s: Math.round(reads.forGuild),
  changes,
  readers,
  ...(redisSkipped ? { redis_skipped: redisSkipped } : {}),
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
