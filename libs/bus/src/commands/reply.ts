import { CommandErrorSchema, createMessage, decodeMessage, encodeMessage } from '@guildwire/contracts';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { CommandRejectedError } from '../errors.js';

/** Header that marks a reply as a typed CommandError (the micro protocol's error headers ride along). */
export const errorReplyHeader = 'Guildwire-Error';

/** Encodes a typed error reply: protobuf CommandError plus headers. */
export function errorReply(
  code: string,
  message: string,
  status: number,
  fieldErrors: ReadonlyArray<{ field: string; message: string }> = [],
): { payload: Uint8Array; headers: MsgHdrs } {
  const h = headers();
  h.set(errorReplyHeader, code);
  const payload = encodeMessage(
    CommandErrorSchema,
    createMessage(CommandErrorSchema, { code, message, status, fieldErrors: [...fieldErrors] }),
  );
  return { payload, headers: h };
}

/** Turns an error reply into CommandRejectedError; undefined when the reply is a success. */
export function rejectionOf(
  subject: string,
  hdrs: MsgHdrs | undefined,
  payload: Uint8Array,
): CommandRejectedError | undefined {
  if (!hdrs?.has(errorReplyHeader)) return undefined;
  const err = decodeMessage(CommandErrorSchema, payload);
  return new CommandRejectedError(subject, err.code, err.message, err.status, err.fieldErrors);
}
