import pg from 'pg';
import { randomName } from './random-name.js';
import type { TestPostgres } from './test-postgres-types.js';

async function onServer(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** Create `gw_test_<random>` on the server at DATABASE_URL; teardown drops it WITH (FORCE). */
export async function createSharedDatabase(serverUrl: string): Promise<Omit<TestPostgres, 'startMs'>> {
  const name = randomName('gw_test_', 6);
  await onServer(serverUrl, `create database ${name}`).catch((cause: unknown) => {
    throw new Error(`testPostgres: cannot create a database on DATABASE_URL (${redact(serverUrl)})`, {
      cause,
    });
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  let stopped = false;
  return {
    url: url.toString(),
    source: 'env',
    async stop() {
      if (stopped) return;
      stopped = true;
      await onServer(serverUrl, `drop database if exists ${name} with (force)`);
    },
  };
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}
