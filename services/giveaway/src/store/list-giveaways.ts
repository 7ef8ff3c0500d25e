import { validationError } from '@guildwire/errors';
import type { Kysely } from 'kysely';
import type { Giveaway, GiveawayStatus } from '../domain/giveaway.js';
import type { GiveawayDatabase } from './database.js';
import { giveawayFromRow } from './giveaway-rows.js';

/** Filters and page of a giveaway list (newest first). */
export interface GiveawayQuery {
  readonly status?: readonly GiveawayStatus[];
  readonly channelId?: string;
  readonly hostId?: string;
  /** Giveaways ending at or after / before these times. */
  readonly endsFrom?: Date;
  readonly endsTo?: Date;
  readonly limit: number;
  readonly cursor?: string;
}

/** One page and the cursor of the next (absent on the last page). */
export interface GiveawayPage {
  readonly items: Giveaway[];
  readonly nextCursor?: string;
}

const encode = (g: Giveaway) =>
  Buffer.from(JSON.stringify([g.createdAt.toISOString(), g.id])).toString('base64url');

function decode(text: string): { createdAt: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(text, 'base64url').toString()) as [string, string];
    const createdAt = new Date(at);
    if (typeof id === 'string' && !Number.isNaN(createdAt.getTime())) return { createdAt, id };
  } catch {
    // answered below
  }
  throw validationError([{ field: '/cursor', message: 'is not a cursor of this list' }]);
}

/** Keyset pagination on (created_at, id) descending: pages neither repeat nor skip while others are added. */
export async function listGiveaways(
  db: Kysely<GiveawayDatabase>,
  guildId: string,
  query: GiveawayQuery,
): Promise<GiveawayPage> {
  let q = db.selectFrom('giveaways').selectAll().where('guild_id', '=', guildId);
  if (query.status?.length) q = q.where('status', 'in', [...query.status]);
  if (query.channelId) q = q.where('channel_id', '=', query.channelId);
  if (query.hostId) q = q.where('host_id', '=', query.hostId);
  if (query.endsFrom) q = q.where('ends_at', '>=', query.endsFrom);
  if (query.endsTo) q = q.where('ends_at', '<', query.endsTo);
  if (query.cursor) {
    const after = decode(query.cursor);
    q = q.where((eb) =>
      eb.or([
        eb('created_at', '<', after.createdAt),
        eb.and([eb('created_at', '=', after.createdAt), eb('id', '<', after.id)]),
      ]),
    );
  }
  const rows = await q
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const items = rows.slice(0, query.limit).map(giveawayFromRow);
  const last = items.at(-1);
  return rows.length > query.limit && last ? { items, nextCursor: encode(last) } : { items };
}

/** Counts of a guild's giveaways by status, and its entries and winners. */
export async function giveawayStats(db: Kysely<GiveawayDatabase>, guildId: string) {
  const byStatus = await db
    .selectFrom('giveaways')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('guild_id', '=', guildId)
    .groupBy('status')
    .execute();
  const totals = await db
    .selectFrom('giveaways as g')
    .select((eb) => [
      eb
        .selectFrom('entries')
        .whereRef('entries.giveaway_id', '=', 'g.id')
        .select((e) => e.fn.countAll<string>().as('c'))
        .as('entries'),
      eb
        .selectFrom('winners')
        .whereRef('winners.giveaway_id', '=', 'g.id')
        .select((e) => e.fn.countAll<string>().as('c'))
        .as('winners'),
    ])
    .where('g.guild_id', '=', guildId)
    .execute();
  const counts = Object.fromEntries(byStatus.map((r) => [r.status, Number(r.n)])) as Partial<
    Record<GiveawayStatus, number>
  >;
  return {
    scheduled: counts.scheduled ?? 0,
    running: counts.running ?? 0,
    paused: counts.paused ?? 0,
    ended: counts.ended ?? 0,
    cancelled: counts.cancelled ?? 0,
    entries: totals.reduce((n, r) => n + Number(r.entries ?? 0), 0),
    winners: totals.reduce((n, r) => n + Number(r.winners ?? 0), 0),
  };
}
