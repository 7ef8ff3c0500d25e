const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Throw unless `schema` is a plain lower-case Postgres identifier (safe unquoted in search_path). */
export function assertSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new TypeError(`db: schema "${schema}" must match ${SCHEMA_NAME} (lower-case letters, digits, _)`);
  }
  return schema;
}
