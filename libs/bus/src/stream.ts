import { guildEventsStream, type StreamDecl } from '@guildwire/contracts';
import { DiscardPolicy, RetentionPolicy, StorageType, type StreamConfig } from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';
import type { Bus } from './connection.js';
import { placingReplicas, replicasChange } from './replicas.js';

/**
 * Limits of the GUILD_EVENTS stream (docs/design.md); defaults: 7 days, 2 min duplicate window, and
 * the bus's replica count (STREAM_REPLICAS).
 */
export interface StreamLimits {
  readonly maxAgeMs?: number;
  readonly maxBytes?: number;
  readonly maxMsgs?: number;
  readonly duplicateWindowMs?: number;
  readonly replicas?: number;
}

const defaults = {
  maxAgeMs: 7 * 24 * 3600 * 1000,
  maxBytes: -1,
  maxMsgs: -1,
  duplicateWindowMs: 2 * 60 * 1000,
};

/** The facts of a stream a consumer needs: its name and incarnation (creation time). */
export interface StreamInfoSummary {
  readonly name: string;
  readonly created: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
}

/**
 * Creates the stream or brings its limits up to date, replicas included (see matchReplicas); safe to
 * run at every start and from several replicas at once (a concurrent create that loses the race
 * finds the stream and updates it). A replica count JetStream cannot place is a StreamReplicasError.
 */
export async function ensureStream(
  bus: Bus,
  limits: StreamLimits = {},
  decl: StreamDecl = guildEventsStream,
): Promise<StreamInfoSummary> {
  const l = { ...defaults, replicas: bus.replicas, ...limits };
  if (l.duplicateWindowMs > l.maxAgeMs) l.duplicateWindowMs = l.maxAgeMs;
  const config: Partial<StreamConfig> & { name: string } = {
    name: bus.streamName(decl),
    subjects: decl.subjects.map((s) => bus.wire(s)),
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    discard: DiscardPolicy.Old,
    max_age: nanos(l.maxAgeMs),
    max_bytes: l.maxBytes,
    max_msgs: l.maxMsgs,
    duplicate_window: nanos(l.duplicateWindowMs),
    num_replicas: l.replicas,
  };
  for (let attempt = 0; ; attempt++) {
    try {
      const existing = await bus.jsm.streams.info(config.name).catch((err: unknown) => {
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (existing) replicasChange(bus, existing, l.replicas);
      const info = await placingReplicas(config.name, l.replicas, () =>
        existing
          ? bus.jsm.streams.update(config.name, withoutCreateOnly(config))
          : bus.jsm.streams.add(config),
      );
      return summarize(info);
    } catch (err) {
      // Two replicas starting together: the loser's add fails with "already in use"; go round once more.
      if (attempt < 3 && /already in use/i.test(String(err))) continue;
      throw err;
    }
  }
}

/** Current name, incarnation and sequence range of the stream. */
export async function streamSummary(
  bus: Bus,
  decl: StreamDecl = guildEventsStream,
): Promise<StreamInfoSummary> {
  return summarize(await bus.jsm.streams.info(bus.streamName(decl)));
}

function summarize(info: {
  config: { name: string };
  created: string;
  state: { first_seq: number; last_seq: number };
}): StreamInfoSummary {
  return {
    name: info.config.name,
    created: info.created,
    firstSeq: info.state.first_seq,
    lastSeq: info.state.last_seq,
  };
}

/** Storage and retention can only be set at creation; an update carries the rest. */
function withoutCreateOnly(config: Partial<StreamConfig>): Partial<StreamConfig> {
  const { storage: _s, retention: _r, ...rest } = config;
  return rest;
}

function isNotFound(err: unknown): boolean {
  return (
    err instanceof Error && (err.name === 'StreamNotFoundError' || /stream not found/i.test(err.message))
  );
}
