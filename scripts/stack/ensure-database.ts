import pg from 'pg';

const DUPLICATE_DATABASE = '42P04';

/** Create database `name` on the server at `serverUrl` unless it exists (safe under races). */
export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  client.on('error', () => undefined);
  await client.connect();
  try {
    const found = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (found.rowCount !== 0) return;
    await client.query(`create database ${client.escapeIdentifier(name)}`).catch((error: unknown) => {
      if ((error as { code?: string }).code !== DUPLICATE_DATABASE) throw error;
    });
  } finally {
    await client.end();
  }
}
