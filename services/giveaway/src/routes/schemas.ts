import { EntryJson, GiveawayJson, GiveawayStatusJson } from '@guildwire/contracts';
import { ErrorResponseSchema } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { limits } from '../domain/limits.js';

/** A Discord id (snowflake) in decimal. */
export const Snowflake = Type.String({ pattern: '^[0-9]{1,20}$', description: 'Discord id' });
const DateTime = Type.String({ format: 'date-time' });
const RoleIds = Type.Array(Snowflake, { maxItems: limits.roles });
const Ms = Type.Integer({ minimum: 0, maximum: 100 * 365 * 86_400_000, description: 'milliseconds' });

export const GuildParams = Type.Object({ guildId: Snowflake });
export const GiveawayParams = Type.Object({
  guildId: Snowflake,
  giveawayId: Type.String({ format: 'uuid' }),
});

/** Requirements in an HTTP body (every field optional: absent = none). */
export const RequirementsBody = Type.Object(
  {
    requiredRoleIds: Type.Optional(RoleIds),
    requiredRolesMode: Type.Optional(Type.Enum(['any', 'all'])),
    excludedRoleIds: Type.Optional(RoleIds),
    minAccountAgeMs: Type.Optional(Ms),
    minMemberAgeMs: Type.Optional(Ms),
  },
  { additionalProperties: false },
);

export const BonusBody = Type.Array(
  Type.Object(
    { roleId: Snowflake, entries: Type.Integer({ minimum: 1, maximum: limits.bonusPerRole }) },
    { additionalProperties: false },
  ),
  { maxItems: limits.bonusEntries },
);

// Giveaways and entries answer with the schemas generated from the protos (`GiveawayJson`, …):
// HTTP and the realtime stream share one JSON form. Only what no proto carries is written here.

/** One line of a giveaway's audit trail (HTTP only; managers see it). */
export const HistoryJson = Type.Object({
  action: Type.String(),
  actorKind: Type.String(),
  actorId: Type.String(),
  fromStatus: Type.Union([GiveawayStatusJson, Type.Null()]),
  toStatus: GiveawayStatusJson,
  version: Type.Integer(),
  changes: Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()]),
  at: DateTime,
});

/** A giveaway with the caller's own entry and (managers) its history. */
export const GiveawayDetailsJson = Type.Object({
  giveaway: GiveawayJson,
  ownEntry: Type.Union([EntryJson, Type.Null()]),
  history: Type.Array(HistoryJson),
});

export const GiveawayPageJson = Type.Object({
  items: Type.Array(GiveawayJson),
  nextCursor: Type.Optional(Type.String()),
});

export const EntrantsPageJson = Type.Object({
  items: Type.Array(EntryJson),
  nextCursor: Type.Optional(Type.String()),
});

export const StatsJson = Type.Object({
  scheduled: Type.Integer(),
  running: Type.Integer(),
  paused: Type.Integer(),
  ended: Type.Integer(),
  cancelled: Type.Integer(),
  entries: Type.Integer(),
  winners: Type.Integer(),
});

/** What the verifier needs (docs/giveaway.md). */
export const PublicDrawJson = Type.Object({
  giveawayId: Type.String(),
  guildId: Type.String(),
  seedCommitment: Type.String(),
  seed: Type.String(),
  beacon: Type.Union([Type.String(), Type.Null()]),
  beaconRound: Type.Union([Type.Integer(), Type.Null()]),
  beaconRandomness: Type.Union([Type.String(), Type.Null()]),
  entriesDigest: Type.String(),
  winnerCount: Type.Integer(),
  entries: Type.Array(Type.Object({ userId: Type.String(), weight: Type.Integer() })),
  rounds: Type.Array(Type.Object({ round: Type.Integer(), userIds: Type.Array(Type.String()) })),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Array(GiveawayStatusJson, { maxItems: 5 })),
  channel: Type.Optional(Snowflake),
  host: Type.Optional(Snowflake),
  endsFrom: Type.Optional(DateTime),
  endsTo: Type.Optional(DateTime),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSize, default: 25 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

export const EntrantsQuery = Type.Object({
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSize, default: 50 })),
  cursor: Type.Optional(Snowflake),
});

/** Error replies a route may give, for OpenAPI. */
export function errors(...codes: number[]): Record<number, typeof ErrorResponseSchema> {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponseSchema]));
}
