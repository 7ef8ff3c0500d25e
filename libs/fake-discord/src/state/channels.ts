import type { FakeDiscordContext } from '../context.js';
import { requireGuild, THREAD_TYPES } from './lookup.js';
import type { ApiChannel, ApiOverwrite } from './types.js';
import { disconnectChannel, VOICE_TYPES } from './voice.js';

/** Fields of a guild channel (the names are Discord's). */
export interface ChannelInput {
  /** A fixed id (seeded data that must stay the same between runs); a new snowflake when absent. */
  id?: string;
  name: string;
  type?: number;
  parent_id?: string | null;
  topic?: string | null;
  position?: number;
  nsfw?: boolean;
  rate_limit_per_user?: number;
  permission_overwrites?: ApiOverwrite[];
  /** Voice and stage channels: bits per second (64000 when absent). */
  bitrate?: number;
  /** Voice and stage channels: most members (0 = no limit). */
  user_limit?: number;
}

/** Creates a guild channel and dispatches CHANNEL_CREATE. */
export function createChannel(ctx: FakeDiscordContext, guildId: string, input: ChannelInput): ApiChannel {
  requireGuild(ctx.store, guildId);
  const type = input.type ?? 0;
  const siblings = [...ctx.store.channels.values()].filter(
    (c) => c.guild_id === guildId && !THREAD_TYPES.has(c.type),
  );
  const channel: ApiChannel = {
    id: input.id ?? ctx.ids.next(),
    type,
    guild_id: guildId,
    name: input.name,
    position: input.position ?? siblings.length,
    flags: 0,
    parent_id: input.parent_id ?? null,
    permission_overwrites: input.permission_overwrites ?? [],
    nsfw: input.nsfw ?? false,
  };
  if (type !== 4) {
    channel.topic = input.topic ?? null;
    channel.rate_limit_per_user = input.rate_limit_per_user ?? 0;
    channel.last_message_id = null;
  }
  if (VOICE_TYPES.has(type)) {
    channel.bitrate = input.bitrate ?? 64_000;
    channel.user_limit = input.user_limit ?? 0;
  }
  ctx.store.channels.set(channel.id, channel);
  ctx.bus.publish({ kind: 'dispatch', name: 'CHANNEL_CREATE', guildId, data: channel });
  return channel;
}

/** Dispatches the update event that fits the channel (THREAD_UPDATE for threads). */
export function publishChannelUpdate(ctx: FakeDiscordContext, channel: ApiChannel): void {
  const name = THREAD_TYPES.has(channel.type) ? 'THREAD_UPDATE' : 'CHANNEL_UPDATE';
  ctx.bus.publish({ kind: 'dispatch', name, guildId: channel.guild_id, data: channel });
}

/** Applies a partial change to a channel and dispatches CHANNEL_UPDATE or THREAD_UPDATE. */
export function updateChannel(
  ctx: FakeDiscordContext,
  channel: ApiChannel,
  patch: Partial<ApiChannel>,
): ApiChannel {
  Object.assign(channel, patch);
  publishChannelUpdate(ctx, channel);
  return channel;
}

/**
 * Deletes a channel with its messages and threads and dispatches CHANNEL_DELETE (THREAD_DELETE
 * for threads). Children of a deleted category lose their parent, as on Discord.
 */
export function deleteChannel(ctx: FakeDiscordContext, channel: ApiChannel): void {
  const { store } = ctx;
  // Discord disconnects whoever is in a voice channel it deletes.
  if (VOICE_TYPES.has(channel.type)) disconnectChannel(ctx, channel);
  store.channels.delete(channel.id);
  store.threadMembers.delete(channel.id);
  for (const message of [...store.messages.values()]) {
    if (message.channel_id === channel.id) store.messages.delete(message.id);
  }
  if (THREAD_TYPES.has(channel.type)) {
    const data = {
      id: channel.id,
      guild_id: channel.guild_id,
      parent_id: channel.parent_id,
      type: channel.type,
    };
    ctx.bus.publish({ kind: 'dispatch', name: 'THREAD_DELETE', guildId: channel.guild_id, data });
    return;
  }
  ctx.bus.publish({ kind: 'dispatch', name: 'CHANNEL_DELETE', guildId: channel.guild_id, data: channel });
  for (const child of [...store.channels.values()]) {
    if (child.parent_id !== channel.id) continue;
    if (THREAD_TYPES.has(child.type)) deleteChannel(ctx, child);
    else updateChannel(ctx, child, { parent_id: null });
  }
}

/** Sets (creates or replaces) a permission overwrite and dispatches CHANNEL_UPDATE. */
export function setOverwrite(ctx: FakeDiscordContext, channel: ApiChannel, overwrite: ApiOverwrite): void {
  const rest = (channel.permission_overwrites ?? []).filter((o) => o.id !== overwrite.id);
  updateChannel(ctx, channel, { permission_overwrites: [...rest, overwrite] });
}

/** Removes a permission overwrite and dispatches CHANNEL_UPDATE; false when there was none. */
export function deleteOverwrite(ctx: FakeDiscordContext, channel: ApiChannel, id: string): boolean {
  const current = channel.permission_overwrites ?? [];
  if (!current.some((o) => o.id === id)) return false;
  updateChannel(ctx, channel, { permission_overwrites: current.filter((o) => o.id !== id) });
  return true;
}
