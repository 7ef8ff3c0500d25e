import { type Bus, streamSummary } from '@guildwire/bus';
import type { Logger } from 'pino';
import type { FeedEvent } from '../fanout/feed-event.js';
import { admits } from '../fanout/visibility.js';
import type { EventHistory } from '../history/event-history.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Subscription } from '../session/subscription.js';
import { openGuildStreamReader } from './guild-stream-reader.js';
import type { ReplaySlots } from './replay-slots.js';

/** What a catch-up needs from its gateway. */
export interface CatchUpContext {
  readonly bus: Bus;
  readonly history: EventHistory;
  readonly slots: ReplaySlots;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** Answers `recovered: false` and continues live from the head (the gap cannot be filled). */
  resync(sub: Subscription, reason: 'retention'): void;
  /** The stream replay failed: tell the client and end the subscription. */
  fail(sub: Subscription, err: unknown): void;
}

const batchSize = 256;

/**
 * Brings a subscription from its position to the head, then switches it to live. Missed events come
 * from memory when the history is complete after the position, else from a short-lived stream
 * consumer until the history is complete again. The switch to live happens synchronously right
 * after the last history event was sent, so the next fan-out reaches it: no gap and no duplicate.
 */
export async function catchUp(sub: Subscription, ctx: CatchUpContext): Promise<void> {
  const generation = sub.generation;
  const current = () => sub.generation === generation && !sub.outbound.closed;
  sub.mode = 'catching-up';
  while (current()) {
    if (!ctx.history.completeAfter(sub.guildId, sub.position)) {
      await replayFromStream(sub, ctx, current);
      continue;
    }
    if (sendFromMemory(sub, ctx)) {
      sub.mode = 'live';
      return;
    }
    await sub.outbound.drained();
  }
}

/** Sends history events after the position; true when it reached the end, false when congested. */
function sendFromMemory(sub: Subscription, ctx: CatchUpContext): boolean {
  const guild = ctx.history.guild(sub.guildId);
  if (guild === undefined) return true;
  let sent = 0;
  try {
    for (let i = guild.indexAfter(sub.position); i < guild.size; i++) {
      if (!sendOne(sub, guild.at(i)!)) return true;
      sent++;
      if (sub.outbound.congested) return false;
    }
    return true;
  } finally {
    ctx.metrics.eventsDelivered.inc(sent);
  }
}

function sendOne(sub: Subscription, event: FeedEvent): boolean {
  sub.position = event.seq;
  if (!admits(event.visibility, sub.role, sub.userId)) return true;
  if (!sub.outbound.sendFramed(event.wireFrame(sub.lastSent))) return false;
  sub.lastSent = event.seq;
  return true;
}

/**
 * Reads the guild from the stream until the history is complete after the position. "No message
 * pending" answered by the server after the reader noted the feed's head proves the guild has no
 * event up to that head, so the position may jump there.
 */
async function replayFromStream(
  sub: Subscription,
  ctx: CatchUpContext,
  current: () => boolean,
): Promise<void> {
  const release = await ctx.slots.acquire();
  let reader: Awaited<ReturnType<typeof openGuildStreamReader>> | undefined;
  try {
    if (!current()) return;
    let mark = ctx.history.head;
    reader = await openGuildStreamReader(ctx.bus, sub.guildId, sub.position + 1);
    // Checked after the consumer exists: anything it could still deliver is at or after firstSeq.
    const { firstSeq } = await streamSummary(ctx.bus);
    if (!current()) return;
    if (firstSeq > sub.position + 1) {
      ctx.resync(sub, 'retention');
      return;
    }
    let pending = reader.initialPending;
    for (;;) {
      if (pending === 0) sub.position = Math.max(sub.position, mark);
      if (ctx.history.completeAfter(sub.guildId, sub.position)) return;
      if (pending === 0) {
        mark = ctx.history.head;
        pending = await reader.pendingNow();
        if (!current()) return;
        continue;
      }
      const items = await reader.next(Math.min(pending, batchSize));
      if (!current()) return;
      let sent = 0;
      for (const item of items) {
        if (item.event === undefined) sub.position = item.seq;
        else if (!sendOne(sub, item.event)) return;
        else if (sub.lastSent === item.seq) sent++;
        pending = item.pending;
      }
      ctx.metrics.eventsDelivered.inc(sent);
      if (items.length === 0) pending = await reader.pendingNow();
      if (sub.outbound.congested) await sub.outbound.drained();
      if (!current()) return;
    }
  } catch (err) {
    if (current()) ctx.fail(sub, err);
  } finally {
    release();
    void reader?.close();
  }
}
