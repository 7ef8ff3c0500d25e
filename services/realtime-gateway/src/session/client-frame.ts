import { isGuildId } from '@guildwire/contracts';
import { type ClientFrame, errorCodes, presenceTopicPattern } from '@guildwire/realtime-client/protocol';

/** Why a client frame was refused, as the `error` frame will say it. */
export interface FrameProblem {
  readonly problem: true;
  readonly code: string;
  readonly message: string;
}

const problem = (code: string, message: string): FrameProblem => ({ problem: true, code, message });
const bad = (message: string) => problem(errorCodes.badFrame, message);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function guildIdOf(frame: Record<string, unknown>): string | FrameProblem {
  const { guildId } = frame;
  if (typeof guildId !== 'string' || !isGuildId(guildId))
    return bad('guildId must be a guild snowflake string');
  return guildId;
}

function viewOf(op: 'view' | 'unview', frame: Record<string, unknown>): ClientFrame | FrameProblem {
  const guildId = guildIdOf(frame);
  if (typeof guildId !== 'string') return guildId;
  const { topic } = frame;
  if (typeof topic !== 'string' || !presenceTopicPattern.test(topic))
    return bad('topic must be "ticket:<id>" (id: 1-64 letters, digits, - or _)');
  return { op, guildId, topic };
}

/** Parses and validates one text frame; never throws. */
export function parseClientFrame(text: string): ClientFrame | FrameProblem {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return bad('frame is not valid JSON');
  }
  if (!isObject(value)) return bad('frame must be a JSON object');
  switch (value.op) {
    case 'auth':
      if (typeof value.token !== 'string' || value.token === '') return bad('auth needs a token string');
      return { op: 'auth', token: value.token };
    case 'ping':
      return { op: 'ping' };
    case 'unsubscribe': {
      const guildId = guildIdOf(value);
      return typeof guildId === 'string' ? { op: 'unsubscribe', guildId } : guildId;
    }
    case 'view':
    case 'unview':
      return viewOf(value.op, value);
    case 'subscribe': {
      const guildId = guildIdOf(value);
      if (typeof guildId !== 'string') return guildId;
      if (value.since === undefined || value.since === null) return { op: 'subscribe', guildId };
      const since = value.since;
      if (!isObject(since) || !Number.isSafeInteger(since.seq) || (since.seq as number) < 0) {
        return bad('since.seq must be a non-negative integer');
      }
      if (typeof since.epoch !== 'string' || since.epoch.length > 100)
        return bad('since.epoch must be a string');
      return { op: 'subscribe', guildId, since: { seq: since.seq as number, epoch: since.epoch } };
    }
    default:
      return problem(errorCodes.unknownOp, `unknown op ${JSON.stringify(String(value.op)).slice(0, 40)}`);
  }
}

/** True when `parseClientFrame` refused the frame. */
export function isFrameProblem(v: ClientFrame | FrameProblem): v is FrameProblem {
  return 'problem' in v;
}
