import type { FakeDiscordContext } from '../context.js';
import { THREAD_TYPES } from './lookup.js';
import { memberPayload } from './payloads.js';
import type { ApiChannel, ApiMessage, ApiUser, JsonObject } from './types.js';

/** MessageFlags.EPHEMERAL: only the interaction's user sees it, so bots get no dispatch. */
export const EPHEMERAL = 1 << 6;
/** MessageFlags.LOADING: a deferred interaction response still "thinking". */
export const LOADING = 1 << 7;

/** What a new message is made of. */
export interface MessageInput {
  author: ApiUser;
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
  type?: number;
  webhookId?: string;
  interactionMetadata?: JsonObject;
  messageReference?: JsonObject;
  nonce?: string | number;
  attachments?: JsonObject[];
}

function mentionedUsers(ctx: FakeDiscordContext, content: string): ApiUser[] {
  const ids = [...content.matchAll(/<@!?(\d+)>/g)].map((m) => m[1] ?? '');
  return [...new Set(ids)].flatMap((id) => {
    const user = ctx.store.users.get(id);
    return user ? [user] : [];
  });
}

/** Roles of the channel's guild written as `<@&id>` in the content, as Discord fills `mention_roles`. */
function mentionedRoles(ctx: FakeDiscordContext, guildId: string | undefined, content: string): string[] {
  const guild = guildId ? ctx.store.guilds.get(guildId) : undefined;
  const ids = [...content.matchAll(/<@&(\d+)>/g)].map((m) => m[1] ?? '');
  return [...new Set(ids)].filter((id) => guild?.roles.has(id));
}

function messageEventData(ctx: FakeDiscordContext, message: ApiMessage): JsonObject {
  const guild = message.guild_id ? ctx.store.guilds.get(message.guild_id) : undefined;
  const member = guild?.members.get(message.author.id);
  if (!member || message.webhook_id) return { ...message };
  const { user: _user, ...partialMember } = memberPayload(ctx, member);
  return { ...message, member: partialMember };
}

/** Stores a message in a channel and dispatches MESSAGE_CREATE (not for ephemeral messages). */
export function createMessage(ctx: FakeDiscordContext, channel: ApiChannel, input: MessageInput): ApiMessage {
  const content = input.content ?? '';
  const message: ApiMessage = {
    id: ctx.ids.next(),
    channel_id: channel.id,
    guild_id: channel.guild_id,
    author: input.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: mentionedUsers(ctx, content),
    mention_roles: mentionedRoles(ctx, channel.guild_id, content),
    attachments: input.attachments ?? [],
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    type: input.type ?? 0,
    flags: input.flags ?? 0,
  };
  if (input.webhookId) {
    message.webhook_id = input.webhookId;
    message.application_id = ctx.applicationId;
  }
  if (input.interactionMetadata) message.interaction_metadata = input.interactionMetadata;
  if (input.messageReference) message.message_reference = input.messageReference;
  if (input.nonce !== undefined) message.nonce = input.nonce;
  ctx.store.messages.set(message.id, message);
  channel.last_message_id = message.id;
  if (THREAD_TYPES.has(channel.type)) {
    channel.message_count = (channel.message_count ?? 0) + 1;
    channel.total_message_sent = (channel.total_message_sent ?? 0) + 1;
  }
  if ((message.flags & EPHEMERAL) === 0) {
    const data = messageEventData(ctx, message);
    ctx.bus.publish({ kind: 'dispatch', name: 'MESSAGE_CREATE', guildId: channel.guild_id, data });
  }
  return message;
}

/** The fields a message edit may change. */
export interface MessagePatch {
  content?: string;
  embeds?: JsonObject[];
  components?: JsonObject[];
  flags?: number;
}

/** Applies an edit to a message and dispatches MESSAGE_UPDATE (not for ephemeral messages). */
export function editMessage(ctx: FakeDiscordContext, message: ApiMessage, patch: MessagePatch): ApiMessage {
  if (patch.content !== undefined) {
    message.content = patch.content;
    message.mentions = mentionedUsers(ctx, patch.content);
    message.mention_roles = mentionedRoles(ctx, message.guild_id, patch.content);
  }
  if (patch.embeds !== undefined) message.embeds = patch.embeds;
  if (patch.components !== undefined) message.components = patch.components;
  if (patch.flags !== undefined) message.flags = patch.flags;
  message.edited_timestamp = new Date().toISOString();
  if ((message.flags & EPHEMERAL) === 0) {
    const data = messageEventData(ctx, message);
    ctx.bus.publish({ kind: 'dispatch', name: 'MESSAGE_UPDATE', guildId: message.guild_id ?? null, data });
  }
  return message;
}

/** Deletes a message and dispatches MESSAGE_DELETE. */
export function deleteMessage(ctx: FakeDiscordContext, message: ApiMessage): void {
  ctx.store.messages.delete(message.id);
  ctx.store.reactions.delete(message.id);
  if ((message.flags & EPHEMERAL) !== 0) return;
  const data = { id: message.id, channel_id: message.channel_id, guild_id: message.guild_id };
  ctx.bus.publish({ kind: 'dispatch', name: 'MESSAGE_DELETE', guildId: message.guild_id ?? null, data });
}

/** The messages of a channel, oldest first. */
export function channelMessages(ctx: FakeDiscordContext, channelId: string): ApiMessage[] {
  return [...ctx.store.messages.values()].filter((m) => m.channel_id === channelId);
}
