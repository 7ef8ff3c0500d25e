import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import type { Audience } from './audience.js';

/** One event type: its name, the proto message it carries and who may see it. */
export interface EventDef<S extends DescMessage = DescMessage> {
  /** `<domain>.<event>`, e.g. `ticket.claimed`; also the last two subject tokens. */
  readonly type: string;
  readonly domain: string;
  readonly event: string;
  readonly schema: S;
  readonly audience: Audience<MessageShape<S>>;
}

/** The message type carried by an event definition. */
export type EventOf<D extends EventDef> = D extends EventDef<infer S> ? MessageShape<S> : never;

const token = /^[a-z][a-z0-9_]*$/;

/** Declares an event type; domain and event must be lower-case subject tokens. */
export function defineEvent<S extends DescMessage>(
  domain: string,
  event: string,
  schema: S,
  audience: Audience<MessageShape<S>>,
): EventDef<S> {
  if (!token.test(domain) || !token.test(event)) throw new Error(`bad event name ${domain}.${event}`);
  if (!schema.fields.some((f) => f.localName === 'meta')) {
    throw new Error(`event ${domain}.${event}: message ${schema.typeName} has no meta field`);
  }
  return Object.freeze({ type: `${domain}.${event}`, domain, event, schema, audience });
}
