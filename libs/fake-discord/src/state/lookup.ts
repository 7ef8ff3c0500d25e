import { discordErrors } from '../errors.js';
import type { GuildRecord, Store } from './store.js';
import type { ApiChannel, ApiMessage, ApiUser, MemberRecord } from './types.js';

/** The guild with `id`, or Discord's 10004 Unknown Guild. */
export function requireGuild(store: Store, id: string): GuildRecord {
  const guild = store.guilds.get(id);
  if (!guild) throw discordErrors.unknownGuild();
  return guild;
}

/** The channel or thread with `id`, or Discord's 10003 Unknown Channel. */
export function requireChannel(store: Store, id: string): ApiChannel {
  const channel = store.channels.get(id);
  if (!channel) throw discordErrors.unknownChannel();
  return channel;
}

/** The message `messageId` in `channelId`, or Discord's 10008 Unknown Message. */
export function requireMessage(store: Store, channelId: string, messageId: string): ApiMessage {
  const message = store.messages.get(messageId);
  if (!message || message.channel_id !== channelId) throw discordErrors.unknownMessage();
  return message;
}

/** The user with `id`, or Discord's 10013 Unknown User. */
export function requireUser(store: Store, id: string): ApiUser {
  const user = store.users.get(id);
  if (!user) throw discordErrors.unknownUser();
  return user;
}

/** The member `userId` of `guild`, or Discord's 10007 Unknown Member. */
export function requireMember(guild: GuildRecord, userId: string): MemberRecord {
  const member = guild.members.get(userId);
  if (!member) throw discordErrors.unknownMember();
  return member;
}

/** Channel types that are threads: announcement (10), public (11) and private (12) threads. */
export const THREAD_TYPES: ReadonlySet<number> = new Set([10, 11, 12]);

/** Channel types messages can be sent in: text, announcement, threads (and voice text chat). */
export const TEXT_BASED_TYPES: ReadonlySet<number> = new Set([0, 2, 5, 10, 11, 12, 13]);
