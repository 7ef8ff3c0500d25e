import type { Insertable, Selectable } from 'kysely';
import type { Giveaway } from '../domain/giveaway.js';
import type { GiveawayTable } from './database.js';

/** A giveaway from its row. */
export function giveawayFromRow(row: Selectable<GiveawayTable>): Giveaway {
  return {
    id: row.id,
    guildId: row.guild_id,
    prize: row.prize,
    description: row.description,
    hostId: row.host_id,
    channelId: row.channel_id,
    messageId: row.message_id,
    winnerCount: row.winner_count,
    status: row.status,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    pausedAt: row.paused_at,
    endedAt: row.ended_at,
    cancelledAt: row.cancelled_at,
    requirements: row.requirements,
    bonusEntries: row.bonus_entries,
    draw: {
      seed: row.seed,
      seedCommitment: row.seed_commitment,
      beacon: row.beacon,
      beaconRound: row.beacon_round === null ? null : Number(row.beacon_round),
      beaconAt: row.beacon_at,
      beaconRandomness: row.beacon_randomness,
      entriesDigest: row.entries_digest,
    },
    rounds: row.rounds.map((r) => ({ ...r, drawnAt: new Date(r.drawnAt) })),
    entrantCount: row.entrant_count,
    version: row.version,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The row of a giveaway (every column but the generated one). */
export function giveawayToRow(g: Giveaway): Insertable<GiveawayTable> & { entrant_count: number } {
  return {
    id: g.id,
    guild_id: g.guildId,
    prize: g.prize,
    description: g.description,
    host_id: g.hostId,
    channel_id: g.channelId,
    message_id: g.messageId,
    winner_count: g.winnerCount,
    status: g.status,
    starts_at: g.startsAt,
    ends_at: g.endsAt,
    paused_at: g.pausedAt,
    ended_at: g.endedAt,
    cancelled_at: g.cancelledAt,
    requirements: JSON.stringify(g.requirements),
    bonus_entries: JSON.stringify(g.bonusEntries),
    seed: g.draw.seed,
    seed_commitment: g.draw.seedCommitment,
    beacon: g.draw.beacon,
    beacon_round: g.draw.beaconRound,
    beacon_at: g.draw.beaconAt,
    beacon_randomness: g.draw.beaconRandomness,
    entries_digest: g.draw.entriesDigest,
    rounds: JSON.stringify(g.rounds.map((r) => ({ ...r, drawnAt: r.drawnAt.toISOString() }))),
    entrant_count: g.entrantCount,
    version: g.version,
    created_at: g.createdAt,
    updated_at: g.updatedAt,
  };
}
