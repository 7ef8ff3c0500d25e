import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { requireChannel, requireMessage, TEXT_BASED_TYPES } from '../../state/lookup.js';
import { messagePage, messageWithNonce } from '../../state/message-history.js';
import { createMessage, deleteMessage, editMessage } from '../../state/messages.js';
import { messagePayload } from '../../state/payloads.js';
import type { ApiChannel } from '../../state/types.js';
import { parseMessageBody } from '../validation/message.js';

interface MessageParams {
  channelId: string;
  messageId: string;
}

interface ListQuery {
  limit?: string;
  before?: string;
  after?: string;
}

/** The channel a message may be sent in, or Discord's error for why not. */
export function requireWritableChannel(ctx: FakeDiscordContext, channelId: string): ApiChannel {
  const channel = requireChannel(ctx.store, channelId);
  if (!TEXT_BASED_TYPES.has(channel.type)) throw discordErrors.nonTextChannel();
  if (channel.thread_metadata?.archived) throw discordErrors.threadArchived();
  return channel;
}

/** Messages: list, create (enforce_nonce honoured), fetch, edit (own messages only) and delete. */
export function registerMessageRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.get<{ Params: MessageParams; Querystring: ListQuery }>(
    '/channels/:channelId/messages',
    async (request) => {
      const channel = requireChannel(ctx.store, request.params.channelId);
      const limit = Math.min(Math.max(Number(request.query.limit ?? 50), 1), 100);
      const { before, after } = request.query;
      return messagePage(ctx, channel.id, { limit, before, after }).map((m) => messagePayload(ctx, m));
    },
  );
  app.post<{ Params: MessageParams }>('/channels/:channelId/messages', async (request) => {
    const channel = requireWritableChannel(ctx, request.params.channelId);
    const body = parseMessageBody(request.body, { partial: false, allowEphemeral: false });
    // enforce_nonce: a retried send within a few minutes answers the first message, posts nothing.
    const enforce = (request.body as { enforce_nonce?: unknown } | null)?.enforce_nonce === true;
    const sent = enforce && body.nonce !== undefined ? messageWithNonce(ctx, channel, body.nonce) : undefined;
    if (sent) return messagePayload(ctx, sent);
    const message = createMessage(ctx, channel, {
      author: ctx.botUser,
      ...body,
      ...(body.messageReference ? { type: 19 } : {}),
    });
    return messagePayload(ctx, message);
  });
  app.get<{ Params: MessageParams }>('/channels/:channelId/messages/:messageId', async (request) => {
    requireChannel(ctx.store, request.params.channelId);
    return messagePayload(ctx, requireMessage(ctx.store, request.params.channelId, request.params.messageId));
  });
  app.patch<{ Params: MessageParams }>('/channels/:channelId/messages/:messageId', async (request) => {
    requireChannel(ctx.store, request.params.channelId);
    const message = requireMessage(ctx.store, request.params.channelId, request.params.messageId);
    if (message.author.id !== ctx.botUser.id) throw discordErrors.cannotEditOthersMessage();
    const patch = parseMessageBody(request.body, { partial: true, allowEphemeral: false });
    return messagePayload(ctx, editMessage(ctx, message, patch));
  });
  app.delete<{ Params: MessageParams }>(
    '/channels/:channelId/messages/:messageId',
    async (request, reply) => {
      requireChannel(ctx.store, request.params.channelId);
      deleteMessage(ctx, requireMessage(ctx.store, request.params.channelId, request.params.messageId));
      return reply.code(204).send();
    },
  );
}
