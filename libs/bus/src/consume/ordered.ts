import { guildEventsStream } from '@guildwire/contracts';
import { DeliverPolicy } from '@nats-io/jetstream';
import type { Bus } from '../connection.js';
import type { RunningConsumer } from './durable.js';
import { decodeJsMsg, type ReceivedEvent, UndecodableEventError } from './received-event.js';

/** Options of an ordered (ephemeral, in-order, gap-free) read of the stream. */
export interface OrderedReadOptions {
  /** Registry subject filter, e.g. guildEventsFilter(guildId); one filter (nats-server 2.9). */
  readonly filter: string;
  /** First stream sequence to deliver; default: only new events. */
  readonly startSeq?: number;
  /** Messages the client asks the server for at once (default 512). */
  readonly maxMessages?: number;
  readonly onEvent: (event: ReceivedEvent) => void | Promise<void>;
  /** Called for messages that are not valid events (the error carries subject and seq); they are skipped. */
  readonly onInvalid?: (err: UndecodableEventError) => void;
}

/** A running ordered read. */
export interface OrderedRead extends RunningConsumer {
  /**
   * Settles when the read ends: fulfilled after `stop()` or when the server ended the consumer,
   * rejected when reading failed. A reader that must keep following restarts from here.
   */
  readonly done: Promise<void>;
}

/**
 * Reads events in stream order through an ordered consumer (the client recreates it on any gap).
 * Used for live feeds and for replaying history from a sequence.
 */
export async function readOrdered(bus: Bus, options: OrderedReadOptions): Promise<OrderedRead> {
  const stream = bus.streamName(guildEventsStream);
  const consumer = await bus.js.consumers.get(stream, {
    filter_subjects: bus.wire(options.filter),
    ...(options.startSeq === undefined
      ? { deliver_policy: DeliverPolicy.New }
      : { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: options.startSeq }),
  });
  const messages = await consumer.consume({ max_messages: options.maxMessages ?? 512 });
  const logger = bus.logger.child({ component: 'ordered-read', filter: options.filter });
  const done = (async () => {
    for await (const m of messages) {
      let event: ReceivedEvent;
      try {
        event = decodeJsMsg(bus, m);
      } catch (err) {
        if (!(err instanceof UndecodableEventError)) throw err;
        logger.warn({ subject: m.subject, seq: m.seq, reason: err.message }, 'skipping undecodable event');
        options.onInvalid?.(err);
        continue;
      }
      try {
        await options.onEvent(event);
      } catch (err) {
        logger.error({ subject: m.subject, seq: m.seq, err }, 'ordered read handler failed');
      }
    }
  })();
  // Observed here so a failed read is never an unhandled rejection; callers read `done` themselves.
  done.catch(() => undefined);
  return {
    done,
    async stop() {
      await messages.close();
      await done.catch(() => undefined);
    },
  };
}
