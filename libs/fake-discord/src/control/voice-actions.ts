import type { FakeDiscordContext } from '../context.js';
import { CONNECT, channelPermissions, MOVE_MEMBERS, VIEW_CHANNEL } from '../state/channel-permissions.js';
import { requireGuild } from '../state/lookup.js';
import type { VoiceStateRecord } from '../state/types.js';
import { channelOccupants, setVoiceChannel, VOICE_TYPES } from '../state/voice.js';
import { ControlUsageError } from './errors.js';

/**
 * A member joins a voice channel (or leaves voice with `channelId` null), as their Discord client
 * would: only a voice channel of the guild they can see and connect to, and not a full one unless
 * they may move members. Dispatches VOICE_STATE_UPDATE (GUILD_VOICE_STATES intent).
 */
export function joinVoice(
  ctx: FakeDiscordContext,
  guildId: string,
  userId: string,
  channelId: string | null,
): VoiceStateRecord | undefined {
  const guild = requireGuild(ctx.store, guildId);
  if (!guild.members.has(userId)) throw new ControlUsageError(`user ${userId} is not a member of ${guildId}`);
  if (channelId === null) return setVoiceChannel(ctx, guildId, userId, null);
  const channel = ctx.store.channels.get(channelId);
  if (!channel || channel.guild_id !== guildId)
    throw new ControlUsageError(`no channel ${channelId} in guild ${guildId}`);
  if (!VOICE_TYPES.has(channel.type))
    throw new ControlUsageError(`channel ${channelId} is not a voice channel (type ${channel.type})`);
  const permissions = channelPermissions(guild, channel, userId);
  if ((permissions & VIEW_CHANNEL) === 0n || (permissions & CONNECT) === 0n)
    throw new ControlUsageError(`user ${userId} may not connect to ${channel.name} (${channelId})`);
  const limit = channel.user_limit ?? 0;
  const inside = channelOccupants(ctx, channel).filter((s) => s.userId !== userId).length;
  if (limit > 0 && inside >= limit && (permissions & MOVE_MEMBERS) === 0n)
    throw new ControlUsageError(`voice channel ${channel.name} (${channelId}) is full (${limit})`);
  return setVoiceChannel(ctx, guildId, userId, channelId);
}
