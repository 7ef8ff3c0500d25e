import type { KV } from '@nats-io/kv';
import type { Logger } from 'pino';

/** Which channels and threads are tickets': answered from memory on every message dispatch. */
export interface ChannelIndex {
  /** The ticket living in `channelId`, or undefined for any other channel. */
  ticketOf(channelId: string): string | undefined;
  /** True once the index holds every place recorded when it started. */
  isLoaded(): boolean;
  stop(): void;
}

const prefix = 'channel.';

/**
 * An in-memory copy of the `channel.<id> → ticket` keys of the tickets bucket, kept current by a
 * KV watch: a message in any channel costs a map lookup, not a KV round trip, and a ticket place
 * saved by another replica is known here as soon as the watch delivers it.
 */
export async function watchChannelIndex(kv: KV, logger: Logger): Promise<ChannelIndex> {
  const byChannel = new Map<string, string>();
  let loaded = false;
  const markLoaded = () => {
    loaded = true;
  };
  // The watch first delivers every current value (the last one with delta 0), then updates. With
  // no value at all it delivers nothing, so emptiness is checked first.
  let empty = true;
  for await (const _ of await kv.keys(`${prefix}>`)) {
    empty = false;
    break;
  }
  if (empty) markLoaded();
  const watch = await kv.watch({ key: `${prefix}>` });
  void (async () => {
    try {
      for await (const entry of watch) {
        const channelId = entry.key.slice(prefix.length);
        if (entry.operation === 'PUT' && entry.length > 0) byChannel.set(channelId, entry.json<string>());
        else byChannel.delete(channelId);
        if (entry.delta === 0 || entry.isUpdate) markLoaded();
      }
    } catch (err) {
      logger.error({ err }, 'the ticket channel index stopped following the tickets bucket');
    }
  })();
  return {
    ticketOf: (channelId) => byChannel.get(channelId),
    isLoaded: () => loaded,
    stop: () => watch.stop(),
  };
}
