import type { Transaction } from 'kysely';
import { ticketErrors } from '../errors.js';
import type { TicketDatabase } from '../store/database.js';
import { idempotencyStore } from '../store/idempotency-store.js';

const dateKey = /(At|^deadline)$/;

/** Dates survive the stored JSON reply: keys named `…At` and `deadline` come back as Date. */
function revive(_key: string, value: unknown): unknown {
  return typeof value === 'string' && dateKey.test(_key) && !Number.isNaN(Date.parse(value))
    ? new Date(value)
    : value;
}

/**
 * Runs `work` once per idempotency key (scoped to guild and operation), inside the caller's
 * transaction: a retry with the same key gets the first reply back with `replayed: true`, a reuse of
 * the key for a different request (other fingerprint) gets 422. Without a key `work` simply runs.
 */
export async function onceByKey<R extends object>(
  trx: Transaction<TicketDatabase>,
  scope: {
    readonly guildId: string;
    readonly operation: string;
    readonly key: string | undefined;
    readonly now: Date;
  },
  request: unknown,
  work: () => Promise<R>,
): Promise<R & { replayed: boolean }> {
  if (scope.key === undefined || scope.key === '') return { ...(await work()), replayed: false };
  const keys = idempotencyStore(trx);
  const fingerprint = JSON.stringify(request);
  const found = await keys.claim(scope.guildId, scope.operation, scope.key, fingerprint, scope.now);
  if (found.kind === 'replay') {
    if (found.fingerprint !== fingerprint) throw new ticketErrors.TICKET_ERR_IDEMPOTENCY_MISMATCH(scope.key);
    return { ...(JSON.parse(JSON.stringify(found.reply), revive) as R), replayed: true };
  }
  const reply = await work();
  await keys.saveReply(scope.guildId, scope.operation, scope.key, reply);
  return { ...reply, replayed: false };
}
