import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

/** One dependency `/readyz` checks (e.g. NATS, Postgres); throws or rejects when it is not usable. */
export interface ReadinessCheck {
  readonly name: string;
  readonly check: () => Promise<void> | void;
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
  const names = new Set<string>();
  for (const { name } of options.checks) {
    if (names.has(name)) throw new TypeError(`readiness check ${name} is declared twice`);
    names.add(name);
  }

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'alive' }));

  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    const outcomes = await Promise.all(options.checks.map((check) => runCheck(check, timeoutMs)));
    const checks: Record<string, CheckStatus> = {};
    const failing: string[] = [];
    options.checks.forEach(({ name }, index) => {
      const outcome = outcomes[index] ?? 'failed';
      checks[name] = outcome instanceof Error ? 'failed' : outcome;
      if (outcome === 'ok') return;
      failing.push(name);
      // The reason stays in the logs: probe bodies are public and may not name hosts or credentials.
      request.log.warn(
        { check: name, err: outcome instanceof Error ? outcome : undefined },
        `readiness check ${name} ${checks[name]}`,
      );
    });
    if (failing.length === 0) return { status: 'ready', checks };
    return reply.code(503).send({ status: 'unready', failing, checks });
  });
}

/** `/healthz` (the process is alive) and `/readyz` (every readiness check passes within its timeout). */
export const healthRoutes = fp(healthPlugin, { name: 'guildwire-health', fastify: '5.x' });
