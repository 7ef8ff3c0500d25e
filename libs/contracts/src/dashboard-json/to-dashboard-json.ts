import {
  type DescEnum,
  type DescField,
  type DescMessage,
  isFieldSet,
  type Message,
  type MessageShape,
  ScalarType,
  toJson,
} from '@bufbuild/protobuf';
import { base64Encode } from '@bufbuild/protobuf/wire';
import { FeatureSet_FieldPresence, type Timestamp, type Value, ValueSchema } from '@bufbuild/protobuf/wkt';
import { enumValueJsonName } from './names.js';
import type { DashboardJsonSchema } from './schema.js';

/** Thrown when a message holds a value the dashboard dialect cannot carry (an int64 above 2^53, NaN). */
export class DashboardJsonError extends Error {
  override name = 'DashboardJsonError';
  constructor(typeName: string, field: string, reason: string) {
    super(`${typeName}.${field}: ${reason}`);
  }
}

/**
 * A message in the dashboard JSON dialect (docs/realtime-protocol.md, "The dashboard JSON dialect"): camelCase
 * fields, every field present, absent optional/message fields as null, enums as lower-case names
 * without their prefix (the zero value as null), timestamps as ISO-8601 with milliseconds, 64-bit
 * integers as numbers. Typed by the generated schema of the message (`TicketJson`, ...).
 */
export function toDashboardJson<D extends DescMessage, J>(
  schema: DashboardJsonSchema<D, J>,
  message: MessageShape<D>,
): J {
  return messageJson(schema['~message'], message) as J;
}

type Fields = Record<string, unknown>;

function messageJson(desc: DescMessage, message: Message): Fields {
  const fields = message as unknown as Fields;
  const out: Fields = {};
  for (const field of desc.fields) {
    let value: unknown;
    if (field.oneof) {
      const selected = fields[field.oneof.localName] as { case: string | undefined; value?: unknown };
      value = selected.case === field.localName ? selected.value : undefined;
    } else if (
      field.presence === FeatureSet_FieldPresence.EXPLICIT &&
      (field.fieldKind === 'scalar' || field.fieldKind === 'enum')
    ) {
      value = isFieldSet(message, field) ? fields[field.localName] : undefined;
    } else {
      value = fields[field.localName];
    }
    out[field.jsonName] = value === undefined ? null : fieldJson(desc, field, value);
  }
  return out;
}

function fieldJson(desc: DescMessage, field: DescField, value: unknown): unknown {
  switch (field.fieldKind) {
    case 'scalar':
      return scalarJson(desc, field, field.scalar, value);
    case 'enum':
      return enumJson(field.enum, value as number);
    case 'message':
      return singleMessageJson(field.message, value as Message);
    case 'list':
      return (value as unknown[]).map((item) => {
        if (field.listKind === 'scalar') return scalarJson(desc, field, field.scalar, item);
        if (field.listKind === 'enum') return enumJson(field.enum, item as number);
        return singleMessageJson(field.message, item as Message);
      });
    case 'map': {
      const out: Fields = {};
      for (const [key, item] of Object.entries(value as Fields)) {
        if (field.mapKind === 'scalar') out[key] = scalarJson(desc, field, field.scalar, item);
        else if (field.mapKind === 'enum') out[key] = enumJson(field.enum, item as number);
        else out[key] = singleMessageJson(field.message, item as Message);
      }
      return out;
    }
  }
}

function singleMessageJson(desc: DescMessage, message: Message): unknown {
  if (desc.typeName === 'google.protobuf.Timestamp') return timestampJson(message as Timestamp);
  // protobuf-es holds a Struct field as the JSON object itself; a Value is a message of its own.
  if (desc.typeName === 'google.protobuf.Struct') return structuredClone(message);
  if (desc.typeName === 'google.protobuf.Value') return toJson(ValueSchema, message as Value);
  return messageJson(desc, message);
}

// Truncated to the millisecond, the precision of a JS Date (and of what the services store).
function timestampJson(ts: Timestamp): string {
  return new Date(Number(ts.seconds) * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString();
}

// Zero is "unspecified" in every enum of ours; a number this build does not know (a newer
// producer) is null as well, so a dashboard sees "no known value" rather than a bare number.
function enumJson(desc: DescEnum, value: number): string | null {
  if (value === 0) return null;
  const known = desc.value[value];
  return known ? enumValueJsonName(known.name, desc.sharedPrefix) : null;
}

function scalarJson(desc: DescMessage, field: DescField, type: ScalarType, value: unknown): unknown {
  switch (type) {
    case ScalarType.INT64:
    case ScalarType.UINT64:
    case ScalarType.SINT64:
    case ScalarType.FIXED64:
    case ScalarType.SFIXED64: {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) {
        throw new DashboardJsonError(desc.typeName, field.name, `${String(value)} is beyond 2^53`);
      }
      return n;
    }
    case ScalarType.DOUBLE:
    case ScalarType.FLOAT:
      if (!Number.isFinite(value)) {
        throw new DashboardJsonError(desc.typeName, field.name, `${String(value)} is not a JSON number`);
      }
      return value;
    case ScalarType.BYTES:
      return base64Encode(value as Uint8Array);
    default:
      return value;
  }
}
