import { MessageChange } from '@guildwire/contracts';
import type { Logger } from 'pino';
import type { GuildCache } from '../cache/guild-cache.js';
import type { TicketPlaces } from '../state/ticket-places.js';
import {
  capturedMessage,
  type DiscordMessage,
  deletedMessage,
  type GuildNames,
  replyIdOfNonce,
} from './capture-mapping.js';
import type { CaptureQueue, CaptureRecord } from './capture-queue.js';
import type { ChannelIndex } from './channel-index.js';

/** What capture needs. */
export interface CaptureDeps {
  readonly queue: CaptureQueue;
  readonly index: ChannelIndex;
  readonly places: TicketPlaces;
  readonly cache: GuildCache;
  readonly logger: Logger;
}

/** Turns message dispatches of ticket channels into captured changes, published in dispatch order. */
export interface MessageCapture {
  created(guildId: string | undefined, message: DiscordMessage): void;
  edited(guildId: string | undefined, message: DiscordMessage): void;
  deleted(guildId: string | undefined, channelId: string, ids: readonly string[]): void;
  /** Publishes messages a backfill found created or edited (already in order), behind what is queued. */
  enqueue(
    guildId: string,
    ticketId: string,
    messages: readonly DiscordMessage[],
    change: MessageChange.CREATED | MessageChange.EDITED,
  ): Promise<void>;
  /** Publishes deletes a backfill found, behind what is queued. */
  enqueueDeleted(guildId: string, ticketId: string, channelId: string, ids: readonly string[]): Promise<void>;
  /** Resolves when everything handed in so far is published. */
  flush(): Promise<void>;
}

/** A guild's role and channel names, from the bot's cache. */
export function namesOf(cache: GuildCache, guildId: string): GuildNames {
  const guild = cache.guild(guildId);
  return {
    role: (id) => guild?.roles.get(id)?.name,
    channel: (id) => guild?.channels.get(id)?.name,
  };
}

const publishAttempts = 5;

export function createMessageCapture(deps: CaptureDeps): MessageCapture {
  const { queue, index, places, cache, logger } = deps;
  // One chain: changes are published in the order the gateway dispatched them, so the queue (and
  // the ticket service after it) sees a message's create before its edit and its delete.
  let chain: Promise<void> = Promise.resolve();

  async function ticketOf(channelId: string): Promise<string | undefined> {
    const known = index.ticketOf(channelId);
    if (known) return known;
    // Until the index has loaded, a miss may only mean "not loaded yet": ask the bucket.
    return index.isLoaded() ? undefined : places.ticketOfChannel(channelId);
  }

  async function publish(record: CaptureRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await queue.publish(record);
        return;
      } catch (err) {
        if (attempt >= publishAttempts) {
          // Creates come back with the next backfill; an edit or delete lost here stays lost.
          logger.error(
            { err, ticketId: record.ticketId, messageId: record.message?.id },
            'could not queue a captured message',
          );
          return;
        }
        await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
      }
    }
  }

  function capture(
    guildId: string | undefined,
    channelId: string,
    build: (ticketId: string) => CaptureRecord[],
  ): void {
    if (!guildId) return;
    chain = chain.then(async () => {
      try {
        const ticketId = await ticketOf(channelId);
        if (!ticketId) return;
        for (const record of build(ticketId)) await publish(record);
      } catch (err) {
        logger.error({ err, channelId }, 'could not capture a message');
      }
    });
  }

  const record = (
    guildId: string,
    ticketId: string,
    change: MessageChange,
    m: DiscordMessage,
  ): CaptureRecord => ({
    guildId,
    ticketId,
    change,
    message: capturedMessage(m, namesOf(cache, guildId)),
    replyId: replyIdOfNonce(m.nonce),
  });

  const deletes = (
    guildId: string,
    ticketId: string,
    channelId: string,
    ids: readonly string[],
  ): CaptureRecord[] =>
    ids.map((id) => ({
      guildId,
      ticketId,
      change: MessageChange.DELETED,
      message: deletedMessage(id, channelId),
    }));

  return {
    created: (guildId, m) =>
      capture(guildId, m.channel_id, (ticketId) => [record(guildId!, ticketId, MessageChange.CREATED, m)]),
    edited(guildId, m) {
      // An update without its author is partial (Discord may send only what changed, e.g. embeds
      // resolved): nothing to keep that the full create or a later edit does not carry.
      if (!m.author) return;
      capture(guildId, m.channel_id, (ticketId) => [record(guildId!, ticketId, MessageChange.EDITED, m)]);
    },
    deleted: (guildId, channelId, ids) =>
      capture(guildId, channelId, (ticketId) => deletes(guildId!, ticketId, channelId, ids)),
    enqueue(guildId, ticketId, messages, change) {
      chain = chain.then(async () => {
        for (const m of messages) await publish(record(guildId, ticketId, change, m));
      });
      return chain;
    },
    enqueueDeleted(guildId, ticketId, channelId, ids) {
      chain = chain.then(async () => {
        for (const r of deletes(guildId, ticketId, channelId, ids)) await publish(r);
      });
      return chain;
    },
    flush: () => chain,
  };
}
