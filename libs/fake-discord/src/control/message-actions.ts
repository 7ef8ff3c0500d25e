import type { FakeDiscordContext } from '../context.js';
import { requireChannel, requireGuild } from '../state/lookup.js';
import { checkBulkDelete } from '../state/message-history.js';
import { bulkDeleteMessages } from '../state/message-removal.js';
import { deleteMessage, editMessage } from '../state/messages.js';
import type { ApiMessage, JsonObject } from '../state/types.js';
import { ControlUsageError } from './errors.js';

/** A user editing their own message. */
export interface UserEdit {
  messageId: string;
  userId: string;
  content?: string;
  embeds?: JsonObject[];
}

/** A file a user attaches to a message (metadata: the fake stores no bytes). */
export interface UserAttachment {
  filename: string;
  size: number;
  contentType?: string;
}

function requireMessage(ctx: FakeDiscordContext, messageId: string): ApiMessage {
  const message = ctx.store.messages.get(messageId);
  if (!message) throw new ControlUsageError(`message ${messageId} does not exist`);
  return message;
}

/** The user edits a message they wrote: MESSAGE_UPDATE with a new edited_timestamp. */
export function editAsUser(ctx: FakeDiscordContext, edit: UserEdit): ApiMessage {
  const message = requireMessage(ctx, edit.messageId);
  if (message.author.id !== edit.userId)
    throw new ControlUsageError(`user ${edit.userId} did not write message ${edit.messageId}`);
  return editMessage(ctx, message, {
    ...(edit.content !== undefined ? { content: edit.content } : {}),
    ...(edit.embeds !== undefined ? { embeds: edit.embeds } : {}),
  });
}

/** A message removed by its author or a moderator: MESSAGE_DELETE. */
export function deleteAsUser(ctx: FakeDiscordContext, messageId: string): void {
  deleteMessage(ctx, requireMessage(ctx, messageId));
}

/** A moderator purges several messages of a channel at once: one MESSAGE_DELETE_BULK. */
export function bulkDeleteAsUser(ctx: FakeDiscordContext, channelId: string, messageIds: string[]): void {
  const channel = requireChannel(ctx.store, channelId);
  bulkDeleteMessages(ctx, channel, checkBulkDelete(ctx, channel.id, messageIds));
}

/** Attachment objects as Discord puts them on a message, with CDN-like URLs. */
export function attachmentObjects(
  ctx: FakeDiscordContext,
  channelId: string,
  files: readonly UserAttachment[],
): JsonObject[] {
  requireGuild(ctx.store, requireChannel(ctx.store, channelId).guild_id);
  return files.map((file) => {
    const id = ctx.ids.next();
    const url = `https://cdn.discordapp.com/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
    return {
      id,
      filename: file.filename,
      size: file.size,
      url,
      proxy_url: url,
      ...(file.contentType ? { content_type: file.contentType } : {}),
    };
  });
}
