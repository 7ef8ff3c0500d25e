import { type Bus, streamSummary } from '@guildwire/bus';
import type { FeedEvent } from '../core/feed-event.js';
import type { GatewayMetrics } from '../core/metrics.js';
import type { Subscription } from '../core/subscription.js';
import { admits } from '../core/visibility.js';
import type { EventHistory } from '../history/event-history.js';
import { openGuildStreamReader } from './guild-stream-reader.js';
import type { ReplaySlots } from './replay-slots.js';

/** What a catch-up reads from and reports to. */
export interface CatchUpDeps {
  readonly bus: Bus;
  readonly history: EventHistory;
  readonly slots: ReplaySlots;
  readonly metrics: GatewayMetrics;
}

/**
 * How a catch-up ended: `live` (the subscription now takes events from the fan-out), `stale` (it was
 * restarted, ended or its connection closed meanwhile: nothing to do), or `gap` (the stream no
 * longer holds part of the gap: the caller answers `recovered: false`). A failed stream read rejects.
 */
export type CatchUpEnd = 'live' | 'stale' | 'gap';

const batchSize = 256;

/**
 * Brings a subscription from its position to the head, then switches it to live. Missed events come
 * from memory when the history is complete after the position, else from a short-lived stream
 * consumer until the history is complete again. The switch to live happens synchronously right
 * after the last history event was sent, so the next fan-out reaches it: no gap and no duplicate.
 */
export async function catchUp(sub: Subscription, deps: CatchUpDeps): Promise<CatchUpEnd> {
  const generation = sub.generation;
  const current = () => sub.generation === generation && !sub.outbound.closed;
  sub.mode = 'catching-up';
  while (current()) {
    if (!deps.history.completeAfter(sub.guildId, sub.position)) {
      if ((await replayFromStream(sub, deps, current)) === 'gap') return current() ? 'gap' : 'stale';
      continue;
    }
    if (sendFromMemory(sub, deps)) {
      sub.mode = 'live';
      return 'live';
    }
    await sub.outbound.drained();
  }
  return 'stale';
}

/** Sends history events after the position; true when it reached the end, false when congested. */
function sendFromMemory(sub: Subscription, deps: CatchUpDeps): boolean {
  const guild = deps.history.guild(sub.guildId);
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
    deps.metrics.eventsDelivered.inc(sent);
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
 * event up to that head, so the position may jump there. Resolves `gap` when the stream no longer
 * holds the event after the position.
 */
async function replayFromStream(
  sub: Subscription,
  deps: CatchUpDeps,
  current: () => boolean,
): Promise<'gap' | undefined> {
  const release = await deps.slots.acquire();
  let reader: Awaited<ReturnType<typeof openGuildStreamReader>> | undefined;
  try {
    if (!current()) return;
    let mark = deps.history.head;
    reader = await openGuildStreamReader(deps.bus, sub.guildId, sub.position + 1);
    // Checked after the consumer exists: anything it could still deliver is at or after firstSeq.
    const { firstSeq } = await streamSummary(deps.bus);
    if (!current()) return;
    if (firstSeq > sub.position + 1) return 'gap';
    let pending = reader.initialPending;
    for (;;) {
      if (pending === 0) sub.position = Math.max(sub.position, mark);
      if (deps.history.completeAfter(sub.guildId, sub.position)) return;
      if (pending === 0) {
        mark = deps.history.head;
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
      deps.metrics.eventsDelivered.inc(sent);
      if (items.length === 0) pending = await reader.pendingNow();
      if (sub.outbound.congested) await sub.outbound.drained();
      if (!current()) return;
    }
  } catch (err) {
    // A replay that no longer matters (unsubscribed, restarted) fails quietly.
    if (current()) throw err;
  } finally {
    release();
    void reader?.close();
  }
}
