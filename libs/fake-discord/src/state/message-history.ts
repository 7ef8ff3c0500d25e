import type { FakeDiscordContext } from '../context.js';
import { discordErrors } from '../errors.js';
import { channelMessages } from './messages.js';
import type { ApiChannel, ApiMessage } from './types.js';

/** How long Discord remembers a nonce sent with `enforce_nonce` ("the past few minutes"). */
export const NONCE_WINDOW_MS = 5 * 60 * 1000;

/**
 * A page of a channel's messages as Discord answers `GET /channels/{id}/messages`: newest first;
 * with `after`, the `limit` messages right after that id (the oldest ones after it), still newest
 * first; with `before`, the `limit` messages right before it. A bot paging forward with `after`
 * therefore sees every message, none skipped.
 */
export function messagePage(
  ctx: FakeDiscordContext,
  channelId: string,
  query: { limit: number; before?: string | undefined; after?: string | undefined },
): ApiMessage[] {
  const oldestFirst = channelMessages(ctx, channelId).sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  const { before, after, limit } = query;
  if (after !== undefined) {
    return oldestFirst
      .filter((m) => BigInt(m.id) > BigInt(after))
      .filter((m) => (before ? BigInt(m.id) < BigInt(before) : true))
      .slice(0, limit)
      .reverse();
  }
  return oldestFirst
    .filter((m) => (before ? BigInt(m.id) < BigInt(before) : true))
    .reverse()
    .slice(0, limit);
}

/**
 * The message this bot already sent in the channel with this nonce in the last few minutes, for
 * `enforce_nonce: true` (Discord then answers that message instead of creating a second one).
 */
export function messageWithNonce(
  ctx: FakeDiscordContext,
  channel: ApiChannel,
  nonce: string | number,
  now = Date.now(),
): ApiMessage | undefined {
  return channelMessages(ctx, channel.id).find(
    (m) =>
      m.nonce === nonce && m.author.id === ctx.botUser.id && now - Date.parse(m.timestamp) <= NONCE_WINDOW_MS,
  );
}

/** Discord's bulk-delete rules: 2–100 distinct ids, none older than two weeks. */
export function checkBulkDelete(ctx: FakeDiscordContext, channelId: string, ids: unknown): ApiMessage[] {
  if (!Array.isArray(ids) || ids.length < 2 || ids.length > 100 || ids.some((id) => typeof id !== 'string'))
    throw discordErrors.invalidFormBody({
      messages: {
        _errors: [{ code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 2 and 100 in length.' }],
      },
    });
  const twoWeeks = 14 * 24 * 3600 * 1000;
  const found: ApiMessage[] = [];
  for (const id of new Set(ids as string[])) {
    const message = ctx.store.messages.get(id);
    if (!message || message.channel_id !== channelId) continue;
    if (Date.now() - Date.parse(message.timestamp) > twoWeeks) throw discordErrors.bulkDeleteTooOld();
    found.push(message);
  }
  return found;
}
