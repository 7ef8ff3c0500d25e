import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import {
  requireChannel,
  requireGuild,
  requireMember,
  requireMessage,
  THREAD_TYPES,
} from '../../state/lookup.js';
import { addThreadMember, createThread, removeThreadMember, threadMemberIds } from '../../state/threads.js';
import { parseThreadCreate } from '../validation/thread.js';

interface ThreadParams {
  channelId: string;
  messageId: string;
  userId: string;
}

/** Thread creation (standalone and from a message) and thread members. */
export function registerThreadRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.post<{ Params: ThreadParams }>('/channels/:channelId/threads', async (request, reply) => {
    const parent = requireChannel(ctx.store, request.params.channelId);
    const input = parseThreadCreate(request.body, parent, ctx.botUser.id, false);
    return reply.code(201).send(createThread(ctx, parent, input));
  });
  app.post<{ Params: ThreadParams }>(
    '/channels/:channelId/messages/:messageId/threads',
    async (request, reply) => {
      const parent = requireChannel(ctx.store, request.params.channelId);
      const message = requireMessage(ctx.store, parent.id, request.params.messageId);
      const input = parseThreadCreate(request.body, parent, ctx.botUser.id, true);
      if (input.type === 12) throw discordErrors.invalidChannelType();
      return reply.code(201).send(createThread(ctx, parent, { ...input, id: message.id }));
    },
  );
  const threadOf = (id: string) => {
    const thread = requireChannel(ctx.store, id);
    if (!THREAD_TYPES.has(thread.type)) throw discordErrors.invalidChannelType();
    return thread;
  };
  const userOf = (threadGuildId: string, userId: string) => {
    const id = userId === '@me' ? ctx.botUser.id : userId;
    requireMember(requireGuild(ctx.store, threadGuildId), id);
    return id;
  };
  app.put<{ Params: ThreadParams }>('/channels/:channelId/thread-members/:userId', async (request, reply) => {
    const thread = threadOf(request.params.channelId);
    if (thread.thread_metadata?.archived) throw discordErrors.threadArchived();
    addThreadMember(ctx, thread, userOf(thread.guild_id, request.params.userId));
    return reply.code(204).send();
  });
  app.delete<{ Params: ThreadParams }>(
    '/channels/:channelId/thread-members/:userId',
    async (request, reply) => {
      const thread = threadOf(request.params.channelId);
      removeThreadMember(ctx, thread, userOf(thread.guild_id, request.params.userId));
      return reply.code(204).send();
    },
  );
  app.get<{ Params: ThreadParams }>('/channels/:channelId/thread-members', async (request) => {
    const thread = threadOf(request.params.channelId);
    return threadMemberIds(ctx, thread.id).map((userId) => ({
      id: thread.id,
      user_id: userId,
      join_timestamp: thread.thread_metadata?.create_timestamp,
      flags: 0,
    }));
  });
}
