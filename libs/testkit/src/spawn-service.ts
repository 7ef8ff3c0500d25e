import { freePort } from './free-port.js';
import { type SpawnTsOptions, spawnTs, type TsProcess } from './spawn-ts.js';
import { waitUntil } from './wait-until.js';

/** Options for {@link spawnService}: spawnTs's, and the path that answers 2xx once it is ready. */
export interface SpawnServiceOptions extends SpawnTsOptions {
  /** Default `/readyz`. */
  readonly readyPath?: string;
  /** How long it may take to get ready. Default 30 000 ms. */
  readonly readyTimeoutMs?: number;
  /** The port to listen on (for a service whose own URL must be known before it starts); default a free one. */
  readonly port?: number;
}

/** A service process listening on 127.0.0.1 and ready. */
export interface ServiceProcess {
  readonly child: TsProcess;
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
}

/**
 * Runs a service's `main.ts` as its own process on a free loopback port (`PORT`, `HOST` set) and
 * waits until its ready path answers; rejects with its stderr when it exits first.
 */
export async function spawnService(file: string, options: SpawnServiceOptions = {}): Promise<ServiceProcess> {
  const port = options.port ?? (await freePort());
  const child = spawnTs(file, { ...options, env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' } });
  const url = `http://127.0.0.1:${port}`;
  const readyUrl = `${url}${options.readyPath ?? '/readyz'}`;
  await waitUntil(
    `${file} is ready`,
    async () => ((await fetch(readyUrl).catch(() => undefined))?.ok ? true : undefined),
    {
      abort: () =>
        child.child.exitCode === null ? undefined : new Error(`${file} exited: ${child.stderr()}`),
      ...(options.readyTimeoutMs === undefined ? {} : { timeoutMs: options.readyTimeoutMs }),
    },
  );
  return { child, url };
}
