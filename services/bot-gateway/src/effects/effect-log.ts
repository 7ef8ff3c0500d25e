import type { KV } from '@nats-io/kv';
import { getJson, putJson } from '../state/buckets.js';

/** The steps of one event's side effect done so far: a redelivery resumes after the last one. */
export interface EffectRecord {
  /** Set just before a channel or thread is created: a retry looks for it before creating another. */
  creating?: boolean;
  channelId?: string;
  mode?: 'thread' | 'channel';
  /** Set just before the message is posted: a retry looks for it before posting another. */
  posting?: boolean;
  messageId?: string;
  /** The target channel is gone or hidden: nothing was posted, nothing will be. */
  unreachable?: boolean;
  /** Messages of a split announcement posted so far, in order (a retry posts the rest). */
  parts?: string[];
  done?: boolean;
}

/** Per event id, what was done (NATS KV, shared by replicas, kept past the stream's retention). */
export interface EffectLog {
  get(eventId: string): Promise<EffectRecord>;
  save(eventId: string, record: EffectRecord): Promise<void>;
}

/** The effect log over the bot's `effects` bucket. */
export function createEffectLog(kv: KV): EffectLog {
  return {
    get: async (eventId) => (await getJson<EffectRecord>(kv, `event.${eventId}`)) ?? {},
    save: (eventId, record) => putJson(kv, `event.${eventId}`, record),
  };
}
