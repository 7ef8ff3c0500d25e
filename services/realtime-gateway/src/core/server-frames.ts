import type { ErrorFrame, SubscribedFrame, UnsubscribedFrame } from '@guildwire/realtime-client/protocol';

/** `subscribed` as JSON text. */
export function subscribedFrame(guildId: string, head: number, epoch: string, recovered: boolean): string {
  return JSON.stringify({ op: 'subscribed', guildId, head, epoch, recovered } satisfies SubscribedFrame);
}

/** `unsubscribed` as JSON text. */
export function unsubscribedFrame(guildId: string, reason?: UnsubscribedFrame['reason']): string {
  const frame: UnsubscribedFrame =
    reason === undefined ? { op: 'unsubscribed', guildId } : { op: 'unsubscribed', guildId, reason };
  return JSON.stringify(frame);
}

/** `error` as JSON text (`topic` for presence requests). */
export function errorFrame(code: string, message: string, guildId?: string, topic?: string): string {
  const frame: ErrorFrame =
    guildId === undefined
      ? { op: 'error', code, message }
      : topic === undefined
        ? { op: 'error', code, message, guildId }
        : { op: 'error', code, message, guildId, topic };
  return JSON.stringify(frame);
}

/** `pong` as JSON text (constant). */
export const pongFrame = '{"op":"pong"}';
