import { randomBytes } from 'node:crypto';
import WebSocket from 'ws';
import type { FakeDiscordContext } from '../context.js';
import { Op } from './constants.js';

/** A dispatch frame kept for replay on RESUME. */
interface BacklogEntry {
  seq: number;
  frame: string;
}

/** A gateway session: survives its connection for the resume window, numbering every dispatch. */
export interface GatewaySession {
  readonly id: string;
  readonly shardId: number;
  readonly shardCount: number;
  readonly intents: number;
  /** The sequence number of the last dispatch. */
  seq: number;
  socket: WebSocket | null;
  /** How many times the session was resumed. */
  resumes: number;
  backlog: BacklogEntry[];
  cancelExpiry: (() => void) | undefined;
}

/** Creates a session for an IDENTIFY with the given shard pair and intents. */
export function createSession(shardId: number, shardCount: number, intents: number): GatewaySession {
  return {
    id: randomBytes(16).toString('hex'),
    shardId,
    shardCount,
    intents,
    seq: 0,
    socket: null,
    resumes: 0,
    backlog: [],
    cancelExpiry: undefined,
  };
}

/** Sends a frame if the session's socket is open. */
export function sendFrame(session: GatewaySession, frame: string): void {
  if (session.socket?.readyState === WebSocket.OPEN) session.socket.send(frame);
}

/**
 * Numbers and sends a dispatch, keeping it for RESUME. A session without a connection still
 * numbers and keeps dispatches: that is what a resumed client gets replayed.
 */
export function dispatch(ctx: FakeDiscordContext, session: GatewaySession, name: string, data: object): void {
  session.seq += 1;
  const frame = JSON.stringify({ op: Op.Dispatch, t: name, s: session.seq, d: data });
  session.backlog.push({ seq: session.seq, frame });
  if (session.backlog.length > ctx.options.resumeBacklog) session.backlog.shift();
  sendFrame(session, frame);
}

/** True when every dispatch after `seq` is still in the backlog, so a RESUME from `seq` is lossless. */
export function canReplayFrom(session: GatewaySession, seq: number): boolean {
  if (seq > session.seq || seq < 0) return false;
  const oldest = session.backlog[0]?.seq ?? session.seq + 1;
  return seq >= oldest - 1;
}

/** Sends every kept dispatch numbered after `seq`. */
export function replayFrom(session: GatewaySession, seq: number): number {
  const missed = session.backlog.filter((entry) => entry.seq > seq);
  for (const entry of missed) sendFrame(session, entry.frame);
  return missed.length;
}
