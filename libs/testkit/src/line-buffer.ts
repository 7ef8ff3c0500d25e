/** Splits a stream's chunks into lines and lets callers wait for a line matching a predicate. */
export interface LineBuffer {
  /** Feed a chunk of text. */
  push(chunk: string): void;
  /** Mark the stream ended; pending and later waits fail with `reason`. */
  end(reason: Error): void;
  /** Every complete line so far. */
  lines(): readonly string[];
  /** The next line after the previous match (including lines already received) that satisfies `match`. */
  next(match: (line: string) => boolean, timeoutMs: number, describe: () => string): Promise<string>;
}

interface Waiter {
  readonly match: (line: string) => boolean;
  readonly resolve: (line: string) => void;
  readonly reject: (error: Error) => void;
}

/** Create an empty {@link LineBuffer}. */
export function createLineBuffer(): LineBuffer {
  const all: string[] = [];
  let partial = '';
  let cursor = 0;
  let ended: Error | undefined;
  let waiter: Waiter | undefined;

  const scan = () => {
    if (waiter === undefined) return;
    while (cursor < all.length) {
      const line = all[cursor++] as string;
      if (waiter.match(line)) {
        const { resolve } = waiter;
        waiter = undefined;
        resolve(line);
        return;
      }
    }
    if (ended !== undefined) {
      const { reject } = waiter;
      waiter = undefined;
      reject(ended);
    }
  };

  return {
    push(chunk) {
      const parts = (partial + chunk).split(/\r?\n/);
      partial = parts.pop() ?? '';
      all.push(...parts);
      scan();
    },
    end(reason) {
      if (partial !== '') all.push(partial);
      partial = '';
      ended = reason;
      scan();
    },
    lines: () => all,
    next(match, timeoutMs, describe) {
      if (waiter !== undefined) return Promise.reject(new Error('waitForLine: another wait is pending'));
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiter = undefined;
          reject(new Error(`waitForLine: no matching line within ${timeoutMs} ms\n${describe()}`));
        }, timeoutMs);
        waiter = {
          match,
          resolve: (line) => {
            clearTimeout(timer);
            resolve(line);
          },
          reject: (error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        scan();
      });
    },
  };
}
