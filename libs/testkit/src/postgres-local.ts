import { chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { postgresBinaries } from './postgres-binaries.js';
import { copyDataDir } from './postgres-data-copy.js';
import { postgresAnswers } from './postgres-ready.js';
import { postgresTemplate } from './postgres-template.js';
import { postgresRunAs } from './postgres-user.js';
import { trackDirectory, untrackDirectory } from './process-reaper.js';
import { type ServerProcess, spawnServer } from './server-process.js';
import type { TestPostgres } from './test-postgres-types.js';
import { waitUntil } from './wait-until.js';

const HOST = '127.0.0.1';

// Durability is worthless for a throwaway test database; these settings trade it for speed.
const TEST_SETTINGS = [
  'listen_addresses=127.0.0.1',
  'unix_socket_directories=',
  'fsync=off',
  'synchronous_commit=off',
  'full_page_writes=off',
  'shared_buffers=32MB',
  'max_connections=100',
];

async function startOn(port: number, data: string): Promise<ServerProcess | 'port-taken'> {
  const { postgres } = await postgresBinaries();
  const owner = await postgresRunAs();
  const args = ['-D', data, '-p', String(port), ...TEST_SETTINGS.flatMap((s) => ['-c', s])];
  // SIGQUIT is Postgres' immediate shutdown: the postmaster takes its backends down with it.
  const server = spawnServer('postgres', postgres, args, { ...(owner ?? {}), reapSignal: 'SIGQUIT' });
  const url = `postgres://postgres@${HOST}:${port}/postgres`;
  try {
    await waitUntil(`postgres on ${HOST}:${port}`, () => postgresAnswers(url), { abort: server.exitError });
    return server;
  } catch (error) {
    await server.stop('SIGQUIT');
    if (/could not bind|Address already in use/i.test(server.output())) return 'port-taken';
    throw error;
  }
}

/** Start a private Postgres from a copy of the cached template on a free port. */
export async function startLocalPostgres(): Promise<Omit<TestPostgres, 'startMs'>> {
  const template = await postgresTemplate();
  const dir = await mkdtemp(join(tmpdir(), 'gw-testkit-pg-'));
  trackDirectory(dir);
  const data = join(dir, 'data');
  try {
    const owner = await postgresRunAs();
    if (owner !== undefined) await chown(dir, owner.uid, owner.gid);
    await copyDataDir(template, data, owner);
    for (let attempt = 0; ; attempt++) {
      const port = await freePort(HOST);
      const server = await startOn(port, data);
      if (server === 'port-taken' && attempt < 3) continue;
      if (server === 'port-taken') throw new Error('testPostgres: no port could be bound');
      let stopped = false;
      return {
        url: `postgres://postgres@${HOST}:${port}/postgres`,
        source: 'local',
        async stop() {
          if (stopped) return;
          stopped = true;
          await server.stop('SIGQUIT');
          await rm(dir, { recursive: true, force: true });
          untrackDirectory(dir);
        },
      };
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    untrackDirectory(dir);
    throw error;
  }
}
