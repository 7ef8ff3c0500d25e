import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { requireChannel, requireMessage } from '../../state/lookup.js';
import { addReaction, type Emoji, reactionUserIds, removeReaction } from '../../state/reactions.js';

interface ReactionParams {
  channelId: string;
  messageId: string;
  emoji: string;
  userId: string;
}

/** Parses a reaction path segment: `name:id` for custom emoji, else a unicode emoji (10014 otherwise). */
export function parseEmoji(raw: string): Emoji {
  const custom = /^a?:?([\w~]{2,32}):(\d{1,20})$/.exec(raw);
  if (custom) return { name: custom[1] ?? '', id: custom[2] ?? null };
  if (!/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(raw)) throw discordErrors.unknownEmoji();
  return { id: null, name: raw };
}

/** Reactions: add/remove the bot's (or remove a user's), list who reacted. */
export function registerReactionRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  const base = '/channels/:channelId/messages/:messageId/reactions/:emoji';
  const messageOf = (p: ReactionParams) => {
    requireChannel(ctx.store, p.channelId);
    return requireMessage(ctx.store, p.channelId, p.messageId);
  };
  app.put<{ Params: ReactionParams }>(`${base}/@me`, async (request, reply) => {
    addReaction(ctx, messageOf(request.params), parseEmoji(request.params.emoji), ctx.botUser.id);
    return reply.code(204).send();
  });
  app.delete<{ Params: ReactionParams }>(`${base}/:userId`, async (request, reply) => {
    const userId = request.params.userId === '@me' ? ctx.botUser.id : request.params.userId;
    removeReaction(ctx, messageOf(request.params), parseEmoji(request.params.emoji), userId);
    return reply.code(204).send();
  });
  app.get<{ Params: ReactionParams }>(base, async (request) => {
    const ids = reactionUserIds(ctx, messageOf(request.params), parseEmoji(request.params.emoji));
    return ids.flatMap((id) => {
      const user = ctx.store.users.get(id);
      return user ? [user] : [];
    });
  });
}
