import { randomBytes } from 'node:crypto';
import type { FakeDiscordContext } from '../context.js';
import { discordErrors } from '../errors.js';
import { requireGuild, requireMember } from './lookup.js';
import { voiceStatePayload } from './payloads.js';
import type { GuildRecord } from './store.js';
import type { ApiChannel, VoiceStateRecord } from './types.js';

/** Channel types members connect to: voice (2) and stage (13). */
export const VOICE_TYPES: ReadonlySet<number> = new Set([2, 13]);

/** The voice states of a guild's connected members. */
export function guildVoiceStates(ctx: FakeDiscordContext, guildId: string): VoiceStateRecord[] {
  return [...(ctx.store.voiceStates.get(guildId)?.values() ?? [])];
}

/** A member's voice state, undefined when not connected. */
export function voiceStateOf(
  ctx: FakeDiscordContext,
  guildId: string,
  userId: string,
): VoiceStateRecord | undefined {
  return ctx.store.voiceStates.get(guildId)?.get(userId);
}

/** Members connected to one channel. */
export function channelOccupants(ctx: FakeDiscordContext, channel: ApiChannel): VoiceStateRecord[] {
  return guildVoiceStates(ctx, channel.guild_id).filter((s) => s.channelId === channel.id);
}

/** The voice channel `channelId` of `guild`, or Discord's Unknown Channel. */
export function requireVoiceChannel(
  ctx: FakeDiscordContext,
  guild: GuildRecord,
  channelId: string,
): ApiChannel {
  const channel = ctx.store.channels.get(channelId);
  if (!channel || channel.guild_id !== guild.id) throw discordErrors.unknownChannel();
  if (!VOICE_TYPES.has(channel.type)) throw discordErrors.invalidChannelType();
  return channel;
}

/**
 * Connects, moves or (channel null) disconnects a member and dispatches VOICE_STATE_UPDATE. A new
 * connection gets a new voice session id; a move keeps it. Nothing changes (and nothing is
 * dispatched) when the member is already where they are asked to be.
 */
export function setVoiceChannel(
  ctx: FakeDiscordContext,
  guildId: string,
  userId: string,
  channelId: string | null,
): VoiceStateRecord | undefined {
  const guild = requireGuild(ctx.store, guildId);
  requireMember(guild, userId);
  let states = ctx.store.voiceStates.get(guildId);
  if (!states) {
    states = new Map();
    ctx.store.voiceStates.set(guildId, states);
  }
  const before = states.get(userId);
  if ((before?.channelId ?? null) === channelId) return before;
  let after: VoiceStateRecord | undefined;
  if (channelId === null) states.delete(userId);
  else {
    after = before
      ? { ...before, channelId }
      : {
          guildId,
          userId,
          channelId,
          sessionId: randomBytes(16).toString('hex'),
          selfMute: false,
          selfDeaf: false,
        };
    states.set(userId, after);
  }
  const sessionId = after?.sessionId ?? before?.sessionId ?? '';
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'VOICE_STATE_UPDATE',
    guildId,
    data: voiceStatePayload(ctx, { guildId, userId, channelId, sessionId }),
  });
  return after;
}

/** Disconnects everyone in a channel (it is being deleted), as Discord does. */
export function disconnectChannel(ctx: FakeDiscordContext, channel: ApiChannel): void {
  for (const state of channelOccupants(ctx, channel))
    setVoiceChannel(ctx, channel.guild_id, state.userId, null);
}

/** Forgets a member's voice state when they leave the guild (Discord disconnects them). */
export function disconnectMember(ctx: FakeDiscordContext, guildId: string, userId: string): void {
  const state = voiceStateOf(ctx, guildId, userId);
  if (!state) return;
  ctx.store.voiceStates.get(guildId)?.delete(userId);
  ctx.bus.publish({
    kind: 'dispatch',
    name: 'VOICE_STATE_UPDATE',
    guildId,
    data: voiceStatePayload(ctx, { guildId, userId, channelId: null, sessionId: state.sessionId }),
  });
}
