import { type API, ChannelType, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { GuildDirectory } from '../cache/guild-directory.js';

/** Discord's limit of channels in one category. */
export const categoryCapacity = 50;

const memberAccess =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.AttachFiles;

/** Where and for whom a ticket channel is made. */
export interface TicketChannelSpec {
  readonly guildId: string;
  readonly name: string;
  /** Channel topic; carries the ticket id so a retry after a crash finds the channel it made. */
  readonly topic: string;
  readonly openerId: string;
  readonly supportRoleIds: readonly string[];
  readonly botUserId: string;
  /** The configured category, then the overflow ones, in order. */
  readonly categoryIds: readonly string[];
}

/** Discord's Unknown Channel: the parent was deleted. */
export function isUnknownChannel(err: unknown): boolean {
  return err instanceof DiscordAPIError && err.code === 10003;
}

function isCategoryFull(err: unknown): boolean {
  return (
    err instanceof DiscordAPIError && JSON.stringify(err.rawError).includes('CHANNEL_PARENT_MAX_CHANNELS')
  );
}

/**
 * Runs `place(parentId)` with the first of `categoryIds` that has room (50 channels), then the
 * overflow category the bot makes (and reuses) named after the first one when all are full; with
 * no categories, `place(undefined)`. The cache may be behind Discord: a category it thought had
 * room that Discord finds full is skipped like a full one.
 */
export async function inCategoryWithRoom<T>(
  api: API,
  guilds: GuildDirectory,
  guildId: string,
  categoryIds: readonly string[],
  place: (parentId: string | undefined) => Promise<T>,
): Promise<T> {
  if (categoryIds.length === 0) return place(undefined);
  const guild = await guilds(guildId);
  const children = (categoryId: string) =>
    [...(guild?.channels.values() ?? [])].filter((c) => c.parentId === categoryId).length;
  const known = categoryIds.filter((id) => guild?.channels.get(id)?.type === ChannelType.GuildCategory);
  const base = known[0] ? (guild?.channels.get(known[0])?.name ?? 'Tickets') : 'Tickets';
  const overflowName = `${base} (overflow)`.slice(0, 100);
  const overflow = [...(guild?.channels.values() ?? [])]
    .filter((c) => c.type === ChannelType.GuildCategory && c.name === overflowName)
    .map((c) => c.id);
  for (const categoryId of [...known, ...overflow]) {
    if (children(categoryId) >= categoryCapacity) continue;
    try {
      return await place(categoryId);
    } catch (err) {
      if (!isCategoryFull(err)) throw err;
    }
  }
  const fresh = await api.guilds.createChannel(guildId, {
    name: overflowName,
    type: ChannelType.GuildCategory,
  });
  return place(fresh.id);
}

/**
 * Creates a private text channel: hidden from @everyone, open to the opener, the support roles and
 * the bot, in the first of the category's Discord categories with room (inCategoryWithRoom).
 */
export async function createTicketChannel(api: API, guilds: GuildDirectory, spec: TicketChannelSpec) {
  const overwrites = [
    { id: spec.guildId, type: OverwriteType.Role, deny: String(PermissionFlagsBits.ViewChannel) },
    { id: spec.openerId, type: OverwriteType.Member, allow: String(memberAccess) },
    {
      id: spec.botUserId,
      type: OverwriteType.Member,
      allow: String(memberAccess | PermissionFlagsBits.ManageChannels),
    },
    ...spec.supportRoleIds.map((id) => ({ id, type: OverwriteType.Role, allow: String(memberAccess) })),
  ];
  return inCategoryWithRoom(api, guilds, spec.guildId, spec.categoryIds, (parentId) =>
    api.guilds.createChannel(spec.guildId, {
      name: spec.name,
      topic: spec.topic,
      type: ChannelType.GuildText,
      permission_overwrites: overwrites,
      ...(parentId ? { parent_id: parentId } : {}),
    }),
  );
}

/** A private thread under `parentId` with the opener added (support roles join by the welcome ping). */
export async function createTicketThread(api: API, parentId: string, name: string, openerId: string) {
  const thread = await api.channels.createThread(parentId, {
    name,
    type: ChannelType.PrivateThread,
    invitable: false,
  });
  try {
    await api.threads.addMember(thread.id, openerId);
  } catch (err) {
    // 10007 Unknown Member / 10013 Unknown User: the opener left; the ticket still gets its thread.
    if (!(err instanceof DiscordAPIError && (err.code === 10007 || err.code === 10013))) throw err;
  }
  return thread;
}

/**
 * The channel or thread an earlier attempt created before it could record it (a crash between
 * Discord's answer and the KV write): a text channel whose topic names the ticket, or an active
 * thread of that name under the parent.
 */
export async function findCreatedPlace(
  api: API,
  guildId: string,
  marker: { topic: string; parentId: string | undefined; threadName: string },
): Promise<{ id: string; mode: 'thread' | 'channel' } | undefined> {
  const channels = await api.guilds.getChannels(guildId);
  const channel = channels.find((c) => 'topic' in c && c.topic === marker.topic);
  if (channel) return { id: channel.id, mode: 'channel' };
  if (!marker.parentId) return undefined;
  const { threads } = await api.guilds.getActiveThreads(guildId);
  const thread = threads.find(
    (c) => 'parent_id' in c && c.parent_id === marker.parentId && c.name === marker.threadName,
  );
  return thread ? { id: thread.id, mode: 'thread' } : undefined;
}
