import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { DashboardJsonSchema } from '../dashboard-json/schema.js';
import type { Audience } from './audience.js';

/** One event type: its name, the proto message it carries (and that message's JSON form), who may see it. */
export interface EventDef<S extends DescMessage = DescMessage, J = unknown, T extends string = string> {
  /** `<domain>.<event>`, e.g. `ticket.claimed`; also the last two subject tokens. */
  readonly type: T;
  readonly domain: string;
  readonly event: string;
  readonly schema: S;
  /** The message in the dashboard JSON dialect: the `data` of the event's realtime frames. */
  readonly json: DashboardJsonSchema<S, J>;
  readonly audience: Audience<MessageShape<S>>;
}

/** The message type carried by an event definition. */
export type EventOf<D extends EventDef> = D extends EventDef<infer S> ? MessageShape<S> : never;

/** The dashboard-JSON payload of an event definition (the `data` of its realtime frames). */
export type EventJsonOf<D extends EventDef> = D extends {
  readonly json: DashboardJsonSchema<DescMessage, infer J>;
}
  ? J
  : never;

const token = /^[a-z][a-z0-9_]*$/;

/**
 * Declares an event type from the generated dashboard-JSON schema of its message (which names the
 * message); domain and event must be lower-case subject tokens.
 */
export function defineEvent<
  const Domain extends string,
  const Event extends string,
  S extends DescMessage,
  J,
>(
  domain: Domain,
  event: Event,
  json: DashboardJsonSchema<S, J>,
  audience: Audience<MessageShape<S>>,
): EventDef<S, J, `${Domain}.${Event}`> {
  const schema = json['~message'];
  if (!token.test(domain) || !token.test(event)) throw new Error(`bad event name ${domain}.${event}`);
  if (!schema.fields.some((f) => f.localName === 'meta')) {
    throw new Error(`event ${domain}.${event}: message ${schema.typeName} has no meta field`);
  }
  return Object.freeze({ type: `${domain}.${event}` as const, domain, event, schema, json, audience });
}
