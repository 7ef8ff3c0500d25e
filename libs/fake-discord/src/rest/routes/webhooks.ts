import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { interactionByToken, touchInteraction } from '../../state/interactions.js';
import { requireChannel } from '../../state/lookup.js';
import { createMessage, deleteMessage, editMessage, LOADING } from '../../state/messages.js';
import { messagePayload } from '../../state/payloads.js';
import type { ApiMessage, InteractionRecord } from '../../state/types.js';
import { parseMessageBody } from '../validation/message.js';
import { interactionMetadata } from './interactions.js';

interface WebhookParams {
  appId: string;
  token: string;
  messageId: string;
}

/**
 * Interaction webhooks: follow-ups (POST /webhooks/{app}/{token}) and the original response or a
 * follow-up by id (GET/PATCH/DELETE …/messages/{id|@original}), valid for the token's 15 minutes.
 */
export function registerWebhookRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  const interactionOf = (params: WebhookParams): InteractionRecord => {
    const record = interactionByToken(ctx, params.token);
    if (!record || params.appId !== ctx.applicationId) throw discordErrors.unknownWebhook();
    return record;
  };
  const messageOf = (record: InteractionRecord, messageId: string): ApiMessage => {
    const id = messageId === '@original' ? record.originalMessageId : messageId;
    const owned =
      id !== undefined && (id === record.originalMessageId || record.followupMessageIds.includes(id));
    const message = owned ? ctx.store.messages.get(id) : undefined;
    if (!message) throw discordErrors.unknownMessage();
    return message;
  };

  app.post<{ Params: WebhookParams; Querystring: { wait?: string } }>(
    '/webhooks/:appId/:token',
    async (request, reply) => {
      const record = interactionOf(request.params);
      if (record.status !== 'acknowledged') throw discordErrors.unknownWebhook();
      const body = parseMessageBody(request.body, { partial: false, allowEphemeral: true });
      const channel = requireChannel(ctx.store, record.channelId);
      const message = createMessage(ctx, channel, {
        ...body,
        author: ctx.botUser,
        webhookId: ctx.applicationId,
        interactionMetadata: interactionMetadata(ctx, record),
      });
      record.followupMessageIds.push(message.id);
      touchInteraction(ctx, record);
      if (request.query.wait !== 'true') return reply.code(204).send();
      return messagePayload(ctx, message);
    },
  );
  app.get<{ Params: WebhookParams }>('/webhooks/:appId/:token/messages/:messageId', async (request) => {
    const record = interactionOf(request.params);
    return messagePayload(ctx, messageOf(record, request.params.messageId));
  });
  app.patch<{ Params: WebhookParams }>('/webhooks/:appId/:token/messages/:messageId', async (request) => {
    const record = interactionOf(request.params);
    const message = messageOf(record, request.params.messageId);
    const patch = parseMessageBody(request.body, { partial: true, allowEphemeral: false });
    // Editing a deferred ("thinking") response completes it.
    const flags = (patch.flags ?? message.flags) & ~LOADING;
    editMessage(ctx, message, { ...patch, flags: flags | (message.flags & (1 << 6)) });
    touchInteraction(ctx, record);
    return messagePayload(ctx, message);
  });
  app.delete<{ Params: WebhookParams }>(
    '/webhooks/:appId/:token/messages/:messageId',
    async (request, reply) => {
      const record = interactionOf(request.params);
      deleteMessage(ctx, messageOf(record, request.params.messageId));
      touchInteraction(ctx, record);
      return reply.code(204).send();
    },
  );
}
