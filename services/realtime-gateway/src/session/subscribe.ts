import { streamSummary } from '@guildwire/bus';
import { errorCodes, type SubscribeFrame } from '@guildwire/realtime-client/protocol';
import { catchUp } from '../replay/catch-up.js';
import { subscribedFrame } from './server-frames.js';
import type { SessionContext } from './session-context.js';
import { restartAt, type Subscription } from './subscription.js';

/**
 * Answers `subscribe` for a subscription already registered in the fan-out (mode `pending`):
 * resume from memory, resume from the stream, or `recovered: false` and live from the head.
 */
export async function startSubscription(
  sub: Subscription,
  frame: SubscribeFrame,
  ctx: SessionContext,
): Promise<void> {
  const { since } = frame;
  // The gateway listens while its history is still being refilled; answering before it is complete
  // would send resumes to the stream (or put fresh subscriptions at a stale head).
  const refilled = ctx.historyRefilled();
  if (refilled !== undefined) {
    const registered = sub.generation;
    await refilled;
    if (sub.generation !== registered || sub.mode !== 'pending') return;
  }
  if (since === undefined || since.epoch !== ctx.epoch()) {
    ctx.metrics.unrecovered.inc({ reason: since === undefined ? 'no_since' : 'epoch' });
    ctx.startLive(sub);
    return;
  }
  // A cursor at or below this instance's head inside the history is served from memory at once. One
  // above the head may come from an instance further ahead (legitimate) or name a seq the stream
  // never had (a bogus cursor, or a stream that lost its tail but kept its epoch): ask the stream.
  if (since.seq <= ctx.history.head && ctx.history.completeAfter(sub.guildId, since.seq)) {
    resumeFrom(sub, since.seq, 'memory', ctx);
    return;
  }
  const generation = sub.generation;
  let firstSeq: number;
  let lastSeq: number;
  try {
    ({ firstSeq, lastSeq } = await streamSummary(ctx.bus));
  } catch (err) {
    if (sub.generation === generation) ctx.fail(sub, err);
    return;
  }
  // Unsubscribed, resubscribed or resynced (new epoch) while the stream answered.
  if (sub.generation !== generation || sub.mode !== 'pending') return;
  if (since.epoch !== ctx.epoch()) {
    ctx.metrics.unrecovered.inc({ reason: 'epoch' });
    ctx.startLive(sub);
  } else if (since.seq > lastSeq) {
    // Resuming there would silently skip every event up to since.seq: the client cannot hold what
    // the stream never stored, so its state is unknown and it must reload (protocol §4).
    ctx.metrics.unrecovered.inc({ reason: 'cursor_ahead' });
    ctx.startLive(sub);
  } else if (firstSeq > since.seq + 1) {
    ctx.metrics.unrecovered.inc({ reason: 'retention' });
    ctx.startLive(sub);
  } else {
    resumeFrom(sub, since.seq, ctx.history.completeAfter(sub.guildId, since.seq) ? 'memory' : 'stream', ctx);
  }
}

function resumeFrom(sub: Subscription, seq: number, source: 'memory' | 'stream', ctx: SessionContext): void {
  ctx.metrics.resumes.inc({ source });
  sub.outbound.send(subscribedFrame(sub.guildId, ctx.history.head, ctx.epoch(), true));
  restartAt(sub, seq);
  void catchUp(sub, ctx).catch((err) => ctx.fail(sub, err));
}

/** The error frame for a subscription the token does not allow. */
export const forbiddenMessage = (guildId: string) => ({
  code: errorCodes.forbidden,
  message: `the token grants no role in guild ${guildId}`,
});
