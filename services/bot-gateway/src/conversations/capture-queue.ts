import { createHash } from 'node:crypto';
import type { MessageInitShape } from '@bufbuild/protobuf';
import { type Bus, CommandRejectedError, ensureStream, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  capturePartitionFilter,
  captureSubject,
  createMessage,
  decodeMessage,
  discordCaptureStream,
  encodeMessage,
  type RecordMessageRequest,
  RecordMessageRequestSchema,
  ticketCommands,
} from '@guildwire/contracts';
import { AckPolicy, DeliverPolicy, type JsMsg } from '@nats-io/jetstream';
import type { Logger } from 'pino';

/** A captured change on its way to the ticket service. */
export type CaptureRecord = MessageInitShape<typeof RecordMessageRequestSchema>;

/** The bot's queue of captured messages (stream DISCORD_CAPTURE) and its forwarder. */
export interface CaptureQueue {
  /** Stores one captured change durably (JetStream ack); a repeat within the duplicate window is dropped. */
  publish(record: CaptureRecord): Promise<void>;
  /** Starts forwarding to cmd.ticket.record_message: one at a time per partition, in order. */
  startForwarding(): Promise<void>;
  stop(): Promise<void>;
}

/** Options of the capture queue. */
export interface CaptureQueueOptions {
  readonly bus: Bus;
  readonly logger: Logger;
  readonly commandTimeoutMs: number;
  /** Shared by the replicas: each captured change is forwarded by one of them (`<durable>-p<n>`). */
  readonly durable?: string;
  /**
   * Partitions forwarded in parallel (default 16): a channel's changes all go to one, in order;
   * every replica must use the same number.
   */
  readonly partitions?: number;
  /** How long captured changes are kept if the ticket service stays away (default 7 days). */
  readonly maxAgeMs?: number;
  /** Observes each forward (for metrics): `ok`, `retried` or `refused`. */
  readonly onForward?: (outcome: 'ok' | 'retried' | 'refused') => void;
}

/** A forward that failed for a transient reason comes back after 250 ms, 500 ms … at most 5 s. */
export const forwardBackoffMs = (deliveries: number) => Math.min(5000, 250 * 2 ** (deliveries - 1));

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };

/** The forwarder partition of a channel: a stable hash of its id, so its changes keep one lane. */
export function capturePartition(channelId: string, partitions: number): number {
  return createHash('sha256').update(channelId).digest().readUInt32BE(0) % partitions;
}

const partitionOfName = (durable: string, name: string) => {
  const match = new RegExp(`^${durable}-p(\\d+)$`).exec(name);
  return match ? Number(match[1]) : undefined;
};

/**
 * Captured messages go through JetStream rather than straight to the ticket service: the dispatch
 * handler only publishes (a JetStream ack, no dependency on the ticket service), and durable
 * consumers forward them, so while the ticket service is down or restarting the changes wait in
 * order and are forwarded as soon as it answers — from any replica, also after this one was
 * killed. Retrying in memory instead would lose whatever was in hand when the bot died; fetching
 * after a restart recovers creates but not edits or deletes.
 *
 * Parallel but ordered per channel: each change is published in the partition of its channel
 * (`capture.<p>.<guild>.message`), and each partition has its own durable consumer with one change
 * at most in flight (max_ack_pending 1) — across every replica, since the server enforces it. So a
 * channel's changes are forwarded in capture order whichever replicas pull them, partitions go in
 * parallel, and at most `partitions` forwards are in flight in all. A change that fails for a
 * transient reason is retried (nak with backoff) and holds back only its own partition: the other
 * partitions, with most channels, go on. Why not in-process lanes per channel on one consumer: with
 * several replicas pulling from it, two messages of one channel would be forwarded by two replicas
 * at once, out of order.
 */
export async function openCaptureQueue(options: CaptureQueueOptions): Promise<CaptureQueue> {
  const { bus, logger } = options;
  await ensureStream(bus, { maxAgeMs: options.maxAgeMs ?? 7 * 24 * 3600 * 1000 }, discordCaptureStream);
  const stream = bus.streamName(discordCaptureStream);
  const durable = options.durable ?? 'bot-gateway-capture';
  const partitions = options.partitions ?? 16;
  const stoppers: (() => Promise<void>)[] = [];

  async function forward(m: JsMsg): Promise<void> {
    let request: RecordMessageRequest;
    try {
      request = decodeMessage(RecordMessageRequestSchema, m.data);
    } catch (err) {
      logger.error({ seq: m.seq, err }, 'terminating an undecodable captured message');
      m.term();
      return;
    }
    try {
      await requestCommand(bus, ticketCommands.recordMessage, request, {
        timeoutMs: options.commandTimeoutMs,
      });
      m.ack();
      options.onForward?.('ok');
    } catch (err) {
      // A refusal (the ticket is gone, the report is invalid) will be refused again: drop it.
      if (err instanceof CommandRejectedError && err.statusCode < 500) {
        logger.warn(
          { seq: m.seq, ticketId: request.ticketId, messageId: request.message?.id, code: err.code },
          'the ticket service refused a captured message; dropped',
        );
        m.term();
        options.onForward?.('refused');
        return;
      }
      logger.warn(
        { seq: m.seq, ticketId: request.ticketId, err, deliveries: m.info.deliveryCount },
        'could not forward a captured message; will retry',
      );
      m.nak(forwardBackoffMs(m.info.deliveryCount));
      options.onForward?.('retried');
    }
  }

  /** Forwards one partition's changes one at a time (its own durable, one in flight). */
  async function forwardPartition(partition: number): Promise<() => Promise<void>> {
    const name = `${durable}-p${partition}`;
    const config = {
      durable_name: name,
      filter_subject: bus.wire(capturePartitionFilter(partition)),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: Math.max(options.commandTimeoutMs * 2, 10_000) * 1_000_000, // nanoseconds
      // One in flight per partition: its channels are forwarded in the order they were captured.
      max_ack_pending: 1,
      max_deliver: -1,
    };
    await bus.jsm.consumers.add(stream, config).catch(async (err: unknown) => {
      if (!/already in use|exists/i.test(String(err))) throw err;
      await bus.jsm.consumers.update(stream, name, config);
    });
    const consumer = await bus.js.consumers.get(stream, name);
    const messages = await consumer.consume({ max_messages: 8 });
    const done = (async () => {
      for await (const m of messages) await forward(m);
    })();
    return async () => {
      await messages.close();
      await done;
    };
  }

  return {
    async publish(record) {
      const guildId = record.guildId ?? '';
      const payload = encodeMessage(
        RecordMessageRequestSchema,
        createMessage(RecordMessageRequestSchema, { ...record, actor: system } as CaptureRecord),
      );
      const edited = record.message?.editedAt
        ? `${record.message.editedAt.seconds}.${record.message.editedAt.nanos}`
        : '';
      const partition = capturePartition(record.message?.channelId ?? '', partitions);
      await bus.js.publish(bus.wire(captureSubject(guildId, partition)), payload, {
        // One capture per message, change and edit: a dispatch replayed on RESUME, or a backfill
        // racing the live dispatch, is dropped by the stream within its duplicate window (and by
        // the ticket service's idempotency after it).
        msgID: `${record.message?.id}:${record.change}:${edited}:${record.replyId ?? ''}`,
      });
    },

    async startForwarding() {
      // Partitions left by an earlier, larger CAPTURE_PARTITIONS are drained too (no new changes
      // go there): what they hold is forwarded rather than stranded.
      const existing = new Set<number>();
      for await (const info of bus.jsm.consumers.list(stream)) {
        const p = partitionOfName(durable, info.name);
        if (p !== undefined) existing.add(p);
      }
      for (let p = 0; p < partitions; p++) existing.add(p);
      for (const p of [...existing].sort((a, b) => a - b)) stoppers.push(await forwardPartition(p));
    },

    async stop() {
      await Promise.all(stoppers.splice(0).map((stop) => stop()));
    },
  };
}
