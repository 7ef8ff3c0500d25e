import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** One dependency `/readyz` checks (e.g. NATS, Postgres); throws or rejects when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void> | void;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The dependencies `/readyz` checks; infrastructure plugins add theirs (`readiness.add`). */
    readiness: Readiness;
  }
}

/** The readiness checks of an app. */
export interface Readiness {
  /** Adds a check; its name must be unique. */
  add(check: ReadinessCheck): void;
}

/** Options of the health routes. */
export interface HealthOptions {
  readonly checks: readonly ReadinessCheck[];
  /** Time each check gets before it counts as failed (default 2000 ms). */
  readonly timeoutMs?: number;
}

/** Outcome of one readiness check. */
export type CheckStatus = 'ok' | 'failed' | 'timeout';

async function runCheck(check: ReadinessCheck, timeoutMs: number): Promise<CheckStatus | Error> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckStatus>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    return await Promise.race([
      Promise.resolve()
        .then(check.check)
        .then((): CheckStatus => 'ok'),
      timeout,
    ]);
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  } finally {
    clearTimeout(timer);
  }
}

async function healthPlugin(app: FastifyInstance, options: HealthOptions): Promise<void> {
  const timeoutMs = options.timeoutMs ?? 2000;
  const checks: ReadinessCheck[] = [];
  const readiness: Readiness = {
    add(check) {
      if (checks.some((c) => c.name === check.name)) {
        throw new TypeError(`readiness check ${check.name} is declared twice`);
      }
      checks.push(check);
    },
  };
  for (const check of options.checks) readiness.add(check);
  app.decorate('readiness', readiness);

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'alive' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const outcomes = await Promise.all(checks.map((check) => runCheck(check, timeoutMs)));
    const statuses: Record<string, CheckStatus> = {};
    const failing: string[] = [];
    checks.forEach(({ name }, index) => {
      const outcome = outcomes[index] ?? 'failed';
      statuses[name] = outcome instanceof Error ? 'failed' : outcome;
      if (outcome === 'ok') return;
      failing.push(name);
      // The reason stays in the logs: probe bodies are public and may not name hosts or credentials.
      request.log.warn(
        { check: name, err: outcome instanceof Error ? outcome : undefined },
        `readiness check ${name} ${statuses[name]}`,
      );
    });
    if (failing.length === 0) return { status: 'ready', checks: statuses };
    return reply.code(503).send({ status: 'unready', failing, checks: statuses });
  });
}

/** `/healthz` (the process is alive) and `/readyz` (every readiness check passes within its timeout). */
export const healthRoutes = fp(healthPlugin, { name: 'guildwire-health', fastify: '5.x' });
