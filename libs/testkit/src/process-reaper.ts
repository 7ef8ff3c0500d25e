import { rmSync } from 'node:fs';

// Everything testkit starts is registered here so that nothing outlives the test process: on
// normal exit and on SIGINT/SIGTERM/SIGHUP the children are killed and their directories removed,
// synchronously, even when a test forgot (or never reached) its teardown.

interface Tracked {
  readonly pid: number;
  readonly signal: NodeJS.Signals;
}

const processes = new Map<number, Tracked>();
const directories = new Set<string>();
const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
let installed = false;

function reapSync(): void {
  for (const { pid, signal } of processes.values()) {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
  processes.clear();
  for (const dir of directories) rmSync(dir, { recursive: true, force: true });
  directories.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  reapSync();
  for (const s of signals) process.removeListener(s, onSignal);
  // Re-raise so the default action (or another handler, e.g. tap's signal-exit) ends the process.
  process.kill(process.pid, signal);
}

function install(): void {
  if (installed) return;
  installed = true;
  process.on('exit', reapSync);
  for (const s of signals) process.on(s, onSignal);
}

/** Kill `pid` with `signal` if it is still running when this process exits. */
export function trackProcess(pid: number, signal: NodeJS.Signals = 'SIGKILL'): void {
  install();
  processes.set(pid, { pid, signal });
}

/** Forget a process that has been stopped deliberately. */
export function untrackProcess(pid: number): void {
  processes.delete(pid);
}

/** Remove `dir` when this process exits, unless it was removed (and untracked) before. */
export function trackDirectory(dir: string): void {
  install();
  directories.add(dir);
}

/** Forget a directory that has been removed deliberately. */
export function untrackDirectory(dir: string): void {
  directories.delete(dir);
}
