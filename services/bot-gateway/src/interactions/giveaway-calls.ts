import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { type Bus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  type Entry,
  type Giveaway,
  type GiveawayStatus,
  giveawayCommands,
  type RequiredRolesMode,
} from '@guildwire/contracts';
import type { InteractionCall } from './ticket-calls.js';

/** What `/giveaway start` asks the giveaway service for. */
export interface GiveawayStart {
  readonly prize: string;
  readonly description: string;
  readonly channelId: string;
  readonly winnerCount: number;
  /** Unset: starts now. */
  readonly startsAtMs?: number;
  readonly endsAtMs: number;
  /** Unset: the giveaways module's default requirements. */
  readonly requirements?: {
    readonly requiredRoleIds: readonly string[];
    readonly requiredRolesMode: RequiredRolesMode;
    readonly minAccountAgeMs: number;
    readonly minMemberAgeMs: number;
  };
  readonly bonusEntries: ReadonlyArray<{ readonly roleId: string; readonly entries: number }>;
}

/** What the bot knows of a member entering, from the interaction. */
export interface EnteringMember {
  readonly roleIds: readonly string[];
  readonly joinedAtMs?: number;
  readonly accountCreatedAtMs: number;
}

/** The lifecycle actions of `/giveaway`. */
export type GiveawayLifecycleAction = 'pause' | 'resume' | 'end' | 'cancel';

/** cmd.giveaway.* as the bot calls them for a Discord user. */
export interface GiveawayCalls {
  start(call: InteractionCall, input: GiveawayStart): Promise<Giveaway>;
  act(call: InteractionCall, action: GiveawayLifecycleAction, giveawayId: string): Promise<Giveaway>;
  reroll(
    call: InteractionCall,
    giveawayId: string,
    count: number,
  ): Promise<{ giveaway: Giveaway; winnerIds: string[] }>;
  enter(
    call: InteractionCall,
    giveawayId: string,
    member: EnteringMember,
  ): Promise<{ entry?: Entry; alreadyEntered: boolean }>;
  leave(call: InteractionCall, giveawayId: string): Promise<{ entry?: Entry }>;
  list(
    call: InteractionCall,
    filter: { status: GiveawayStatus[]; channelId?: string; limit: number },
  ): Promise<Giveaway[]>;
}

/** Giveaway calls over the bus, each bounded by `timeoutMs`. */
export function createGiveawayCalls(bus: Bus, timeoutMs: number): GiveawayCalls {
  const actor = (call: InteractionCall) => ({ kind: ActorKind.DISCORD_USER, id: call.actor.userId });
  const common = (call: InteractionCall) => ({
    guildId: call.guildId,
    actor: actor(call),
    actorRoles: { roleIds: [...call.actor.roleIds], guildAdmin: call.actor.guildAdmin },
    correlationId: call.interactionId,
  });
  const giveawayOf = (reply: { giveaway?: Giveaway | undefined }) => {
    if (!reply.giveaway) throw new Error('the giveaway service replied without a giveaway');
    return reply.giveaway;
  };
  const options = { timeoutMs };
  const actions = {
    pause: giveawayCommands.pause,
    resume: giveawayCommands.resume,
    end: giveawayCommands.end,
    cancel: giveawayCommands.cancel,
  } as const;
  return {
    async start(call, input) {
      const reply = await requestCommand(
        bus,
        giveawayCommands.create,
        {
          ...common(call),
          idempotencyKey: call.interactionId,
          prize: input.prize,
          description: input.description,
          channelId: input.channelId,
          winnerCount: input.winnerCount,
          ...(input.startsAtMs === undefined ? {} : { startsAt: timestampFromMs(input.startsAtMs) }),
          endsAt: timestampFromMs(input.endsAtMs),
          ...(input.requirements
            ? {
                requirements: {
                  requiredRoleIds: [...input.requirements.requiredRoleIds],
                  requiredRolesMode: input.requirements.requiredRolesMode,
                  minAccountAgeMs: BigInt(input.requirements.minAccountAgeMs),
                  minMemberAgeMs: BigInt(input.requirements.minMemberAgeMs),
                },
              }
            : {}),
          bonusEntries: input.bonusEntries.map((b) => ({ ...b })),
        },
        options,
      );
      return giveawayOf(reply);
    },
    act: async (call, action, giveawayId) =>
      giveawayOf(
        await requestCommand(
          bus,
          actions[action],
          { ...common(call), giveawayId, idempotencyKey: call.interactionId },
          options,
        ),
      ),
    async reroll(call, giveawayId, count) {
      const reply = await requestCommand(
        bus,
        giveawayCommands.reroll,
        { ...common(call), giveawayId, count, idempotencyKey: call.interactionId },
        options,
      );
      return { giveaway: giveawayOf(reply), winnerIds: reply.winnerIds };
    },
    async enter(call, giveawayId, member) {
      const reply = await requestCommand(
        bus,
        giveawayCommands.enter,
        {
          guildId: call.guildId,
          actor: actor(call),
          giveawayId,
          correlationId: call.interactionId,
          member: {
            roleIds: [...member.roleIds],
            ...(member.joinedAtMs === undefined ? {} : { joinedAt: timestampFromMs(member.joinedAtMs) }),
            accountCreatedAt: timestampFromMs(member.accountCreatedAtMs),
          },
        },
        options,
      );
      return { ...(reply.entry ? { entry: reply.entry } : {}), alreadyEntered: reply.alreadyEntered };
    },
    async leave(call, giveawayId) {
      const reply = await requestCommand(
        bus,
        giveawayCommands.leave,
        { guildId: call.guildId, actor: actor(call), giveawayId, correlationId: call.interactionId },
        options,
      );
      return reply.entry ? { entry: reply.entry } : {};
    },
    async list(call, filter) {
      const reply = await requestCommand(
        bus,
        giveawayCommands.list,
        {
          ...common(call),
          status: filter.status,
          limit: filter.limit,
          ...(filter.channelId ? { channelId: filter.channelId } : {}),
        },
        options,
      );
      return reply.items;
    },
  };
}
