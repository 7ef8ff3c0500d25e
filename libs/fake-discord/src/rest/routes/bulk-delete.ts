import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { requireChannel } from '../../state/lookup.js';
import { checkBulkDelete } from '../../state/message-history.js';
import { bulkDeleteMessages } from '../../state/message-removal.js';

/** `POST /channels/{id}/messages/bulk-delete`: 2–100 messages at once, one MESSAGE_DELETE_BULK. */
export function registerBulkDeleteRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.post<{ Params: { channelId: string } }>(
    '/channels/:channelId/messages/bulk-delete',
    async (request, reply) => {
      const channel = requireChannel(ctx.store, request.params.channelId);
      const ids = (request.body as { messages?: unknown } | null)?.messages;
      bulkDeleteMessages(ctx, channel, checkBulkDelete(ctx, channel.id, ids));
      return reply.code(204).send();
    },
  );
}
