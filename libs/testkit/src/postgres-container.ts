import type { Testcontainers } from './container-runtime.js';
import type { TestPostgres } from './test-postgres-types.js';

const IMAGE = 'postgres:18-alpine';
const PORT = 5432;
const PASSWORD = 'test';

/** Start a throwaway Postgres container tuned for tests (data on tmpfs, no fsync). */
export async function startContainerPostgres({
  GenericContainer,
  Wait,
}: Testcontainers): Promise<Omit<TestPostgres, 'startMs'>> {
  const container = await new GenericContainer(IMAGE)
    .withEnvironment({ POSTGRES_PASSWORD: PASSWORD })
    .withCommand([
      'postgres',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ])
    .withTmpFs({ '/var/lib/postgresql': 'rw' })
    .withExposedPorts(PORT)
    // The entrypoint starts Postgres twice (init, then for real): wait for the second "ready".
    .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
    .start();
  let stopped = false;
  return {
    url: `postgres://postgres:${PASSWORD}@${container.getHost()}:${container.getMappedPort(PORT)}/postgres`,
    source: 'docker',
    async stop() {
      if (stopped) return;
      stopped = true;
      await container.stop({ remove: true, removeVolumes: true });
    },
  };
}
