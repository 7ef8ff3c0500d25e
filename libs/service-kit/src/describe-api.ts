import { createServiceApp, type ServiceApp } from './create-service-app.js';
import type { ServiceIdentity } from './service-options.js';

/**
 * Dependencies a route plugin is registered with when only its schemas are wanted: any property is
 * another such object, and calling one throws, so a route that runs during registration fails loudly.
 */
export function unusedDependencies(): never {
  const handler: ProxyHandler<() => void> = {
    get: (_target, key) => (key === 'then' ? undefined : proxy),
    apply: () => {
      throw new Error('describeApi: a route dependency was called while only describing the API');
    },
  };
  const proxy: unknown = new Proxy(() => undefined, handler);
  return proxy as never;
}

/**
 * The OpenAPI document a service serves at `/openapi.json`, built without a database, NATS or a
 * port: the service skeleton plus the routes `register` adds (typically its route plugin with
 * `unusedDependencies()`). `npm run gen` turns these documents into the dashboard's typed clients.
 */
export async function describeApi(
  service: ServiceIdentity,
  register: (app: ServiceApp) => Promise<void>,
): Promise<Record<string, unknown>> {
  const app = await createServiceApp({
    name: service.name,
    version: service.version,
    logger: { level: 'silent' },
    // Only the guards' shape matters here; no token is ever verified.
    auth: { secret: 'describe-api-only-no-token-is-verified', issuer: 'guildwire', audience: 'guildwire' },
    openapi: { title: `Guildwire ${service.name} service`, description: service.description },
    defaultMetrics: false,
  });
  try {
    await register(app);
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
  }
}
