import { reservedTransaction, withHints } from '@guildwire/db';
import { type Kysely, sql } from 'kysely';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { BatchPublisher } from './batch-publisher.js';
import { lockClass, type OutboxDatabase } from './outbox-table.js';

/** Tuning of the relay. */
export interface RelayOptions {
  readonly batchSize?: number;
  /** Safety-net sweep for rows left by a crashed process or a failed publish. */
  readonly sweepIntervalMs?: number;
  readonly publishTimeoutMs?: number;
  /** Called with the event ids of each batch once JetStream has acked them (metrics, benchmarks). */
  readonly onPublished?: (eventIds: readonly string[]) => void;
}

/** Publishes committed outbox rows to JetStream in commit order and deletes them after the ack. */
export interface OutboxRelay {
  /** Sweeps once now and then every sweepIntervalMs. */
  start(): void;
  /** Asks for a pass right away (called after every commit that enqueued events). */
  kick(): void;
  /** Resolves when every row committed before the call has been published (or a pass failed). */
  drain(): Promise<void>;
  /** Stops sweeping and waits for the pass in hand. */
  stop(): Promise<void>;
}

type PassResult = 'empty' | 'more' | 'busy' | 'failed';

/**
 * One relay per service process. Several replicas may run one each: a pass holds a transaction
 * advisory lock, so exactly one relay publishes at a time and rows go out in id order (= per-guild
 * commit order, see eventTail). A replica that finds the lock taken retries shortly, because the
 * holder may have read the table just before this replica's commit.
 */
export function createOutboxRelay(
  db: Kysely<any>,
  bus: Bus,
  logger: Logger,
  options: RelayOptions = {},
): OutboxRelay {
  const outboxDb = db as Kysely<OutboxDatabase>;
  const batchSize = options.batchSize ?? 1000;
  const sweepMs = options.sweepIntervalMs ?? 1000;
  const publishTimeoutMs = options.publishTimeoutMs ?? 5000;
  const log = logger.child({ component: 'outbox-relay' });
  let running: Promise<void> | undefined;
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  let failures = 0;
  let publisher: BatchPublisher | undefined;

  async function pass(): Promise<PassResult> {
    // One transaction per pass holds the relay's advisory lock from the read to the delete, so no
    // other replica reads these rows before they are gone. With createDb's driver a publishing pass
    // is two round trips (BEGIN+lock+read, delete+COMMIT), and both statements are prepared.
    // A failed statement rolls the pass back (its error is what gets logged); should the process
    // die, its transaction ends and Postgres releases the lock.
    return reservedTransaction(outboxDb, async (conn, end) => {
      const read = await withHints(
        { prepare: true },
        sql<{
          locked: boolean;
          id: string | null;
          event_id: string;
          subject: string;
          payload: Uint8Array;
        }>`
        with relay_lock as (
          select pg_try_advisory_xact_lock(${lockClass.relay}::int4, hashtext(current_schema())) as locked
        )
        select relay_lock.locked, o.id, o.event_id, o.subject, o.payload
        from relay_lock
        left join lateral (
          select id, event_id, subject, payload from outbox order by id limit ${batchSize}::int
        ) o on relay_lock.locked
        order by o.id`,
      ).execute(conn);
      // A row with a null id means the lock was free but nothing waits.
      if (!read.rows[0]?.locked) return 'busy';
      const rows = read.rows.filter((r): r is typeof r & { id: string } => r.id !== null);
      if (rows.length === 0) return 'empty';
      // Publishes are pipelined on one connection, so the stream stores them in this order.
      publisher ??= new BatchPublisher(bus.nc);
      const acks = await publisher.publishAll(
        rows.map((r) => ({ subject: bus.wire(r.subject), payload: r.payload, msgId: r.event_id })),
        publishTimeoutMs,
      );
      const firstFailure = acks.findIndex((a) => !a.ok);
      const published = firstFailure === -1 ? rows : rows.slice(0, firstFailure);
      if (published.length > 0) {
        options.onPublished?.(published.map((r) => r.event_id));
        const ids = published.map((r) => r.id);
        await end.commitWith(
          withHints(
            { prepare: true, commit: true },
            sql`delete from outbox where id = any(${ids}::bigint[])`,
          ).compile(conn),
        );
      }
      if (firstFailure !== -1) {
        const failed = acks[firstFailure];
        const reason = failed?.ok === false ? failed.error : undefined;
        log.warn(
          { err: reason, eventId: rows[firstFailure]?.event_id, published: published.length },
          'outbox publish failed; will retry',
        );
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
      publisher?.close();
      publisher = undefined;
    },
  };
  return relay;
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
