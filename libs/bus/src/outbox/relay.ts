import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { lockClass, type OutboxDatabase } from './outbox-table.js';
import { publishInGuildOrder } from './publish-in-guild-order.js';

/** Tuning of the relay, and hooks for metrics. */
export interface RelayOptions {
  /** Rows read and published per pass. Default 1000. */
  readonly batchSize?: number;
  /** Safety-net sweep for rows left by a crashed process or a failed publish. Default 1000 ms. */
  readonly sweepIntervalMs?: number;
  /** How long one publish waits for its JetStream ack. Default 5000 ms. */
  readonly publishTimeoutMs?: number;
  /** Guilds whose events are published side by side (each guild's in order). Default 256. */
  readonly publishConcurrency?: number;
  /**
   * Called after each pass that JetStream acked events of (before the pass deletes their rows, so
   * a crash right then publishes them again, which the stream deduplicates): how many, and when
   * the oldest of them was committed (its row's `created_at`, the database clock).
   */
  readonly onPublished?: (batch: { count: number; oldestCreatedAt: Date }) => void;
  /** Called when a pass left events unpublished (JetStream refused or timed out, or Postgres failed). */
  readonly onPublishFailed?: (err: unknown) => void;
}

/** Publishes committed outbox rows to JetStream in commit order and deletes them after the ack. */
export interface OutboxRelay {
  /** Sweeps once now and then every sweepIntervalMs. */
  start(): void;
  /** Asks for a pass right away (the outbox calls it after every commit that wrote events). */
  kick(): void;
  /** Resolves when every row committed before the call has been published (or a pass failed). */
  drain(): Promise<void>;
  /** Stops sweeping and waits for the pass in hand. */
  stop(): Promise<void>;
  /** Events committed and not yet published (across replicas), and the commit time of the oldest. */
  backlog(): Promise<{ count: number; oldestCreatedAt: Date | null }>;
}

type PassResult = 'empty' | 'more' | 'busy' | 'failed';

interface OutboxRow {
  readonly locked: boolean;
  readonly id: string | null;
  readonly event_id: string;
  readonly guild_id: string;
  readonly subject: string;
  readonly payload: Uint8Array;
  readonly created_at: Date;
}

/**
 * One relay per service process. Several replicas may run one each: a pass holds a transaction
 * advisory lock, so exactly one relay publishes at a time and rows go out in id order (= per-guild
 * commit order, see insertEventRows). A replica that finds the lock taken retries shortly, because
 * the holder may have read the table just before this replica's commit.
 */
export function createOutboxRelay(
  // biome-ignore lint/suspicious/noExplicitAny: any service database with an outbox table
  db: Kysely<any>,
  bus: Bus,
  logger: Logger,
  options: RelayOptions = {},
): OutboxRelay {
  const outboxDb = db as Kysely<OutboxDatabase>;
  const batchSize = options.batchSize ?? 1000;
  const sweepMs = options.sweepIntervalMs ?? 1000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  const publishConcurrency = options.publishConcurrency ?? 256;
  const log = logger.child({ component: 'outbox-relay' });
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;

  async function pass(): Promise<PassResult> {
    // One transaction per pass holds the relay's advisory lock from the read to the delete, so no
    // other replica reads these rows before they are gone. A failed statement rolls the pass back
    // (its error is what gets logged); should the process die, its transaction ends and Postgres
    // releases the lock.
    return outboxDb.transaction().execute(async (trx) => {
      const read = await sql<OutboxRow>`
        with relay_lock as (
          select pg_try_advisory_xact_lock(${lockClass.relay}::int4, hashtext(current_schema())) as locked
        )
        select relay_lock.locked, o.id, o.event_id, o.guild_id, o.subject, o.payload, o.created_at
        from relay_lock
        left join lateral (
          select id, event_id, guild_id, subject, payload, created_at from outbox order by id limit ${batchSize}::int
        ) o on relay_lock.locked
        order by o.id`.execute(trx);
      if (!read.rows[0]?.locked) return 'busy';
      // A row with a null id means the lock was free but nothing waits.
      const rows = read.rows
        .filter((r): r is OutboxRow & { id: string } => r.id !== null)
        .map((r) => ({
          id: r.id,
          eventId: r.event_id,
          guildId: r.guild_id,
          subject: r.subject,
          payload: r.payload,
          createdAt: r.created_at,
        }));
      if (rows.length === 0) return 'empty';
      const { published, failure } = await publishInGuildOrder(bus, rows, {
        concurrency: publishConcurrency,
        timeoutMs: publishTimeoutMs,
      });
      if (published.length > 0) {
        const oldest = published.reduce((a, b) => (b.createdAt < a.createdAt ? b : a));
        options.onPublished?.({ count: published.length, oldestCreatedAt: oldest.createdAt });
        const ids = published.map((r) => r.id);
        await sql`delete from outbox where id = any(${ids}::bigint[])`.execute(trx);
      }
      if (published.length < rows.length) {
        log.warn({ err: failure, published: published.length }, 'outbox publish failed; will retry');
        options.onPublishFailed?.(failure);
        return 'failed';
      }
      return rows.length === batchSize ? 'more' : 'empty';
    });
  }

  async function loop(): Promise<void> {
    let busyRounds = 0;
    while (again && !stopped) {
      again = false;
      let result: PassResult;
      try {
        result = await pass();
      } catch (err) {
        log.warn({ err }, 'outbox pass failed; will retry');
        options.onPublishFailed?.(err);
        result = 'failed';
      }
      if (result === 'more') {
        again = true;
      } else if (result === 'busy' && busyRounds++ < 400) {
        await pause(10);
        again = true;
      } else if (result === 'failed') {
        failures++;
        again = false;
        setTimeout(() => relay.kick(), Math.min(5000, 50 * 2 ** Math.min(failures, 7))).unref();
        return;
      } else if (result === 'empty') {
        failures = 0;
      }
    }
  }

  const relay: OutboxRelay = {
    start() {
      stopped = false;
      relay.kick();
      timer = setInterval(() => relay.kick(), sweepMs);
      timer.unref();
    },
    kick() {
      again = true;
      if (running) return;
      running = loop().finally(() => {
        running = undefined;
        // A kick that landed after the loop's last check must not be lost.
        if (again && !stopped) relay.kick();
      });
    },
    async drain() {
      relay.kick();
      while (running) await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = undefined;
      while (running) await running;
    },
    async backlog() {
      const row = await outboxDb
        .selectFrom('outbox')
        .select((eb) => [eb.fn.countAll<string>().as('count'), eb.fn.min('created_at').as('oldest')])
        .executeTakeFirstOrThrow();
      return { count: Number(row.count), oldestCreatedAt: row.oldest ?? null };
    },
  };
  return relay;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
