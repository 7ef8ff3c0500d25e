import type { FastifyInstance } from 'fastify';

/** Options of `runService`. */
export interface RunServiceOptions {
  readonly port: number;
  readonly host: string;
  /** Signals that start a graceful shutdown (default SIGTERM and SIGINT). */
  readonly signals?: readonly NodeJS.Signals[];
  /** Time `app.close()` gets to drain requests and consumers before exiting anyway (default 10 s). */
  readonly shutdownTimeoutMs?: number;
  /** Ends the process once shut down (default `process.exit`); tests pass a stub. */
  readonly exit?: (code: number) => void;
  /**
   * On an unhandled promise rejection or an uncaught exception, log it (fatal, with its stack) and
   * shut down gracefully with exit code 1, for the supervisor to restart a clean process (default
   * true). Without it Node dies at once, leaving no structured log line and no drain.
   */
  readonly stopOnCrash?: boolean;
}

/** A running service: where it listens, and how to stop it as a signal would. */
export interface RunningService {
  readonly address: string;
  /** Closes the app (onClose hooks drain consumers), then exits 0, or 1 past the deadline or on error. */
  shutdown(reason: string): Promise<void>;
}

/** Listens; on a signal closes the app (drains requests, onClose hooks) within a deadline, then exits. */
export async function runService(app: FastifyInstance, options: RunServiceOptions): Promise<RunningService> {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const deadlineMs = options.shutdownTimeoutMs ?? 10_000;
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping: Promise<void> | undefined;

  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping !== undefined) {
      app.log.warn({ signal }, 'second signal during shutdown, exiting now');
      exit(1);
      return;
    }
    void shutdown(signal);
  };

  const onCrash =
    (kind: 'unhandledRejection' | 'uncaughtException') =>
    (err: unknown): void => {
      app.log.fatal({ err, kind }, 'unexpected error: stopping the service');
      void shutdown(kind, true);
    };
  const crashHandlers = {
    unhandledRejection: onCrash('unhandledRejection'),
    uncaughtException: onCrash('uncaughtException'),
  };

  async function stop(reason: string, failed: boolean): Promise<void> {
    app.log.info({ reason, deadlineMs }, 'service stopping');
    let timer: NodeJS.Timeout | undefined;
    // Not unref'd: the deadline must fire even when a hung onClose hook holds no handle of its own.
    const deadline = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), deadlineMs);
    });
    let code = failed ? 1 : 0;
    try {
      if ((await Promise.race([app.close().then(() => 'closed' as const), deadline])) === 'late') {
        app.log.error({ deadlineMs }, 'shutdown deadline passed, exiting with work in flight');
        code = 1;
      } else {
        app.log.info('service stopped');
      }
    } catch (err) {
      app.log.error({ err }, 'shutdown failed');
      code = 1;
    }
    clearTimeout(timer);
    for (const signal of signals) process.off(signal, onSignal);
    process.off('unhandledRejection', crashHandlers.unhandledRejection);
    process.off('uncaughtException', crashHandlers.uncaughtException);
    exit(code);
  }

  function shutdown(reason: string, failed = false): Promise<void> {
    stopping ??= stop(reason, failed);
    return stopping;
  }

  const address = await app.listen({ port: options.port, host: options.host });
  for (const signal of signals) process.on(signal, onSignal);
  if (options.stopOnCrash ?? true) {
    process.on('unhandledRejection', crashHandlers.unhandledRejection);
    process.on('uncaughtException', crashHandlers.uncaughtException);
  }
  app.log.info({ address, signals }, 'service started');
  return { address, shutdown };
}
