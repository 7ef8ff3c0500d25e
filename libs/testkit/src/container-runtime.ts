import { dockerAvailable } from './docker-probe.js';

/** The testcontainers module, as loaded on demand. */
export type Testcontainers = typeof import('testcontainers');

/** Why containers are not used, or the loaded testcontainers module. */
export type ContainerRuntime =
  | { readonly ok: true; readonly tc: Testcontainers }
  | { readonly ok: false; readonly why: string };

let runtime: Promise<ContainerRuntime> | undefined;

async function resolveRuntime(): Promise<ContainerRuntime> {
  if (!(await dockerAvailable())) return { ok: false, why: 'no Docker engine answers' };
  // Loaded lazily: machines without Docker never pay for it, and testcontainers 12 (its undici 8)
  // fails to load on Node 20 (no zlib zstd), which must not break the local-binaries path.
  try {
    return { ok: true, tc: await import('testcontainers') };
  } catch (error) {
    return {
      ok: false,
      why: `Docker answers but testcontainers fails to load on Node ${process.versions.node}: ${String(error)}`,
    };
  }
}

/** Docker plus a loadable testcontainers, decided once per process. */
export function containerRuntime(): Promise<ContainerRuntime> {
  runtime ??= resolveRuntime();
  return runtime;
}
