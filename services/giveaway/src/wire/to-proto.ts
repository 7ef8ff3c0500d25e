import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import {
  type Actor,
  ActorKind,
  ActorSchema,
  createMessage,
  EntrySchema,
  GiveawayReplySchema,
  GiveawaySchema,
  GiveawayStatus as ProtoStatus,
  RequiredRolesMode,
} from '@guildwire/contracts';
import type { Caller, Entry, Giveaway, GiveawayStatus, Requirements } from '../domain/giveaway.js';

const statuses: Record<GiveawayStatus, ProtoStatus> = {
  scheduled: ProtoStatus.SCHEDULED,
  running: ProtoStatus.RUNNING,
  paused: ProtoStatus.PAUSED,
  ended: ProtoStatus.ENDED,
  cancelled: ProtoStatus.CANCELLED,
};

/** The proto status of a domain status. */
export function statusToProto(status: GiveawayStatus): ProtoStatus {
  return statuses[status];
}

/** The domain status of a proto status; undefined for UNSPECIFIED or unknown numbers. */
export function statusFromProto(status: ProtoStatus): GiveawayStatus | undefined {
  return (Object.keys(statuses) as GiveawayStatus[]).find((s) => statuses[s] === status);
}

const ts = (date: Date | null) => (date ? timestampFromDate(date) : undefined);
const absent = (value: string | null) => value ?? undefined;

/** The event meta actor of a caller. */
export function actorOf(caller: Caller): Actor {
  const kind =
    caller.kind === 'discord'
      ? ActorKind.DISCORD_USER
      : caller.kind === 'dashboard'
        ? ActorKind.DASHBOARD_USER
        : ActorKind.SYSTEM;
  return createMessage(ActorSchema, { kind, id: caller.userId });
}

/** Requirements as the proto carries them. */
export function requirementsToProto(r: Requirements) {
  return {
    requiredRoleIds: [...r.requiredRoleIds],
    requiredRolesMode: r.requiredRolesMode === 'all' ? RequiredRolesMode.ALL : RequiredRolesMode.ANY,
    excludedRoleIds: [...r.excludedRoleIds],
    minAccountAgeMs: BigInt(r.minAccountAgeMs),
    minMemberAgeMs: BigInt(r.minMemberAgeMs),
  };
}

/**
 * The full giveaway snapshot every giveaway event and HTTP answer carries. The seed appears only
 * once the giveaway ended (before, only its commitment).
 */
export function giveawayToProto(g: Giveaway) {
  const revealed = g.status === 'ended';
  return createMessage(GiveawaySchema, {
    id: g.id,
    guildId: g.guildId,
    prize: g.prize,
    description: g.description,
    hostId: g.hostId,
    channelId: absent(g.channelId),
    messageId: absent(g.messageId),
    winnerCount: g.winnerCount,
    status: statuses[g.status],
    startsAt: timestampFromDate(g.startsAt),
    endsAt: timestampFromDate(g.endsAt),
    pausedAt: ts(g.pausedAt),
    endedAt: ts(g.endedAt),
    cancelledAt: ts(g.cancelledAt),
    requirements: requirementsToProto(g.requirements),
    bonusEntries: g.bonusEntries.map((b) => ({ ...b })),
    entrantCount: g.entrantCount,
    rounds: g.rounds.map((r) => ({
      round: r.round,
      userIds: [...r.userIds],
      drawnAt: timestampFromDate(r.drawnAt),
      short: r.short,
    })),
    draw: {
      seedCommitment: g.draw.seedCommitment,
      seed: revealed ? g.draw.seed : undefined,
      beacon: absent(g.draw.beacon),
      beaconRound: g.draw.beaconRound === null ? undefined : BigInt(g.draw.beaconRound),
      beaconRandomness: absent(g.draw.beaconRandomness),
      entriesDigest: absent(g.draw.entriesDigest),
    },
    version: g.version,
    createdAt: timestampFromDate(g.createdAt),
    updatedAt: timestampFromDate(g.updatedAt),
  });
}

/** An entry as events and replies carry it. */
export function entryToProto(e: Entry) {
  return createMessage(EntrySchema, { ...e, enteredAt: timestampFromDate(e.enteredAt) });
}

/** What a giveaway write answers, over NATS and HTTP alike. */
export interface GiveawayResult {
  readonly giveaway: Giveaway;
  /** The winners this write drew (end, reroll). */
  readonly winnerIds?: readonly string[];
  readonly short?: boolean;
  readonly replayed: boolean;
}

/** The answer of a giveaway write. */
export function giveawayReplyToProto(result: GiveawayResult) {
  return createMessage(GiveawayReplySchema, {
    giveaway: giveawayToProto(result.giveaway),
    winnerIds: [...(result.winnerIds ?? [])],
    short: result.short ?? false,
    replayed: result.replayed,
  });
}
