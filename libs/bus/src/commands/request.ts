import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  type CommandDef,
  commandSubject,
  createMessage,
  decodeMessage,
  encodeMessage,
} from '@guildwire/contracts';
import { type MsgHdrs, NoRespondersError, TimeoutError } from '@nats-io/transport-node';
import type { Bus } from '../connection.js';
import { CommandTimeoutError, NoResponderError } from '../errors.js';
import { rejectionOf } from './reply.js';

/** Options of one command request. */
export interface RequestOptions {
  readonly timeoutMs?: number;
  readonly headers?: MsgHdrs;
}

/**
 * Sends a command and awaits its reply. Throws CommandRejectedError for a typed error reply,
 * CommandTimeoutError past the deadline, NoResponderError when no replica listens.
 */
export async function requestCommand<Req extends DescMessage, Res extends DescMessage>(
  bus: Bus,
  def: CommandDef<Req, Res>,
  request: MessageInitShape<Req>,
  options: RequestOptions = {},
): Promise<MessageShape<Res>> {
  const subject = commandSubject(def);
  const timeoutMs = options.timeoutMs ?? 3000;
  const payload = encodeMessage(def.request, createMessage(def.request, request));
  let reply: Awaited<ReturnType<Bus['nc']['request']>>;
  try {
    reply = await bus.nc.request(bus.wire(subject), payload, {
      timeout: timeoutMs,
      ...(options.headers ? { headers: options.headers } : {}),
    });
  } catch (err) {
    if (causedBy(err, NoRespondersError)) throw new NoResponderError(subject, { cause: err });
    if (causedBy(err, TimeoutError)) throw new CommandTimeoutError(subject, timeoutMs, { cause: err });
    throw err;
  }
  const rejection = rejectionOf(subject, reply.headers, reply.data);
  if (rejection) throw rejection;
  return decodeMessage(def.response, reply.data);
}

function causedBy(err: unknown, type: new (...args: never[]) => unknown): boolean {
  let e: unknown = err;
  while (e instanceof Error) {
    if (e instanceof type) return true;
    e = (e as Error).cause;
  }
  return false;
}
