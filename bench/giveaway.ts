// bench:giveaway — in one run, on one NATS and one Postgres started here (testkit, 127.0.0.1 only):
// 1. entries/s and p50/p99 through cmd.giveaway.enter at a fixed concurrency (the service in its
//    own process, as deployed) next to a bare ceiling: a NATS responder doing one INSERT … ON
//    CONFLICT and one awaited JetStream publish;
// 2. the draw over 1M entries (digest + keys + selection, in this process);
// 3. the end lateness of 1,000 giveaways all due within the same second with 3 scheduler replicas,
//    and how many ended twice or never, next to a peer loop that polls every 1 s as GiveawayBot does
//    (its own table in the same database, the same ends, at the same time).
// Ends with one line `RESULT {json}`.
import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connectBus, readOrdered, requestCommand } from '@guildwire/bus';
import { ActorKind, giveawayCommands, giveawayEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { freePort, spawnTs, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import { pino } from 'pino';
import { bundleFile, bundleServices } from '../scripts/bundle.js';
import { loadGiveawayConfig } from '../services/giveaway/src/config.js';
import { type DrawEntry, rankEntries } from '../services/giveaway/src/domain/draw.js';
import { percentile } from './lib/percentile.js';

const concurrency = 10;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
const warmupMs = 1000;
const endCount = 1000;
const logger = pino({ level: 'warn' });
const namespace = 'giveaway';

const nats = await testNats();
const postgres = await testPostgres();
const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;
const jwtSecret = 'bench-secret-that-is-long-enough-for-hs256!';
const baseEnv = {
  NATS_URL: natsUrl,
  NATS_NAMESPACE: namespace,
  DATABASE_URL: postgres.url,
  JWT_SECRET: jwtSecret,
  LOG_LEVEL: 'warn',
  DB_POOL_SIZE: '10',
  RATE_LIMIT_PER_MINUTE: '0',
};

interface Proc {
  url: string;
  stop(): Promise<void>;
}

async function startService(file: string, env: Record<string, string>): Promise<Proc> {
  const port = await freePort();
  const proc = spawnTs(file, { env: { ...baseEnv, ...env, PORT: String(port), HOST: '127.0.0.1' } });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  await waitUntil(
    `${file} ready`,
    async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined),
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      abort: () => (exited ? new Error(`${file} exited: ${proc.stderr().slice(-2000)}`) : undefined),
    },
  );
  return {
    url,
    async stop() {
      proc.child.kill('SIGTERM');
      await Promise.race([proc.exited, sleep(10_000).then(() => proc.kill())]);
    },
  };
}

interface Figures {
  count: number;
  perS: number;
  p50: number;
  p99: number;
  errors: number;
}

/** `concurrency` loops sending `request(i)` for `ms`; latencies of the successful ones. */
async function load(ms: number, request: (i: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  const deadline = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        try {
          await request(i++);
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    perS: latencies.length / (ms / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

const config = loadGiveawayConfig({ ...baseEnv, PORT: '0' });
const tokenFor = (guilds: string[]) =>
  `Bearer ${signDevToken({ sub: '42', guilds: Object.fromEntries(guilds.map((g) => [g, 'admin'])), ttlSeconds: 3600 }, authOptionsFromConfig(config))}`;
const bench = await connectBus({ servers: natsUrl, name: 'bench-bot', namespace, logger });

// ---- 1. entries: the ceiling, then the service
const ceilingEntry = await bundleFile(
  fileURLToPath(new URL('./lib/enter-ceiling-server.ts', import.meta.url)),
  fileURLToPath(new URL('../dist/bench/enter-ceiling-server.mjs', import.meta.url)),
);
const ceilingSubject = 'bench.ceiling.enter';
const ceilingProc = spawnTs(ceilingEntry, {
  env: { NATS_URL: natsUrl, DATABASE_URL: postgres.url, SUBJECT: ceilingSubject },
});
await ceilingProc.waitForLine('ready', 60_000);
const encoder = new TextEncoder();
let ceilingUser = 10_000_000;
const ceilingEnter = () =>
  bench.nc.request(ceilingSubject, encoder.encode(`4242:${ceilingUser++}`), { timeout: 5000 });
await load(warmupMs, ceilingEnter);
const ceiling = await load(durationMs, ceilingEnter);
ceilingProc.child.kill('SIGTERM');
await ceilingProc.exited;

const [giveawayBundle] = await bundleServices(['giveaway']);
const replicas = [await startService(giveawayBundle!, {})];
const enterGuild = '4242';
const created = await fetch(`${replicas[0]!.url}/v1/guilds/${enterGuild}/giveaways`, {
  method: 'POST',
  headers: { authorization: tokenFor([enterGuild]), 'content-type': 'application/json' },
  body: JSON.stringify({
    prize: 'bench',
    winnerCount: 20,
    endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  }),
});
if (created.status !== 201) throw new Error(`create failed: ${created.status} ${await created.text()}`);
const enterGiveaway = ((await created.json()) as { giveaway: { id: string } }).giveaway.id;
let user = 20_000_000;
const enter = () =>
  requestCommand(bench, giveawayCommands.enter, {
    guildId: enterGuild,
    actor: { kind: ActorKind.DISCORD_USER, id: String(user++) },
    giveawayId: enterGiveaway,
    member: { roleIds: ['7'] },
  });
await load(warmupMs, enter);
const entries = await load(durationMs, enter);

// ---- 2. the draw over 1M entries (in draw order, as the database returns them)
const million: DrawEntry[] = Array.from({ length: 1_000_000 }, (_, i) => ({
  userId: String(100_000_000_000_000_000n + BigInt(i) * 7919n),
  weight: 1 + (i % 4),
}));
const seed = createHash('sha256').update('bench').digest('hex');
rankEntries({ giveawayId: 'warm', seed, entries: million.slice(0, 10_000) }, 20);
const drawTimes: number[] = [];
for (let run = 0; run < 3; run++) {
  const t0 = performance.now();
  rankEntries({ giveawayId: `bench-${run}`, seed, entries: million }, 20);
  drawTimes.push(performance.now() - t0);
}
drawTimes.sort((a, b) => a - b);
const draw1mMs = drawTimes[1]!;

// ---- 3. ends: 1,000 giveaways due within one second, 3 scheduler replicas, and a 1 s poller
replicas.push(await startService(giveawayBundle!, {}), await startService(giveawayBundle!, {}));
const db = createDb<Record<string, never>>({ url: postgres.url, poolSize: 5 });
const endGuilds = Array.from({ length: 50 }, (_, i) => String(6_000_000 + i));
const auth = tokenFor(endGuilds);
const dueFrom = Date.now() + 30_000;
const endsAt = (i: number) => new Date(dueFrom + Math.floor((i * 1000) / endCount));
const endIds: string[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < endCount) {
      const i = next++;
      const guild = endGuilds[i % endGuilds.length]!;
      const res = await fetch(`${replicas[i % 3]!.url}/v1/guilds/${guild}/giveaways`, {
        method: 'POST',
        headers: { authorization: auth, 'content-type': 'application/json' },
        body: JSON.stringify({ prize: `p${i}`, winnerCount: 3, endsAt: endsAt(i).toISOString() }),
      });
      if (res.status !== 201) throw new Error(`create ${i}: ${res.status} ${await res.text()}`);
      endIds.push(((await res.json()) as { giveaway: { id: string } }).giveaway.id);
    }
  }),
);
// Ten entrants each (inserted directly: the entry path was measured above), so every end draws.
await sql`insert into giveaway.entries (giveaway_id, user_id, weight, entered_at)
  select g.id, 30000000 + n, 1 + n % 3, now() from giveaway.giveaways g, generate_series(1, 10) n
  where g.id = any(${endIds}::uuid[])`.execute(db);
// The peer: GiveawayBot's loop, one process polling every second for due giveaways (same ends).
await sql`create schema if not exists bench_peer`.execute(db);
await sql`create table bench_peer.giveaways (id int primary key, ends_at timestamptz(3) not null,
  ended_at timestamptz(3), ends int not null default 0)`.execute(db);
await sql`insert into bench_peer.giveaways (id, ends_at)
  select i, to_timestamp(${dueFrom / 1000}::float8 + floor(i * 1000.0 / ${endCount}) / 1000.0) from generate_series(0, ${endCount - 1}) i`.execute(
  db,
);
const setupLeftMs = dueFrom - Date.now();
const peer = setInterval(() => {
  void sql`update bench_peer.giveaways set ended_at = clock_timestamp(), ends = ends + 1
    where ended_at is null and ends_at <= clock_timestamp()`.execute(db);
}, 1000);
const endedEvents = new Map<string, number[]>();
const reader = await readOrdered(bench, {
  filter: 'guild.*.giveaway.ended',
  startSeq: 1,
  onEvent: (e) => {
    if (e.def !== giveawayEvents.ended) return;
    const id = (e.message as { giveaway?: { id: string } }).giveaway?.id ?? '';
    const list = endedEvents.get(id) ?? [];
    list.push(e.timestampMs);
    endedEvents.set(id, list);
  },
});
// When each end became visible (committed): polled every 10 ms through the burst, so the figure is
// the end itself, not the event pipeline after it (measured separately from JetStream).
const visibleAt = new Map<string, number>();
const deadline = dueFrom + 1000 + 30_000;
while (Date.now() < deadline) {
  const polled = Date.now();
  // Only the burst's giveaways and the entry bench's (running) one are in the table.
  const ended = await sql<{ id: string }>`select id from giveaway.giveaways where status = 'ended'`.execute(
    db,
  );
  for (const r of ended.rows) if (!visibleAt.has(r.id)) visibleAt.set(r.id, polled);
  const done = endIds.every((id) => endedEvents.has(id)) && visibleAt.size === endIds.length;
  const peerLeft = await sql<{
    n: string;
  }>`select count(*) as n from bench_peer.giveaways where ended_at is null`.execute(db);
  if (done && peerLeft.rows[0]?.n === '0') break;
  await sleep(Date.now() < dueFrom + 5000 ? 10 : 200);
}
clearInterval(peer);
await sleep(1500); // a late duplicate would arrive now
await reader.stop();

const ours = await sql<{ id: string; late: number; ends: string }>`
  select g.id, extract(epoch from (g.ended_at - g.ends_at)) * 1000 as late,
    (select count(*) from giveaway.giveaway_history h where h.giveaway_id = g.id and h.action = 'ended') as ends
  from giveaway.giveaways g where g.id = any(${endIds}::uuid[])`.execute(db);
const dueAt = new Map(ours.rows.map((r) => [r.id, r]));
const endsAtOf = new Map<string, number>();
const dueRows = await sql<{
  id: string;
  ends_at: Date;
}>`select id, ends_at from giveaway.giveaways where id = any(${endIds}::uuid[])`.execute(db);
for (const r of dueRows.rows) endsAtOf.set(r.id, r.ends_at.getTime());
const dbLate = ours.rows
  .filter((r) => r.late !== null)
  .map((r) => Number(r.late))
  .sort((a, b) => a - b);
// The poll's start time: within one poll (10 ms + a query) of the commit.
const visibleLate = endIds
  .filter((id) => visibleAt.has(id))
  .map((id) => Math.max(0, visibleAt.get(id)! - endsAtOf.get(id)!))
  .sort((a, b) => a - b);
const streamLate = endIds
  .filter((id) => endedEvents.has(id))
  .map((id) => Math.max(0, endedEvents.get(id)![0]! - endsAtOf.get(id)!))
  .sort((a, b) => a - b);
const doubleEnds =
  endIds.filter((id) => (endedEvents.get(id)?.length ?? 0) > 1).length +
  ours.rows.filter((r) => Number(r.ends) > 1).length;
const missedEnds = endIds.filter(
  (id) => !endedEvents.has(id) || Number(dueAt.get(id)?.ends ?? 0) === 0,
).length;
const peerRows = await sql<{ late: number | null; ends: number }>`
  select extract(epoch from (ended_at - ends_at)) * 1000 as late, ends from bench_peer.giveaways`.execute(db);
const peerLate = peerRows.rows
  .filter((r) => r.late !== null)
  .map((r) => Number(r.late))
  .sort((a, b) => a - b);
const peerMissed = peerRows.rows.filter((r) => r.late === null).length;

for (const r of replicas) await r.stop();
await bench.close();
await db.destroy();
await nats.stop();
await postgres.stop();

// ---- report
const f = (n: number, d = 1) => n.toFixed(d).padStart(10);
const ratio = entries.perS / ceiling.perS;
console.log(`bench:giveaway — concurrency ${concurrency}, ${durationMs} ms per entry run`);
console.log(
  `${'entries (NATS request/reply)'.padEnd(46)}${'ok'.padStart(8)}${'per s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}`,
);
for (const [label, r] of [
  ['ceiling: INSERT … ON CONFLICT + publish', ceiling],
  ['giveaway cmd.giveaway.enter', entries],
] as const)
  console.log(
    `${label.padEnd(46)}${String(r.count).padStart(8)}${f(r.perS, 0)}${f(r.p50, 2)}${f(r.p99, 2)}${String(r.errors).padStart(8)}`,
  );
console.log(`ratio to ceiling: ${ratio.toFixed(2)} (target ≥ 0.5)`);
console.log(`draw over 1M entries: ${draw1mMs.toFixed(0)} ms (median of 3; target ≤ 1000)`);
console.log(
  `ends: ${endCount} giveaways due within one second, 3 replicas (set-up left ${setupLeftMs} ms before the first end)`,
);
const line = (label: string, sorted: number[]) =>
  console.log(
    `  ${label.padEnd(44)} p50 ${f(percentile(sorted, 50))} p99 ${f(percentile(sorted, 99))} max ${f(sorted.at(-1) ?? Number.NaN)} ms`,
  );
line('ours, end decided (ended_at) late by', dbLate);
line('ours, end committed (visible) late by', visibleLate);
line('ours, giveaway.ended in JetStream late by', streamLate);
line('peer: 1 s poller, ended late by', peerLate);
console.log(`  ours: ${doubleEnds} ended twice, ${missedEnds} never; peer: ${peerMissed} never`);
console.log('targets: end lateness p99 ≤ 250 ms (a quarter of a 1 s poller), 0 double and 0 missed ends');
const result = {
  enter_per_s: Math.round(entries.perS),
  enter_ceiling_per_s: Math.round(ceiling.perS),
  enter_ratio: Number(ratio.toFixed(3)),
  enter_p50_ms: Number(entries.p50.toFixed(2)),
  enter_p99_ms: Number(entries.p99.toFixed(2)),
  enter_ceiling_p99_ms: Number(ceiling.p99.toFixed(2)),
  enter_errors: entries.errors,
  draw_1m_ms: Math.round(draw1mMs),
  end_late_p50_ms: Math.round(percentile(visibleLate, 50)),
  end_late_p99_ms: Math.round(percentile(visibleLate, 99)),
  end_late_max_ms: Math.round(visibleLate.at(-1) ?? Number.NaN),
  end_event_late_p50_ms: Math.round(percentile(streamLate, 50)),
  end_event_late_p99_ms: Math.round(percentile(streamLate, 99)),
  end_event_late_max_ms: Math.round(streamLate.at(-1) ?? Number.NaN),
  end_decided_late_p99_ms: Math.round(percentile(dbLate, 99)),
  double_ends: doubleEnds,
  missed_ends: missedEnds,
  peer_late_p50_ms: Math.round(percentile(peerLate, 50)),
  peer_late_p99_ms: Math.round(percentile(peerLate, 99)),
  peer_late_max_ms: Math.round(peerLate.at(-1) ?? Number.NaN),
  concurrency,
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
