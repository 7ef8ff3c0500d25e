import { type ChildProcess, spawn } from 'node:child_process';
import { childEnv } from './env.js';
import { createLineBuffer } from './line-buffer.js';
import { trackProcess, untrackProcess } from './process-reaper.js';
import type { TeardownHost } from './teardown-host.js';

/** Options for {@link spawnTs}. */
export interface SpawnTsOptions {
  /** Added to (and overriding) the parent's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Arguments after the file name. */
  readonly args?: readonly string[];
  /** Node options before the file name (such as `--cpu-prof`, which NODE_OPTIONS refuses). */
  readonly nodeArgs?: readonly string[];
  /** Working directory; default the parent's. */
  readonly cwd?: string;
  /** When given, the child is SIGKILLed at the test's teardown. */
  readonly t?: TeardownHost;
}

/** How a child process ended. */
export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** A Node child process running a TypeScript file, with line-based waiting on its stdout. */
export interface TsProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Settles when the process has exited. */
  readonly exited: Promise<ChildExit>;
  /**
   * The next stdout line satisfying `match` (a predicate, a substring or a RegExp), counting lines
   * already printed since the previous match; rejects on timeout (default 30 s) or exit.
   */
  waitForLine(match: ((line: string) => boolean) | string | RegExp, timeoutMs?: number): Promise<string>;
  /** Stdout lines so far. */
  stdoutLines(): readonly string[];
  /** Stderr so far (last 64 KiB). */
  stderr(): string;
  /** SIGKILL the process (no cleanup runs in it: a crash); resolves once it has exited. */
  kill(): Promise<ChildExit>;
}

const STDERR_LIMIT = 64 * 1024;
// Resolved here, not by the child, so the child finds tsx whatever its working directory.
const TSX_LOADER = import.meta.resolve('tsx');

function toPredicate(match: ((line: string) => boolean) | string | RegExp): (line: string) => boolean {
  if (typeof match === 'string') return (line) => line.includes(match);
  if (match instanceof RegExp) return (line) => match.test(line);
  return match;
}

/** Spawn `node --import tsx <file> ...args`; the child never outlives the test process. */
export function spawnTs(file: string, options: SpawnTsOptions = {}): TsProcess {
  const child = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', TSX_LOADER, file, ...(options.args ?? [])],
    {
      env: childEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.cwd === undefined ? {} : { cwd: options.cwd }),
    },
  );
  if (child.pid === undefined) throw new Error(`spawnTs: could not start node for ${file}`);
  const pid = child.pid;
  trackProcess(pid, 'SIGKILL');
  const stdout = createLineBuffer();
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => stdout.push(chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_LIMIT);
  });
  const exited = new Promise<ChildExit>((resolve) => {
    child.once('exit', (code, signal) => {
      untrackProcess(pid);
      resolve({ code, signal });
    });
  });
  // 'exit' may come before the pipes are drained; end the line buffer only when stdout closes.
  child.once('close', (code, signal) => {
    stdout.end(
      new Error(`spawnTs: ${file} exited (code ${code}, signal ${signal})\n${stderr.slice(-4_000)}`),
    );
  });

  const describe = () => `stdout:\n${stdout.lines().slice(-20).join('\n')}\nstderr:\n${stderr.slice(-2_000)}`;
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    return exited;
  };
  options.t?.teardown(kill);
  return {
    child,
    pid,
    exited,
    waitForLine: (match, timeoutMs = 30_000) => stdout.next(toPredicate(match), timeoutMs, describe),
    stdoutLines: () => stdout.lines(),
    stderr: () => stderr,
    kill,
  };
}
