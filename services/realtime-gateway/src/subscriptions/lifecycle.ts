import { type Bus, streamSummary } from '@guildwire/bus';
import { errorCodes, type SubscribeFrame } from '@guildwire/realtime-client/protocol';
import type { Logger } from 'pino';
import type { GatewayMetrics } from '../core/metrics.js';
import { errorFrame, subscribedFrame, unsubscribedFrame } from '../core/server-frames.js';
import { endSubscription, restartAt, type Subscription } from '../core/subscription.js';
import type { GuildFanout } from '../fanout/guild-fanout.js';
import type { EventHistory } from '../history/event-history.js';
import { catchUp } from '../replay/catch-up.js';
import type { ReplaySlots } from '../replay/replay-slots.js';

/** Why a subscription was answered (or told) `recovered: false`; the metric's `reason` label. */
export type UnrecoveredReason = 'no_since' | 'epoch' | 'retention' | 'cursor_ahead';

/** What the lifecycle reads from and acts on: one gateway instance's parts. */
export interface LifecycleDeps {
  readonly bus: Bus;
  readonly history: EventHistory;
  readonly fanout: GuildFanout;
  readonly slots: ReplaySlots;
  readonly metrics: GatewayMetrics;
  readonly logger: Logger;
  /** The stream incarnation cursors must name now. */
  epoch(): string;
  /** While the history is refilled (start, new epoch): settles once it is complete; else undefined. */
  historyRefilled(): Promise<void> | undefined;
}

/**
 * Every state change of a subscription, in one place: `pending` → (`catching-up` →) `live` →
 * `ended`, plus the server's resyncs (`recovered: false`) and drops (`unsubscribed` with a reason).
 */
export interface SubscriptionLifecycle {
  /** Registers a fresh subscription in the fan-out and answers its `subscribe` (resume or live). */
  begin(sub: Subscription, since: SubscribeFrame['since']): Promise<void>;
  /** Ends it quietly (the client unsubscribed, or the connection closed). */
  end(sub: Subscription): void;
  /** Ends it on the server's initiative and tells the client why. */
  drop(sub: Subscription, reason: 'forbidden' | 'replay_failed'): void;
  /** Every open subscription restarts live at the new head (the stream was recreated). */
  resyncAll(reason: 'epoch'): void;
}

/** Creates the lifecycle of one gateway instance's subscriptions. */
export function createSubscriptionLifecycle(deps: LifecycleDeps): SubscriptionLifecycle {
  const { history, fanout, metrics } = deps;

  /** `recovered: false`, and live from the head. */
  const resync = (sub: Subscription, reason: UnrecoveredReason): void => {
    metrics.unrecovered.inc({ reason });
    sub.outbound.send(subscribedFrame(sub.guildId, history.head, deps.epoch(), false));
    restartAt(sub, history.head);
    sub.mode = 'live';
  };

  const end = (sub: Subscription): void => {
    endSubscription(sub);
    fanout.remove(sub);
  };

  const drop = (sub: Subscription, reason: 'forbidden' | 'replay_failed'): void => {
    end(sub);
    sub.outbound.send(unsubscribedFrame(sub.guildId, reason));
  };

  const fail = (sub: Subscription, err: unknown): void => {
    deps.logger.warn({ err, guildId: sub.guildId, userId: sub.userId }, 'stream replay failed');
    sub.outbound.send(
      errorFrame(errorCodes.replayFailed, 'missed events could not be read; subscribe again', sub.guildId),
    );
    drop(sub, 'replay_failed');
  };

  const resumeFrom = (sub: Subscription, seq: number, source: 'memory' | 'stream'): void => {
    metrics.resumes.inc({ source });
    sub.outbound.send(subscribedFrame(sub.guildId, history.head, deps.epoch(), true));
    const generation = restartAt(sub, seq);
    void catchUp(sub, deps).then(
      (end) => {
        if (end === 'gap' && sub.generation === generation) resync(sub, 'retention');
      },
      (err) => {
        if (sub.generation === generation) fail(sub, err);
      },
    );
  };

  /** Answers a `pending` subscription: resume from memory, resume from the stream, or resync. */
  const answer = async (sub: Subscription, since: SubscribeFrame['since']): Promise<void> => {
    // The gateway listens while its history is still being refilled; answering before it is complete
    // would send resumes to the stream (or put fresh subscriptions at a stale head).
    const refilled = deps.historyRefilled();
    if (refilled !== undefined) {
      const registered = sub.generation;
      await refilled;
      if (sub.generation !== registered || sub.mode !== 'pending') return;
    }
    if (since === undefined || since.epoch !== deps.epoch()) {
      resync(sub, since === undefined ? 'no_since' : 'epoch');
      return;
    }
    // A cursor at or below this instance's head inside the history is served from memory at once. One
    // above the head may come from an instance further ahead (legitimate) or name a seq the stream
    // never had (a bogus cursor, or a stream that lost its tail but kept its epoch): ask the stream.
    if (since.seq <= history.head && history.completeAfter(sub.guildId, since.seq)) {
      resumeFrom(sub, since.seq, 'memory');
      return;
    }
    const generation = sub.generation;
    let firstSeq: number;
    let lastSeq: number;
    try {
      ({ firstSeq, lastSeq } = await streamSummary(deps.bus));
    } catch (err) {
      if (sub.generation === generation) fail(sub, err);
      return;
    }
    // Unsubscribed, resubscribed or resynced (new epoch) while the stream answered.
    if (sub.generation !== generation || sub.mode !== 'pending') return;
    if (since.epoch !== deps.epoch()) resync(sub, 'epoch');
    // Resuming beyond the stream's end would silently skip every event up to since.seq: the client
    // cannot hold what the stream never stored, so its state is unknown and it must reload (§4).
    else if (since.seq > lastSeq) resync(sub, 'cursor_ahead');
    else if (firstSeq > since.seq + 1) resync(sub, 'retention');
    else resumeFrom(sub, since.seq, history.completeAfter(sub.guildId, since.seq) ? 'memory' : 'stream');
  };

  return {
    begin(sub, since) {
      fanout.add(sub);
      return answer(sub, since);
    },
    end,
    drop,
    resyncAll(reason) {
      // Cursors of the old stream mean nothing now: every subscription restarts at the new head.
      for (const sub of fanout.all()) if (sub.mode !== 'ended') resync(sub, reason);
    },
  };
}
