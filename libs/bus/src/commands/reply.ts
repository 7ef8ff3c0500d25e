import { CommandErrorSchema, createMessage, decodeMessage, encodeMessage } from '@guildwire/contracts';
import type { ErrorDetails, GuildwireError } from '@guildwire/errors';
import { headers, type MsgHdrs } from '@nats-io/transport-node';
import { CommandRejectedError } from '../errors.js';

/** Header that marks a reply as a typed CommandError (the micro protocol's error headers ride along). */
export const errorReplyHeader = 'Guildwire-Error';

/** An encoded error reply: protobuf CommandError plus the header that marks it. */
export interface ErrorReply {
  readonly payload: Uint8Array;
  readonly headers: MsgHdrs;
}

/** Encodes a Guildwire error as a typed reply: field errors as such, other details as JSON. */
export function errorReply(err: GuildwireError): ErrorReply {
  const h = headers();
  h.set(errorReplyHeader, err.code);
  const { details } = err;
  const fieldErrors = Array.isArray(details) ? details : [];
  const detailsJson = details !== undefined && !Array.isArray(details) ? JSON.stringify(details) : '';
  const payload = encodeMessage(
    CommandErrorSchema,
    createMessage(CommandErrorSchema, {
      code: err.code,
      message: err.message,
      status: err.statusCode,
      fieldErrors: fieldErrors.map(({ field, message }) => ({ field, message })),
      detailsJson,
    }),
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
  return new CommandRejectedError(subject, {
    code: err.code,
    statusCode: err.status,
    message: err.message,
    details: detailsOf(err.fieldErrors, err.detailsJson),
  });
}

function detailsOf(
  fieldErrors: ReadonlyArray<{ field: string; message: string }>,
  json: string,
): ErrorDetails | undefined {
  if (fieldErrors.length > 0) return fieldErrors.map(({ field, message }) => ({ field, message }));
  if (json === '') return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
