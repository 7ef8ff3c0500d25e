import { homedir } from 'node:os';

/** Settings testkit reads from the environment, parsed once at import. */
export interface TestkitEnv {
  /** Postgres server on which each test file gets its own database, when set. */
  readonly databaseUrl: string | undefined;
  /** NATS server shared by test files (isolated by namespace), when set. */
  readonly natsUrl: string | undefined;
  /** Docker endpoint as testcontainers would use it (`unix:///…` or `tcp://…`). */
  readonly dockerHost: string | undefined;
  /** `false` when TESTKIT_DOCKER=off: skip the Docker probe entirely. */
  readonly dockerAllowed: boolean;
  /** Home directory, for the per-user Docker socket location. */
  readonly home: string;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** The one place testkit reads `process.env`. */
export const testkitEnv: TestkitEnv = Object.freeze({
  databaseUrl: nonEmpty(process.env.DATABASE_URL),
  natsUrl: nonEmpty(process.env.NATS_URL),
  dockerHost: nonEmpty(process.env.DOCKER_HOST),
  dockerAllowed: process.env.TESTKIT_DOCKER !== 'off',
  home: homedir(),
});

/** Environment for a child process: the parent's, with `extra` on top. */
export function childEnv(extra: Readonly<Record<string, string | undefined>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}
