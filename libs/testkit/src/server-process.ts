import { type ChildProcess, spawn } from 'node:child_process';
import { ServerExitedError } from './errors.js';
import { trackProcess, untrackProcess } from './process-reaper.js';

/** A spawned server process with its captured output and a way to stop it. */
export interface ServerProcess {
  readonly child: ChildProcess;
  /** Combined stdout/stderr so far (last 64 KiB). */
  output(): string;
  /** Error to abort a readiness wait with, once the process has exited. */
  exitError(): Error | undefined;
  /** Send `signal`, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Options for {@link spawnServer}. */
export interface SpawnServerOptions {
  readonly uid?: number;
  readonly gid?: number;
  /** Signal that stops it cleanly when the test process exits without teardown. */
  readonly reapSignal?: NodeJS.Signals;
}

const OUTPUT_LIMIT = 64 * 1024;

/** Spawn `command` as a tracked server process (killed with the test process at the latest). */
export function spawnServer(
  what: string,
  command: string,
  args: readonly string[],
  options: SpawnServerOptions = {},
): ServerProcess {
  const ids = options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid };
  const child = spawn(command, args, { ...ids, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const append = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-OUTPUT_LIMIT);
  };
  child.stdout?.on('data', append);
  child.stderr?.on('data', append);
  let exited: ServerExitedError | undefined;
  let spawnError: Error | undefined;
  const exit = new Promise<void>((resolve) => {
    child.once('error', (error) => {
      spawnError = error;
      resolve();
    });
    child.once('exit', (code, signal) => {
      exited = new ServerExitedError(what, code, signal, output);
      resolve();
    });
  });
  if (child.pid !== undefined) trackProcess(child.pid, options.reapSignal ?? 'SIGKILL');
  void exit.then(() => {
    if (child.pid !== undefined) untrackProcess(child.pid);
  });

  return {
    child,
    output: () => output,
    exitError: () => spawnError ?? exited,
    async stop(signal = 'SIGTERM', graceMs = 5_000) {
      if (exited !== undefined || spawnError !== undefined) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exit;
      clearTimeout(timer);
    },
  };
}
