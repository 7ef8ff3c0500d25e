import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDb } from '@guildwire/db';
import { sql } from 'kysely';
import t from 'tap';
import { type PostgresLogger, startEmbeddedPostgres } from '../stack/embedded-postgres.js';

const silent: PostgresLogger = {
  debug: () => undefined,
  info: () => undefined,
  error: () => undefined,
};

t.test('startEmbeddedPostgres – initialises a data dir, then reuses it across restarts', async (t) => {
  const parent = await mkdtemp(join(tmpdir(), 'gw-db-embedded-'));
  t.teardown(() => rm(parent, { recursive: true, force: true }));
  await chmod(parent, 0o755); // as root, Postgres runs as `postgres`, which must reach the data dir
  const dataDir = join(parent, 'pg');
  const logged: string[] = [];
  const logger: PostgresLogger = { ...silent, debug: (obj) => void logged.push(JSON.stringify(obj)) };

  const first = await startEmbeddedPostgres({ dataDir, logger });
  t.teardown(() => first.stop());
  t.not(new URL(first.url).port, '5432', 'a free port, not the default');
  t.equal(new URL(first.url).pathname, '/guildwire', 'the database exists');
  const db = createDb({ url: first.url });
  await sql`create table kept (v text)`.execute(db);
  await sql`insert into kept values ('still here')`.execute(db);
  await db.destroy();
  await first.stop();
  t.ok(logged.length > 0, "the server's output went to the logger");

  const second = await startEmbeddedPostgres({ dataDir, logger: silent });
  t.teardown(() => second.stop());
  const again = createDb({ url: second.url });
  t.teardown(() => again.destroy());
  const rows = await sql<{ v: string }>`select v from kept`.execute(again);
  t.same(
    rows.rows.map((r) => r.v),
    ['still here'],
    'data survived the restart',
  );
});
