import { guildEventsStream } from '@guildwire/contracts';
import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Bus } from '../connection.js';
import { TerminalHandlerError } from '../errors.js';
import { decodeJsMsg, type ReceivedEvent, UndecodableEventError } from './received-event.js';

/** Options of a durable, explicitly acked consumer shared by all replicas of a service. */
export interface DurableConsumerOptions {
  readonly durable: string;
  /** Registry subject filter, e.g. `guild.*.ticket.>`; default every guild event. */
  readonly filter?: string;
  readonly handler: (event: ReceivedEvent) => Promise<void>;
  readonly ackWaitMs?: number;
  readonly maxDeliver?: number;
  /** Delay before a failed message is redelivered: fixed, or by delivery count (1 = first try) for backoff. */
  readonly retryDelayMs?: number | ((deliveryCount: number) => number);
}

/** A running consumer; stop() lets the message in hand finish. */
export interface RunningConsumer {
  stop(): Promise<void>;
}

/**
 * Consumes with explicit ack: handler success → ack; TerminalHandlerError or an undecodable message →
 * term (logged with subject and seq, never retried); any other error → nak with delay (retried).
 */
export async function consumeDurable(bus: Bus, options: DurableConsumerOptions): Promise<RunningConsumer> {
  const stream = bus.streamName(guildEventsStream);
  const filter = bus.wire(options.filter ?? 'guild.>');
  const logger = bus.logger.child({ component: 'consumer', durable: options.durable });
  const config = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: filter,
    ack_wait: nanos(options.ackWaitMs ?? 30_000),
    max_deliver: options.maxDeliver ?? 20,
  };
  await bus.jsm.consumers.add(stream, config).catch(async (err: unknown) => {
    if (!/already in use|exists/i.test(String(err))) throw err;
    await bus.jsm.consumers.update(stream, options.durable, config);
  });
  const consumer = await bus.js.consumers.get(stream, options.durable);
  const messages = await consumer.consume({ max_messages: 256 });
  const done = (async () => {
    for await (const m of messages) await handle(m);
  })();

  async function handle(m: JsMsg): Promise<void> {
    let event: ReceivedEvent;
    try {
      event = decodeJsMsg(bus, m);
    } catch (err) {
      if (!(err instanceof UndecodableEventError)) throw err;
      logger.error({ subject: m.subject, seq: m.seq, reason: err.message }, 'terminating undecodable event');
      m.term(err.message);
      return;
    }
    try {
      await options.handler(event);
      m.ack();
    } catch (err) {
      if (err instanceof TerminalHandlerError) {
        logger.error({ subject: m.subject, seq: m.seq, err }, 'handler refused event; terminated');
        m.term(err.message);
      } else {
        logger.warn(
          { subject: m.subject, seq: m.seq, err, deliveries: m.info.deliveryCount },
          'handler failed; will retry',
        );
        const delay = options.retryDelayMs ?? 1000;
        m.nak(typeof delay === 'number' ? delay : delay(m.info.deliveryCount));
      }
    }
  }

  return {
    async stop() {
      await messages.close();
      await done;
    },
  };
}
