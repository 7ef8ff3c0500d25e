import { type Bus, type OrderedRead, type ReceivedEvent, readOrdered, streamSummary } from '@guildwire/bus';
import { allGuildEventsFilter } from '@guildwire/contracts';
import type { Logger } from 'pino';
import type { FeedEvent } from '../core/feed-event.js';
import { createFeedEvent } from '../fanout/feed-event.js';
import type { EventHistory } from '../history/event-history.js';
import { epochOf, isStreamMissing, readStream } from './stream-epoch.js';

/** Options of the gateway's one JetStream feed. */
export interface EventFeedOptions {
  readonly bus: Bus;
  readonly history: EventHistory;
  readonly logger: Logger;
  /** How often the stream's incarnation is re-read to notice a recreated stream. */
  readonly epochCheckMs: number;
  /** Each decoded event, after it entered the history. */
  readonly onEvent: (event: FeedEvent) => void;
  /** The stream was recreated: the history was reset and cursors of the old epoch are void. */
  readonly onEpochChange: (epoch: string) => void;
}

/** The single ordered consumer over every guild event of one gateway instance. */
export interface EventFeed {
  /** The stream incarnation clients' cursors must name. */
  readonly epoch: string;
  /**
   * Reads the stream's incarnation and starts the consumer; resolves without waiting for the refill,
   * so the gateway can listen at once (subscriptions wait for `refilled`).
   */
  start(): Promise<void>;
  /** Settles once the history reached the stream's end as it was at start (or at a new epoch). */
  readonly refilled: Promise<void>;
  /** True from `start` (or a new epoch) until `refilled` settles. */
  readonly refilling: boolean;
  stop(): Promise<void>;
}

/**
 * Starts an ordered consumer at the oldest seq the history can hold and follows the stream live;
 * restarts it (history reset) when the stream's incarnation changes, and after it ends unexpectedly.
 */
export function createEventFeed(options: EventFeedOptions): EventFeed {
  const { bus, history, logger } = options;
  let epoch = '';
  let reader: OrderedRead | undefined;
  let stopped = false;
  let watcher: NodeJS.Timeout | undefined;
  let generation = 0;
  let historyRefilled: Promise<void> = new Promise(() => {});
  let refilling = true;
  const track = (refill: Promise<void>): Promise<void> => {
    refilling = true;
    historyRefilled = refill;
    void refill.then(() => {
      if (historyRefilled === refill) refilling = false;
    });
    return refill;
  };

  const append = (received: ReceivedEvent): void => {
    const event = createFeedEvent(received);
    history.append(event);
    options.onEvent(event);
  };

  /** Consumes from `startSeq` in the background; `refill` settles once it reached `untilSeq`. */
  const follow = async (startSeq: number, untilSeq: number): Promise<{ refill: Promise<void> }> => {
    const mine = ++generation;
    let refilled!: () => void;
    const refill = new Promise<void>((resolve) => {
      refilled = resolve;
    });
    if (history.head >= untilSeq) refilled();
    const read = await readOrdered(bus, {
      filter: allGuildEventsFilter,
      startSeq: Math.max(1, startSeq),
      maxMessages: 1024,
      onEvent: (received) => {
        append(received);
        if (received.seq >= untilSeq) refilled();
      },
      // Logged by readOrdered with subject and seq; the head moves past it all the same.
      onInvalid: (err) => {
        history.skip(err.seq);
        if (err.seq >= untilSeq) refilled();
      },
    });
    reader = read;
    void read.done
      .catch((err) => logger.warn({ err }, 'event feed consumer failed'))
      .then(() => {
        if (stopped || mine !== generation) return;
        logger.warn({ head: history.head }, 'event feed ended; restarting');
        void restartFrom(history.head + 1).catch((err) => logger.error({ err }, 'event feed restart failed'));
      });
    return { refill };
  };

  const restartFrom = async (startSeq: number): Promise<void> => {
    await reader?.stop();
    if (stopped) return;
    const summary = await streamSummary(bus);
    await (await follow(startSeq, summary.lastSeq)).refill;
  };

  /** Reads the stream and (re)starts the consumer where the history can be refilled from. */
  const begin = async (): Promise<{ refill: Promise<void> }> => {
    const summary = await readStream(bus);
    epoch = epochOf(summary);
    const startSeq = Math.max(summary.firstSeq, summary.lastSeq - history.bounds.eventsTotal + 1, 1);
    history.reset(startSeq - 1);
    logger.info({ epoch, startSeq, lastSeq: summary.lastSeq }, 'event feed refilling history');
    return follow(startSeq, summary.lastSeq);
  };

  const checkEpoch = async (): Promise<void> => {
    let summary: Awaited<ReturnType<typeof streamSummary>>;
    try {
      summary = await streamSummary(bus);
    } catch (err) {
      if (!isStreamMissing(err)) logger.warn({ err }, 'stream check failed');
      return;
    }
    if (epochOf(summary) === epoch || stopped) return;
    logger.warn({ previous: epoch, epoch: epochOf(summary) }, 'stream recreated: new epoch');
    generation++;
    await reader?.stop();
    // Subscriptions arriving during the new epoch's refill wait for it, as at start.
    await track(begin().then(({ refill }) => refill));
    options.onEpochChange(epoch);
  };

  const scheduleCheck = (): void => {
    watcher = setTimeout(() => {
      void checkEpoch()
        .catch((err) => logger.error({ err }, 'epoch check failed'))
        .finally(() => {
          if (!stopped) scheduleCheck();
        });
    }, options.epochCheckMs);
    watcher.unref();
  };

  return {
    get epoch() {
      return epoch;
    },
    get refilled() {
      return historyRefilled;
    },
    get refilling() {
      return refilling;
    },
    async start() {
      track((await begin()).refill);
      scheduleCheck();
    },
    async stop() {
      stopped = true;
      clearTimeout(watcher);
      await reader?.stop();
    },
  };
}
