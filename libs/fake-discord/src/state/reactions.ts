import type { FakeDiscordContext } from '../context.js';
import type { ApiMessage, ReactionRecord } from './types.js';

/** A reaction emoji: a unicode `name`, or a custom emoji's `name` and `id`. */
export interface Emoji {
  id: string | null;
  name: string;
}

function sameEmoji(a: Emoji, b: Emoji): boolean {
  return a.id !== null || b.id !== null ? a.id === b.id : a.name === b.name;
}

function publish(ctx: FakeDiscordContext, name: string, message: ApiMessage, emoji: Emoji, userId: string) {
  const data = {
    user_id: userId,
    channel_id: message.channel_id,
    message_id: message.id,
    guild_id: message.guild_id,
    emoji,
    burst: false,
    type: 0,
    ...(name === 'MESSAGE_REACTION_ADD' ? { message_author_id: message.author.id } : {}),
  };
  ctx.bus.publish({ kind: 'dispatch', name, guildId: message.guild_id ?? null, data });
}

/** Adds a user's reaction (idempotent) and dispatches MESSAGE_REACTION_ADD. */
export function addReaction(
  ctx: FakeDiscordContext,
  message: ApiMessage,
  emoji: Emoji,
  userId: string,
): void {
  const reactions = ctx.store.reactions.get(message.id) ?? [];
  let reaction = reactions.find((r) => sameEmoji(r.emoji, emoji));
  if (!reaction) {
    reaction = { emoji, userIds: [] } satisfies ReactionRecord;
    reactions.push(reaction);
  }
  ctx.store.reactions.set(message.id, reactions);
  if (reaction.userIds.includes(userId)) return;
  reaction.userIds.push(userId);
  publish(ctx, 'MESSAGE_REACTION_ADD', message, emoji, userId);
}

/** Removes a user's reaction and dispatches MESSAGE_REACTION_REMOVE. */
export function removeReaction(
  ctx: FakeDiscordContext,
  message: ApiMessage,
  emoji: Emoji,
  userId: string,
): void {
  const reactions = ctx.store.reactions.get(message.id) ?? [];
  const reaction = reactions.find((r) => sameEmoji(r.emoji, emoji));
  if (!reaction?.userIds.includes(userId)) return;
  reaction.userIds = reaction.userIds.filter((id) => id !== userId);
  ctx.store.reactions.set(
    message.id,
    reactions.filter((r) => r.userIds.length > 0),
  );
  publish(ctx, 'MESSAGE_REACTION_REMOVE', message, emoji, userId);
}

/** The ids of the users who reacted with `emoji`. */
export function reactionUserIds(ctx: FakeDiscordContext, message: ApiMessage, emoji: Emoji): string[] {
  return ctx.store.reactions.get(message.id)?.find((r) => sameEmoji(r.emoji, emoji))?.userIds ?? [];
}
