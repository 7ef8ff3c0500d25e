// A child process of the local stack: its own process group (so Ctrl+C reaches only the launcher,
// which stops services before the servers they need), output prefixed with its name.
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface StackChild {
  readonly name: string;
  readonly process: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Resolves with the first output line matching `pattern`; rejects if the child exits first. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

/** Turns one output line into what the terminal shows (e.g. pino JSON → pino-pretty). */
export type LineFormat = (line: string) => string;

export function startChild(
  name: string,
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  quiet = false,
  format: LineFormat = (line) => `${line}\n`,
): StackChild {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream! }).on('line', (line) => {
      for (const l of listeners) l(line);
      if (!quiet) process.stdout.write(`[${name}] ${format(line)}`);
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    name,
    process: child,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () => done(new Error(`${name}: nothing matched ${pattern} within ${timeoutMs} ms`)),
          timeoutMs,
        );
        const onLine = (line: string) => {
          const m = line.match(pattern);
          if (m) done(undefined, m);
        };
        const onExit = (code: number | null) =>
          done(new Error(`${name} exited (code ${code}) before it was ready`));
        function done(err?: Error, m?: RegExpMatchArray) {
          clearTimeout(timer);
          listeners.delete(onLine);
          child.off('exit', onExit);
          if (err) reject(err);
          else resolve(m!);
        }
        listeners.add(onLine);
        child.once('exit', onExit);
      });
    },
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}
