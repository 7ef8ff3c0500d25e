import type { JsonValue } from '@bufbuild/protobuf';
import {
  create,
  type DescMessage,
  fromBinary,
  type MessageInitShape,
  type MessageShape,
  toBinary,
  toJson,
} from '@bufbuild/protobuf';

/** Thrown when bytes are not a valid encoding of the expected message. */
export class PayloadDecodeError extends Error {
  override name = 'PayloadDecodeError';
  constructor(typeName: string, cause: unknown) {
    super(`payload is not a valid ${typeName}: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
  }
}

/** Creates a message of `schema` from a partial initialiser. */
export function createMessage<S extends DescMessage>(schema: S, init?: MessageInitShape<S>): MessageShape<S> {
  return create(schema, init);
}

/** Protobuf binary, the form on NATS. */
export function encodeMessage<S extends DescMessage>(schema: S, message: MessageShape<S>): Uint8Array {
  return toBinary(schema, message);
}

/** Decodes protobuf binary; throws PayloadDecodeError on bytes that are not this message. */
export function decodeMessage<S extends DescMessage>(schema: S, bytes: Uint8Array): MessageShape<S> {
  try {
    return fromBinary(schema, bytes);
  } catch (err) {
    throw new PayloadDecodeError(schema.typeName, err);
  }
}

/** The canonical proto3 JSON form (logs, tools); HTTP and the realtime stream use `toDashboardJson`. */
export function messageToJson<S extends DescMessage>(schema: S, message: MessageShape<S>): JsonValue {
  return toJson(schema, message);
}
