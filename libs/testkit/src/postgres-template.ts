import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, open, readFile, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { postgresBinaries } from './postgres-binaries.js';
import { chownTree, postgresRunAs } from './postgres-user.js';
import { waitUntil } from './wait-until.js';

const run = promisify(execFile);
const CACHE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '.data', 'testkit');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function initdbInto(target: string): Promise<void> {
  const { initdb } = await postgresBinaries();
  const owner = await postgresRunAs();
  const work = await mkdtemp(join(tmpdir(), 'gw-testkit-initdb-'));
  try {
    await chownTree(work, owner);
    const data = join(work, 'data');
    // 1 MB WAL segments instead of 16: the template, copied once per test file, shrinks by 15 MB.
    const args = [
      '-D',
      data,
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C',
      '--wal-segsize=1',
    ];
    await run(initdb, [...args, '--no-sync', '--no-instructions'], {
      ...(owner ?? {}),
      env: { LC_ALL: 'C' },
    });
    // Copy then rename, so other processes see either no template or a complete one.
    const staging = `${target}.staging-${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(data, staging, { recursive: true });
    // Owned by the server's user, so per-file copies made with `cp -a` need no chown walk.
    await chownTree(staging, owner);
    await rename(staging, target);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// One process runs initdb; the others wait for the template to appear. A lock left by a dead
// process (killed mid-initdb) is taken over.
async function takeLockOrWait(lock: string, template: string): Promise<boolean> {
  for (;;) {
    try {
      const handle = await open(lock, 'wx');
      await handle.writeFile(String(process.pid));
      await handle.close();
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = Number(await readFile(lock, 'utf8').catch(() => '0'));
    if (holder > 0 && !isAlive(holder)) {
      await rm(lock, { force: true });
      continue;
    }
    await waitUntil(
      `Postgres template ${template} (initdb by pid ${holder})`,
      async () => (existsSync(template) || !existsSync(lock) ? true : undefined),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    if (existsSync(template)) return false;
  }
}

/** Path of an initdb'ed data directory for this Postgres version, created once per machine. */
export async function postgresTemplate(): Promise<string> {
  const { version } = await postgresBinaries();
  const template = join(CACHE_DIR, `pg-template-${version}`);
  if (existsSync(join(template, 'PG_VERSION'))) return template;
  await mkdir(CACHE_DIR, { recursive: true });
  const lock = `${template}.lock`;
  if (!(await takeLockOrWait(lock, template))) return template;
  try {
    if (!existsSync(template)) await initdbInto(template);
  } finally {
    await rm(lock, { force: true });
  }
  return template;
}
