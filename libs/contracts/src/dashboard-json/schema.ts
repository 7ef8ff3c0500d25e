import type { DescMessage } from '@bufbuild/protobuf';
import { type TSchema, type TUnsafe, Type } from 'typebox';

/**
 * The JSON Schema (TypeBox) of a proto message in the dashboard dialect, bound to the message it
 * describes. `Static` of it is the generated `<Message>Json` interface, declared explicitly rather
 * than inferred so that type-checking stays cheap; the message descriptor is kept under a hidden
 * `~message` key (not enumerable, like TypeBox's own `~` keys), so it never shows in OpenAPI.
 */
export interface DashboardJsonSchema<D extends DescMessage = DescMessage, J = unknown> extends TUnsafe<J> {
  readonly '~message': D;
}

/** Binds a generated schema to its message descriptor; called by the generated `_json.ts` files. */
export function dashboardJsonSchema<D extends DescMessage, J>(
  message: D,
  schema: TSchema,
): DashboardJsonSchema<D, J> {
  const bound = Type.Unsafe<J>(schema);
  Object.defineProperty(bound, '~message', { value: message, enumerable: false });
  return bound as DashboardJsonSchema<D, J>;
}

/** The dashboard-JSON type a schema describes, e.g. `JsonOf<typeof TicketJson>` is `TicketJson`. */
export type JsonOf<S> = S extends DashboardJsonSchema<DescMessage, infer J> ? J : never;
