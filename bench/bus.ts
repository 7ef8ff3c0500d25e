// bench:bus — events/s and commit→JetStream-ack latency through the transactional outbox, next to
// the naive way (commit, then publish and await the ack: loses the event if the process dies between).
// Same database, same NATS, same concurrency, same event. Ends with one line `RESULT {json}`.
//
// The one-statement change goes through the outbox twice: with outbox.commit (the insert and its
// event as one statement: one round trip, like the naive insert; this is `ratio`) and with
// outbox.transaction (BEGIN, the insert, the event rows, COMMIT; `ratio_callback`). The
// two-statement transaction uses outbox.transaction (`ratio_txn`).

import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus, createOutbox, type EmitEvent, ensureStream, publishEvent } from '@guildwire/bus';
import { createOutboxTable } from '@guildwire/bus/testing';
import {
  createEventMeta,
  createMessage,
  discordActor,
  TicketOpenedSchema,
  ticketEvents,
} from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { testNats, testPostgres } from '@guildwire/testkit';
import { type Kysely, sql } from 'kysely';
import { pino } from 'pino';
import { percentile } from './lib/percentile.js';
import { stackCpuSeconds } from './lib/process-cpu.js';

const concurrency = Number(process.env.BENCH_CONCURRENCY ?? 10);
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
const guilds = 100;
const logger = pino({ level: 'warn' });

const nats = process.env.NATS_URL ? undefined : await testNats();
const postgres = process.env.DATABASE_URL ? undefined : await testPostgres();
const bus = await connectBus({
  servers: process.env.NATS_URL ?? nats!.url,
  name: 'bench-bus',
  namespace: nats?.namespace ?? `bench${process.pid}`,
  logger,
});
await ensureStream(bus);
const dbUrl = process.env.DATABASE_URL ?? postgres!.url;
const admin = createDb<any>({ url: dbUrl, poolSize: 1 });
await sql`drop schema if exists bench_bus cascade`.execute(admin);
await sql`create schema bench_bus`.execute(admin);
await admin.destroy();
// Exactly as a service gets its database: its own schema on the search path.
const db = createDb<any>({ url: dbUrl, schema: 'bench_bus', poolSize: concurrency + 4 });
await createOutboxTable(db);
await db.schema
  .createTable('audit')
  .addColumn('id', 'uuid', (c) => c.primaryKey())
  .addColumn('guild_id', 'text')
  .execute();
await db.schema
  .createTable('items')
  .addColumn('id', 'uuid', (c) => c.primaryKey())
  .addColumn('guild_id', 'text')
  .addColumn('body', 'text')
  .execute();

function event(i: number) {
  const guildId = String(1000 + (i % guilds));
  return createMessage(TicketOpenedSchema, {
    meta: createEventMeta({ guildId, actor: discordActor('42'), aggregateVersion: 1 }),
    ticket: {
      id: `t${i}`,
      guildId,
      number: i,
      subject: 'printer on fire',
      description: 'x'.repeat(200),
      openerId: '42',
    },
  });
}

interface RunResult {
  label: string;
  events: number;
  /** CPU µs per event: this process, all postgres processes, all nats-server processes. */
  cpu: { node: number; postgres: number; nats: number };
  eps: number;
  p50: number;
  p99: number;
  max: number;
}

function cpuNow() {
  const { self, postgres, nats } = stackCpuSeconds();
  return { node: self, postgres, nats };
}

/** Runs `concurrency` workers for durationMs; each iteration commits one change and its event. */
async function run(
  label: string,
  work: (i: number) => Promise<void>,
  settled: () => Promise<void>,
  latencies: number[],
): Promise<RunResult> {
  let i = 0;
  const cpu0 = cpuNow();
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) await work(i++);
    }),
  );
  await settled();
  const elapsed = performance.now() - start;
  const cpu1 = cpuNow();
  const perEvent = (a: number, b: number) => ((b - a) / i) * 1e6;
  latencies.sort((a, b) => a - b);
  return {
    label,
    events: i,
    cpu: {
      node: perEvent(cpu0.node, cpu1.node),
      postgres: perEvent(cpu0.postgres, cpu1.postgres),
      nats: perEvent(cpu0.nats, cpu1.nats),
    },
    eps: (i / elapsed) * 1000,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    max: latencies.at(-1) ?? Number.NaN,
  };
}

// Warm-up both paths briefly so JIT and pools do not favour the second run.
// The relay reports how many events each pass got acked, in outbox id order, which is the order the
// writers committed them in up to commits that raced each other (microseconds apart): the n-th acked
// event is matched with the n-th commit.
const commitTimes: number[] = [];
let nextCommit = 0;
// Acked before the writer's own continuation ran (the relay is kicked inside the commit call): the
// writer then records a latency of 0 instead of waiting for an ack that already came.
let ackedEarly = 0;
let batches = 0;
const outboxLatencies: number[] = [];
const outbox = createOutbox(db, bus, logger, {
  onPublished({ count }) {
    batches++;
    const now = performance.now();
    for (let k = 0; k < count; k++) {
      const t0 = commitTimes[nextCommit];
      if (t0 !== undefined) {
        outboxLatencies.push(now - t0);
        nextCommit++;
      } else ackedEarly++;
    }
  },
});
outbox.relay.start();

const unacked = () => commitTimes.length - nextCommit;

function committed() {
  if (ackedEarly > 0) {
    ackedEarly--;
    outboxLatencies.push(0);
  } else commitTimes.push(performance.now());
}

async function viaOutbox(i: number) {
  const ev = event(i);
  await outbox.transaction(async (trx, emit: EmitEvent) => {
    await trx
      .insertInto('items')
      .values({ id: crypto.randomUUID(), guild_id: ev.meta!.guildId, body: 'x' })
      .execute();
    emit(ticketEvents.opened, ev);
  });
  committed();
}

// The same change through outbox.commit: the insert and the event known up front, so the insert
// and the outbox row are one statement — one round trip, as the naive insert.
async function viaOutboxCommit(i: number) {
  const ev = event(i);
  await outbox.commit(
    db
      .insertInto('items')
      .values({ id: crypto.randomUUID(), guild_id: ev.meta!.guildId, body: 'x' })
      .returning('id'),
    (emit) => emit(ticketEvents.opened, ev),
  );
  committed();
}

const rawLatencies: number[] = [];
async function naive(i: number) {
  const ev = event(i);
  await db
    .insertInto('items')
    .values({ id: crypto.randomUUID(), guild_id: ev.meta!.guildId, body: 'x' })
    .execute();
  const t0 = performance.now();
  await publishEvent(bus, ticketEvents.opened, ev);
  rawLatencies.push(performance.now() - t0);
}

// The same comparison for a typical service write: two statements in one transaction (here an audit
// row and the item), as every ticket change is. The naive side then pays BEGIN/COMMIT as well.
async function change(trx: Kysely<any>, guildId: string) {
  await trx.insertInto('audit').values({ id: crypto.randomUUID(), guild_id: guildId }).execute();
  await trx.insertInto('items').values({ id: crypto.randomUUID(), guild_id: guildId, body: 'x' }).execute();
}

async function viaOutboxTxn(i: number) {
  const ev = event(i);
  await outbox.transaction(async (trx, emit: EmitEvent) => {
    await change(trx as unknown as Kysely<any>, ev.meta!.guildId);
    emit(ticketEvents.opened, ev);
  });
  committed();
}

async function naiveTxn(i: number) {
  const ev = event(i);
  await db.transaction().execute((trx) => change(trx, ev.meta!.guildId));
  const t0 = performance.now();
  await publishEvent(bus, ticketEvents.opened, ev);
  rawLatencies.push(performance.now() - t0);
}

async function outboxSettled() {
  while (unacked() > 0) {
    await outbox.relay.drain();
    if (unacked() > 0) await sleep(5);
  }
}

for (let i = 0; i < 300; i++) await viaOutbox(i);
for (let i = 0; i < 300; i++) await viaOutboxCommit(i);
await outboxSettled();
for (let i = 0; i < 300; i++) await naive(i);
outboxLatencies.length = 0;
rawLatencies.length = 0;

batches = 0;
const raw = await run('naive: commit, then awaited publish', naive, async () => {}, rawLatencies);
const obc = await run('outbox.commit, relay publishes', viaOutboxCommit, outboxSettled, outboxLatencies);
outboxLatencies.length = 0;
const ob = await run('outbox.transaction, relay publishes', viaOutbox, outboxSettled, outboxLatencies);
outboxLatencies.length = 0;
rawLatencies.length = 0;
const rawTxn = await run('naive, 2-statement transaction', naiveTxn, async () => {}, rawLatencies);
const obTxn = await run('outbox.transaction, 2 statements', viaOutboxTxn, outboxSettled, outboxLatencies);

await outbox.relay.stop();
await db.destroy();
await bus.close();
await nats?.stop();
await postgres?.stop();

const fmt = (n: number, d = 1) => n.toFixed(d).padStart(9);
console.log(
  `bench:bus — concurrency ${concurrency}, ${durationMs} ms per run, ${guilds} guilds, event ${ticketEvents.opened.type}`,
);
console.log(
  `${'run'.padEnd(40)}${'events'.padStart(9)}${'events/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'max ms'.padStart(9)}` +
    `  CPU µs/event: node / postgres / nats`,
);
for (const r of [obc, ob, raw, obTxn, rawTxn])
  console.log(
    `${r.label.padEnd(40)}${String(r.events).padStart(9)}${fmt(r.eps, 0)}${fmt(r.p50, 2)}${fmt(r.p99, 2)}${fmt(r.max, 2)}` +
      `  ${r.cpu.node.toFixed(0).padStart(5)} / ${r.cpu.postgres.toFixed(0).padStart(4)} / ${r.cpu.nats.toFixed(0).padStart(4)}`,
  );
console.log(
  `outbox relay: ${batches} batches, ${((obc.events + ob.events + obTxn.events) / Math.max(1, batches)).toFixed(1)} events per batch (all outbox runs)`,
);
console.log(
  'latency = commit → JetStream ack of that event (outbox: relay ack; naive: awaited publish after commit)\n' +
    'ratio = outbox.commit / naive; ratio_callback = outbox.transaction / naive; ratio_txn = 2-statement rows',
);
const result = {
  outbox_eps: Math.round(obc.eps),
  raw_eps: Math.round(raw.eps),
  ratio: Number((obc.eps / raw.eps).toFixed(3)),
  p50_ms: Number(obc.p50.toFixed(2)),
  p99_ms: Number(obc.p99.toFixed(2)),
  raw_p50_ms: Number(raw.p50.toFixed(2)),
  raw_p99_ms: Number(raw.p99.toFixed(2)),
  outbox_callback_eps: Math.round(ob.eps),
  ratio_callback: Number((ob.eps / raw.eps).toFixed(3)),
  callback_p99_ms: Number(ob.p99.toFixed(2)),
  outbox_txn_eps: Math.round(obTxn.eps),
  raw_txn_eps: Math.round(rawTxn.eps),
  ratio_txn: Number((obTxn.eps / rawTxn.eps).toFixed(3)),
  txn_p99_ms: Number(obTxn.p99.toFixed(2)),
  concurrency,
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
