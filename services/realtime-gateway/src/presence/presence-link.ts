import type { Bus } from '@guildwire/bus';
import {
  allPresenceFilter,
  createMessage,
  decodeMessage,
  encodeMessage,
  isGuildId,
  PresenceSyncSchema,
  PresenceUpdateSchema,
  parsePresenceSubject,
  presenceSubject,
  presenceSyncSubject,
} from '@guildwire/contracts';
import { presenceTopicPattern } from '@guildwire/realtime-client/protocol';
import type { Subscription } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { RemoteUpdate } from './presence-state.js';

/** What the link hands to the presence hub. */
export interface PresenceLinkHandlers {
  /** Another replica's valid report. */
  onUpdate(update: RemoteUpdate): void;
  /** Another replica started and asks for everyone's state. */
  onSync(): void;
  /** A message that was not a valid report (counted; logged once in a while). */
  onRejected(reason: string): void;
}

/** Presence between replicas over core NATS: `presence.<guildId>` reports and `presence.sync`. */
export interface PresenceLink {
  readonly instanceId: string;
  /** Subscribes, then asks the running replicas for their state. */
  start(handlers: PresenceLinkHandlers): void;
  publish(update: Omit<RemoteUpdate, 'instanceId'>): void;
  stop(): void;
}

// Reports bigger than this are refused (a topic list no replica would send).
const maxTopics = 10_000;
const maxViewers = 10_000;
const maxTtlMs = 10 * 60_000;
const instancePattern = /^[A-Za-z0-9_-]{1,64}$/;

/** Decodes and checks one report; a string says what was wrong. */
export function readUpdate(bytes: Uint8Array, subjectGuildId: string): RemoteUpdate | string {
  let message: ReturnType<typeof decodeMessage<typeof PresenceUpdateSchema>>;
  try {
    message = decodeMessage(PresenceUpdateSchema, bytes);
  } catch (err) {
    return (err as Error).message;
  }
  if (message.guildId !== subjectGuildId) return 'guild id differs from the subject';
  if (!instancePattern.test(message.instanceId)) return 'bad instance id';
  if (message.ttlMs < 1 || message.ttlMs > maxTtlMs) return 'ttl out of range';
  if (message.topics.length > maxTopics) return 'too many topics';
  const topics = [];
  for (const t of message.topics) {
    if (!presenceTopicPattern.test(t.topic)) return `bad topic ${JSON.stringify(t.topic.slice(0, 80))}`;
    if (t.viewers.length > maxViewers) return 'too many viewers';
    const viewers = [];
    for (const v of t.viewers) {
      const since = Number(v.sinceMs);
      if (!isGuildId(v.userId) || !Number.isSafeInteger(since) || since < 0) return 'bad viewer';
      viewers.push({ userId: v.userId, since });
    }
    topics.push({ topic: t.topic, viewers });
  }
  return {
    instanceId: message.instanceId,
    guildId: message.guildId,
    full: message.full,
    topics,
    ttlMs: message.ttlMs,
  };
}

/** Creates the link of one replica (`instanceId`) on `bus`. */
export function createPresenceLink(bus: Bus, instanceId: string, logger: Logger): PresenceLink {
  let sub: Subscription | undefined;
  const syncSubject = bus.wire(presenceSyncSubject);
  const publish = (subject: string, data: Uint8Array): void => {
    try {
      bus.nc.publish(bus.wire(subject), data);
    } catch (err) {
      // A closed or draining connection (shutdown): the others expire our viewers.
      logger.debug({ err }, 'presence publish failed');
    }
  };
  return {
    instanceId,
    start(handlers) {
      sub = bus.nc.subscribe(bus.wire(allPresenceFilter), {
        callback: (err, msg) => {
          if (err) return;
          if (msg.subject === syncSubject) {
            let from: string;
            try {
              from = decodeMessage(PresenceSyncSchema, msg.data).instanceId;
            } catch {
              handlers.onRejected('undecodable sync');
              return;
            }
            if (from !== instanceId) handlers.onSync();
            return;
          }
          const local = bus.local(msg.subject);
          const guildId = local === undefined ? undefined : parsePresenceSubject(local);
          if (guildId === undefined) {
            handlers.onRejected('unknown subject');
            return;
          }
          const update = readUpdate(msg.data, guildId);
          if (typeof update === 'string') handlers.onRejected(update);
          else if (update.instanceId !== instanceId) handlers.onUpdate(update);
        },
      });
      publish(
        presenceSyncSubject,
        encodeMessage(PresenceSyncSchema, createMessage(PresenceSyncSchema, { instanceId })),
      );
    },
    publish(update) {
      const message = createMessage(PresenceUpdateSchema, {
        instanceId,
        guildId: update.guildId,
        full: update.full,
        ttlMs: update.ttlMs,
        topics: update.topics.map((t) => ({
          topic: t.topic,
          viewers: t.viewers.map((v) => ({ userId: v.userId, sinceMs: BigInt(v.since) })),
        })),
      });
      publish(presenceSubject(update.guildId), encodeMessage(PresenceUpdateSchema, message));
    },
    stop() {
      sub?.unsubscribe();
      sub = undefined;
    },
  };
}
