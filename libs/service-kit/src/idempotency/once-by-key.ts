import { errorCodes } from '@guildwire/errors';
import type { Kysely } from 'kysely';
import { idempotencyStore } from './idempotency-store.js';

/** Where and when an idempotency key applies; without a key the work simply runs. */
export interface IdempotencyScope {
  readonly guildId: string;
  readonly operation: string;
  readonly key: string | undefined;
  readonly now: Date;
}

const dateKey = /(At|^deadline)$/;

/** Dates survive the stored JSON reply: keys named `…At` and `deadline` come back as Date. */
function reviveDates(key: string, value: unknown): unknown {
  return typeof value === 'string' && dateKey.test(key) && !Number.isNaN(Date.parse(value))
    ? new Date(value)
    : value;
}

/**
 * Runs `work` once per idempotency key (scoped to guild and operation), inside the caller's
 * transaction: a retry with the same key gets the first reply back with `replayed: true`, a reuse of
 * the key for a different request (other fingerprint) gets 422. The reply is stored as JSON; dates
 * in fields named `…At` or `deadline` are revived.
 */
export async function onceByKey<R extends object>(
  // biome-ignore lint/suspicious/noExplicitAny: Kysely's database type is invariant; any service database with an idempotency_keys table (IdempotencyDatabase) fits
  trx: Kysely<any>,
  scope: IdempotencyScope,
  request: unknown,
  work: () => Promise<R>,
): Promise<R & { replayed: boolean }> {
  if (scope.key === undefined || scope.key === '') return { ...(await work()), replayed: false };
  const keys = idempotencyStore(trx);
  const ref = { guildId: scope.guildId, operation: scope.operation, key: scope.key };
  const fingerprint = JSON.stringify(request);
  const found = await keys.claim(ref, fingerprint, scope.now);
  if (found.kind === 'replay') {
    if (found.fingerprint !== fingerprint) throw new errorCodes.GW_ERR_IDEMPOTENCY_MISMATCH(scope.key);
    return { ...(JSON.parse(JSON.stringify(found.reply), reviveDates) as R), replayed: true };
  }
  const reply = await work();
  await keys.saveReply(ref, reply);
  return { ...reply, replayed: false };
}
