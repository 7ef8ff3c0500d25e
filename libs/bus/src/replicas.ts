import type { StreamInfo } from '@nats-io/jetstream';
import type { Bus } from './connection.js';
import { StreamReplicasError } from './errors.js';

// JetStream's answers when a stream's replicas cannot be placed (server/errors.json):
// 10074 "replicas > 1 not supported in non-clustered mode", 10023 "insufficient resources".
const notClustered = /not supported in non-clustered mode/i;
const cannotPlace = /insufficient resources|no suitable peers/i;

/**
 * Runs `create` (a JetStream add or update that carries `replicas`) and turns JetStream's refusal
 * to place that many replicas into a StreamReplicasError naming STREAM_REPLICAS; other errors pass.
 */
export async function placingReplicas<T>(
  stream: string,
  replicas: number,
  create: () => Promise<T>,
): Promise<T> {
  try {
    return await create();
  } catch (err) {
    const text = String(err instanceof Error ? err.message : err);
    if (notClustered.test(text)) throw notClusteredError(stream, replicas, err);
    if (cannotPlace.test(text))
      throw new StreamReplicasError(
        stream,
        replicas,
        `stream ${stream}: STREAM_REPLICAS=${replicas}, but JetStream cannot place ${replicas} replicas ` +
          `(${text}): the cluster has fewer JetStream nodes up than that; start the missing nodes or lower STREAM_REPLICAS`,
        { cause: err },
      );
    throw err;
  }
}

/**
 * Brings an existing stream (or KV bucket, stream `KV_<bucket>`) to the bus's replica count.
 * JetStream moves a clustered stream between R1 and R5 in place (a scale-up copies the data to the
 * new peers in the background), so a changed STREAM_REPLICAS is applied rather than refused.
 */
export async function matchReplicas(bus: Bus, info: StreamInfo): Promise<StreamInfo> {
  if (!replicasChange(bus, info, bus.replicas)) return info;
  return placingReplicas(info.config.name, bus.replicas, () =>
    bus.jsm.streams.update(info.config.name, { ...info.config, num_replicas: bus.replicas }),
  );
}

/**
 * Whether updating `info` to `want` replicas changes them (logged when it does). Without a cluster
 * only R1 is possible, and JetStream would accept an update to more and never place it: that is
 * refused here, before the update is sent.
 */
export function replicasChange(bus: Bus, info: StreamInfo, want: number): boolean {
  const have = info.config.num_replicas;
  if (have === want) return false;
  const stream = info.config.name;
  if (want > 1 && info.cluster?.name === undefined) throw notClusteredError(stream, want);
  bus.logger.warn({ stream, from: have, to: want }, 'stream replicas differ from STREAM_REPLICAS: updating');
  return true;
}

function notClusteredError(stream: string, replicas: number, cause?: unknown): StreamReplicasError {
  return new StreamReplicasError(
    stream,
    replicas,
    `stream ${stream}: STREAM_REPLICAS=${replicas}, but the NATS server runs JetStream without a cluster ` +
      `(one node holds one replica); set STREAM_REPLICAS=1 or connect to a cluster of at least ${replicas} nodes`,
    cause === undefined ? undefined : { cause },
  );
}
