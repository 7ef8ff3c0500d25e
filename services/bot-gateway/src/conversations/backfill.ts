import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, requestCommand } from '@guildwire/bus';
import { ActorKind, MessageChange, ticketCommands } from '@guildwire/contracts';
import type { Logger } from 'pino';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { DiscordMessage } from './capture-mapping.js';
import type { MessageCapture } from './message-capture.js';
import { missedChanges, type StoredStamp } from './missed-changes.js';

/** What a backfill needs. */
export interface BackfillDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly places: TicketPlaces;
  readonly capture: MessageCapture;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** Newest messages per open ticket checked for edits and deletes (0 = creates only). */
  readonly recentMessages: number;
}

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };
const cursorBatch = 500;
// The ticket service answers at most this many stored messages per request (its reply stays < 1 MB).
const recentPerRequest = 10_000;
const page = 100;

/**
 * After a fresh gateway session (IDENTIFY, not RESUME: a resumed session replays what it missed),
 * catches up the guild's open ticket channels and queues what it finds behind the live capture:
 * - messages posted after the newest one the ticket service keeps (`GET /channels/:id/messages`,
 *   oldest first), in order;
 * - among the newest `recentMessages` of each channel, edits (Discord's `edited_timestamp` newer
 *   than the kept one) and deletes (kept messages Discord no longer has) — see missedChanges.
 * Everything is reported once: the stream drops a repeat within its window, the ticket service
 * any later one. Returns how many changes it queued.
 */
export async function backfillGuild(deps: BackfillDeps, guildId: string): Promise<number> {
  const ticketIds = await deps.places.openTickets(guildId);
  const batchSize =
    deps.recentMessages > 0
      ? Math.max(1, Math.min(cursorBatch, Math.floor(recentPerRequest / deps.recentMessages)))
      : cursorBatch;
  let queued = 0;
  for (let i = 0; i < ticketIds.length; i += batchSize) {
    const batch = ticketIds.slice(i, i + batchSize);
    const { lastMessageIds, recent } = await requestCommand(
      deps.bus,
      ticketCommands.conversationCursors,
      { guildId, actor: system, ticketIds: batch, recentLimit: deps.recentMessages },
      { timeoutMs: deps.commandTimeoutMs },
    );
    for (const ticketId of batch) {
      const place = await deps.places.place(ticketId);
      if (!place || place.open === false) continue;
      const stored = (recent[ticketId]?.messages ?? []).map((m) => ({
        id: m.id,
        editedAt: m.editedAt ? timestampDate(m.editedAt) : null,
      }));
      const target = { guildId, ticketId, channelId: place.channelId };
      try {
        queued += await backfillChannel(deps, target, lastMessageIds[ticketId] ?? '0', stored);
      } catch (err) {
        // The channel or thread was deleted, or the bot lost access: nothing to fetch there.
        if (err instanceof DiscordAPIError && (err.code === 10003 || err.code === 50001)) {
          deps.logger.info({ ...target, code: err.code }, 'ticket channel gone; not backfilled');
          continue;
        }
        throw err;
      }
    }
  }
  return queued;
}

interface Target {
  readonly guildId: string;
  readonly ticketId: string;
  readonly channelId: string;
}

async function backfillChannel(
  deps: BackfillDeps,
  target: Target,
  after: string,
  stored: readonly StoredStamp[],
): Promise<number> {
  const { guildId, ticketId, channelId } = target;
  const limit = deps.recentMessages;
  const recent = limit > 0 ? await newestMessages(deps.api, channelId, limit) : [];
  // The newest `limit` messages reach back past the cursor (or are the whole channel): the new
  // ones are among them, no second request. Otherwise page forward from the cursor.
  const oldestRecent = recent.reduce<bigint | undefined>(
    (min, m) => (min === undefined || BigInt(m.id) < min ? BigInt(m.id) : min),
    undefined,
  );
  const covered = limit > 0 && (recent.length < limit || (oldestRecent ?? 0n) <= BigInt(after));
  let queued = covered
    ? await queueCreated(
        deps,
        target,
        recent.filter((m) => BigInt(m.id) > BigInt(after)),
      )
    : await pageAfter(deps, target, after);
  const { edited, deleted } = missedChanges(stored, recent, limit);
  if (edited.length > 0) await deps.capture.enqueue(guildId, ticketId, edited, MessageChange.EDITED);
  if (deleted.length > 0) await deps.capture.enqueueDeleted(guildId, ticketId, channelId, deleted);
  queued += edited.length + deleted.length;
  if (edited.length + deleted.length > 0)
    deps.logger.info(
      { ticketId, channelId, edited: edited.length, deleted: deleted.length },
      'edits and deletes missed without a session',
    );
  return queued;
}

async function queueCreated(deps: BackfillDeps, target: Target, messages: DiscordMessage[]) {
  if (messages.length === 0) return 0;
  const oldestFirst = [...messages].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  await deps.capture.enqueue(target.guildId, target.ticketId, oldestFirst, MessageChange.CREATED);
  return oldestFirst.length;
}

/** Every message after `after`, 100 at a time, oldest first. */
async function pageAfter(deps: BackfillDeps, target: Target, after: string): Promise<number> {
  let cursor = after;
  let queued = 0;
  for (;;) {
    const batch = (await deps.api.channels.getMessages(target.channelId, {
      after: cursor,
      limit: page,
    })) as DiscordMessage[];
    if (batch.length === 0) return queued;
    queued += await queueCreated(deps, target, batch);
    cursor = batch.reduce((max, m) => (BigInt(m.id) > BigInt(max) ? m.id : max), cursor);
    if (batch.length < page) return queued;
  }
}

/** The channel's newest `limit` messages (`before` paging, 100 a request). */
async function newestMessages(api: API, channelId: string, limit: number): Promise<DiscordMessage[]> {
  const out: DiscordMessage[] = [];
  let before: string | undefined;
  while (out.length < limit) {
    const want = Math.min(page, limit - out.length);
    const batch = (await api.channels.getMessages(channelId, {
      limit: want,
      ...(before ? { before } : {}),
    })) as DiscordMessage[];
    out.push(...batch);
    if (batch.length < want) break;
    before = batch.reduce((min, m) => (BigInt(m.id) < BigInt(min) ? m.id : min), batch[0]!.id);
  }
  return out;
}
