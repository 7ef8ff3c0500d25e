import { type Bus, decodeJsMsg, UndecodableEventError } from '@guildwire/bus';
import { guildEventsFilter, guildEventsStream } from '@guildwire/contracts';
import { AckPolicy, DeliverPolicy } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { FeedEvent } from '../core/feed-event.js';
import { createFeedEvent } from '../fanout/feed-event.js';

/** One stream message of the guild: its seq, and the event unless it was undecodable. */
export interface StreamItem {
  readonly seq: number;
  readonly event: FeedEvent | undefined;
  /** Messages of the guild still after this one when the server sent it. */
  readonly pending: number;
}

/** A short-lived consumer over one guild's events from a start seq (no acks, in memory). */
export interface GuildStreamReader {
  /** Messages of the guild from the start seq when the consumer was created. */
  readonly initialPending: number;
  /** Messages still pending now (asks the server). */
  pendingNow(): Promise<number>;
  /** Up to `count` next messages (count ≤ pending), in order; stops early at the last pending one. */
  next(count: number): Promise<StreamItem[]>;
  close(): Promise<void>;
}

// The server drops a reader its gateway forgot to delete (crash) after this long.
const inactiveThresholdMs = 30_000;

/**
 * Creates an ephemeral pull consumer with the guild's filter starting at `startSeq`. Its creation
 * answer carries num_pending, which is what lets a replay prove "nothing more up to here".
 */
export async function openGuildStreamReader(
  bus: Bus,
  guildId: string,
  startSeq: number,
): Promise<GuildStreamReader> {
  const stream = bus.streamName(guildEventsStream);
  const info = await bus.jsm.consumers.add(stream, {
    filter_subject: bus.wire(guildEventsFilter(guildId)),
    deliver_policy: DeliverPolicy.StartSequence,
    opt_start_seq: Math.max(1, startSeq),
    ack_policy: AckPolicy.None,
    mem_storage: true,
    num_replicas: 1,
    inactive_threshold: nanos(inactiveThresholdMs),
  });
  const consumer = bus.js.consumers.getConsumerFromInfo(info);
  return {
    initialPending: info.num_pending,
    async pendingNow() {
      return (await bus.jsm.consumers.info(stream, info.name)).num_pending;
    },
    async next(count) {
      const items: StreamItem[] = [];
      const batch = await consumer.fetch({ max_messages: count, expires: 5000 });
      for await (const m of batch) {
        let event: FeedEvent | undefined;
        try {
          event = createFeedEvent(decodeJsMsg(bus, m));
        } catch (err) {
          if (!(err instanceof UndecodableEventError)) throw err;
        }
        items.push({ seq: m.seq, event, pending: m.info.pending });
        if (m.info.pending === 0 || items.length >= count) break;
      }
      return items;
    },
    async close() {
      await bus.jsm.consumers.delete(stream, info.name).catch(() => undefined);
    },
  };
}
