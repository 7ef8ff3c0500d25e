/**
 * The dashboard name of an enum value: its proto name without the prefix all values of the enum
 * share, lower-cased (`TICKET_STATUS_OPEN` → `open`). The generator and the converter both call this,
 * so the literal types of the generated schemas and the converter's output cannot drift apart.
 * `sharedPrefix` is protobuf-es's (`ticket_status_`, lower case; undefined when values share none).
 */
export function enumValueJsonName(protoName: string, sharedPrefix: string | undefined): string {
  const name = protoName.toLowerCase();
  return sharedPrefix !== undefined && name.startsWith(sharedPrefix) ? name.slice(sharedPrefix.length) : name;
}
