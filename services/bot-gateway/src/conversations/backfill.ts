import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, requestCommand } from '@guildwire/bus';
import { ActorKind, ticketCommands } from '@guildwire/contracts';
import type { Logger } from 'pino';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { DiscordMessage } from './capture-mapping.js';
import type { MessageCapture } from './message-capture.js';

/** What a backfill needs. */
export interface BackfillDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly places: TicketPlaces;
  readonly capture: MessageCapture;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
}

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };
const cursorBatch = 500;
const page = 100;

/**
 * After a fresh gateway session (IDENTIFY, not RESUME: a resumed session replays what it missed),
 * fetches every message posted in the guild's open ticket channels after the newest one the
 * ticket service stores (`GET /channels/:id/messages?after=`, 100 at a time, oldest first) and
 * queues them behind the live capture: messages written while the bot was away appear in order,
 * and once (a message already stored or queued is dropped by the stream and the ticket service).
 * Returns how many messages it queued.
 */
export async function backfillGuild(deps: BackfillDeps, guildId: string): Promise<number> {
  const ticketIds = await deps.places.openTickets(guildId);
  let queued = 0;
  for (let i = 0; i < ticketIds.length; i += cursorBatch) {
    const batch = ticketIds.slice(i, i + cursorBatch);
    const { lastMessageIds } = await requestCommand(
      deps.bus,
      ticketCommands.conversationCursors,
      { guildId, actor: system, ticketIds: batch },
      { timeoutMs: deps.commandTimeoutMs },
    );
    for (const ticketId of batch) {
      const place = await deps.places.place(ticketId);
      if (!place || place.open === false) continue;
      queued += await backfillChannel(
        deps,
        guildId,
        ticketId,
        place.channelId,
        lastMessageIds[ticketId] ?? '0',
      );
    }
  }
  return queued;
}

async function backfillChannel(
  deps: BackfillDeps,
  guildId: string,
  ticketId: string,
  channelId: string,
  after: string,
): Promise<number> {
  let cursor = after;
  let queued = 0;
  for (;;) {
    let batch: DiscordMessage[];
    try {
      batch = (await deps.api.channels.getMessages(channelId, {
        after: cursor,
        limit: page,
      })) as DiscordMessage[];
    } catch (err) {
      // The channel or thread was deleted, or the bot lost access: nothing to fetch there.
      if (err instanceof DiscordAPIError && (err.code === 10003 || err.code === 50001)) {
        deps.logger.info({ ticketId, channelId, code: err.code }, 'ticket channel gone; not backfilled');
        return queued;
      }
      throw err;
    }
    if (batch.length === 0) return queued;
    const oldestFirst = [...batch].sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
    await deps.capture.enqueue(guildId, ticketId, oldestFirst);
    queued += oldestFirst.length;
    cursor = oldestFirst.at(-1)!.id;
    if (batch.length < page) return queued;
  }
}
