/** Lifecycle: scheduled → running ⇄ paused → ended; anything not ended may be cancelled. */
export type GiveawayStatus = 'scheduled' | 'running' | 'paused' | 'ended' | 'cancelled';

/** Every status. */
export const giveawayStatuses: readonly GiveawayStatus[] = [
  'scheduled',
  'running',
  'paused',
  'ended',
  'cancelled',
];

/** Who may enter. Durations in milliseconds, 0 = no minimum. */
export interface Requirements {
  readonly requiredRoleIds: readonly string[];
  readonly requiredRolesMode: 'any' | 'all';
  readonly excludedRoleIds: readonly string[];
  readonly minAccountAgeMs: number;
  readonly minMemberAgeMs: number;
}

/** Extra entries for members holding a role; several roles add up. */
export interface BonusEntries {
  readonly roleId: string;
  readonly entries: number;
}

/** One draw round: the end (1) or a reroll (2, 3, …). */
export interface WinnerRound {
  readonly round: number;
  readonly userIds: readonly string[];
  readonly drawnAt: Date;
  /** Fewer eligible entrants than asked for: all of them won. */
  readonly short: boolean;
}

/** The verifiable draw's state (docs/giveaway.md). `seed` is secret until the end. */
export interface DrawState {
  readonly seed: string;
  readonly seedCommitment: string;
  readonly beacon: string | null;
  readonly beaconRound: number | null;
  /** When the beacon round is published; the draw waits for it. */
  readonly beaconAt: Date | null;
  readonly beaconRandomness: string | null;
  readonly entriesDigest: string | null;
}

/** One giveaway as the service keeps it. */
export interface Giveaway {
  readonly id: string;
  readonly guildId: string;
  readonly prize: string;
  readonly description: string;
  readonly hostId: string;
  readonly channelId: string | null;
  readonly messageId: string | null;
  readonly winnerCount: number;
  readonly status: GiveawayStatus;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly pausedAt: Date | null;
  readonly endedAt: Date | null;
  readonly cancelledAt: Date | null;
  readonly requirements: Requirements;
  readonly bonusEntries: readonly BonusEntries[];
  readonly draw: DrawState;
  readonly rounds: readonly WinnerRound[];
  readonly entrantCount: number;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** One member's entry. */
export interface Entry {
  readonly giveawayId: string;
  readonly userId: string;
  /** 1 + bonus entries. */
  readonly weight: number;
  readonly enteredAt: Date;
}

/** Where a request came from. */
export type ActorKind = 'discord' | 'dashboard' | 'system';

/** Who performs an operation, in which guild, with which standing. */
export interface Caller {
  readonly guildId: string;
  readonly userId: string;
  readonly kind: ActorKind;
  /** May create and manage giveaways: staff/admin on the dashboard, admins or manager roles in Discord. */
  readonly manager: boolean;
  readonly correlationId?: string;
}

/** What the bot knows of a member entering: roles, join time, account creation time. */
export interface MemberFacts {
  readonly roleIds: readonly string[];
  readonly joinedAt: Date | null;
  readonly accountCreatedAt: Date | null;
}

/** One line of a giveaway's audit trail. */
export interface HistoryEntry {
  readonly action: string;
  readonly actorKind: ActorKind;
  readonly actorId: string;
  readonly fromStatus: GiveawayStatus | null;
  readonly toStatus: GiveawayStatus;
  readonly version: number;
  readonly changes: Readonly<Record<string, unknown>> | null;
  readonly at: Date;
}
