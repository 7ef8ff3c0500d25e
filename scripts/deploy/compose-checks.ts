// Invariants of docker-compose.yml (and of it merged with docker-compose.single-nats.yml): every
// service of services/ runs from the image's service target with a health check on /readyz, an
// environment its parser accepts and JWKS verification; every container has a health check; NATS
// is 3 routed JetStream nodes (or 1 under the laptop override) and the streams' replicas match.
import { type ComposeModel, defaultServices, publishedPorts } from './compose.js';
import { envProblems, type ServiceEnv } from './service-env.js';

/** What the checks compare the Compose model with. */
export interface ComposeExpectations {
  readonly services: readonly string[];
  readonly envs: ReadonlyMap<string, ServiceEnv>;
  readonly verifiers: readonly string[];
  /** Stages of deploy/Dockerfile. */
  readonly stages: readonly string[];
  /** Number of NATS nodes (3, or 1 under the laptop override). */
  readonly natsNodes: number;
}

const flag = (command: readonly string[] | undefined, name: string) =>
  (command ?? []).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);

/** Every problem of a Compose model (empty: none). */
export function composeProblems(model: ComposeModel, expect: ComposeExpectations): string[] {
  const problems: string[] = [];
  const running = defaultServices(model);
  for (const name of running)
    if ((model.services[name]?.healthcheck?.test ?? []).length === 0)
      problems.push(`${name}: no healthcheck`);

  // NATS nodes: nats-1..N, routed to each other when N > 1.
  const nats = running.filter((n) => /^nats-\d+$/.test(n)).sort();
  if (nats.length !== expect.natsNodes)
    problems.push(`${nats.length} NATS services run, expected ${expect.natsNodes}`);
  for (const node of nats) {
    const command = model.services[node]?.command ?? [];
    if (!command.includes('-js')) problems.push(`${node}: JetStream (-js) is not enabled`);
    if (flag(command, 'name') !== node) problems.push(`${node}: --name is not ${node}`);
    const routes = (flag(command, 'routes') ?? '')
      .split(',')
      .filter((r) => r !== '')
      .sort();
    const expected = expect.natsNodes > 1 ? nats.map((n) => `nats://${n}:6222`) : [];
    if (JSON.stringify(routes) !== JSON.stringify(expected))
      problems.push(
        `${node}: routes ${routes.join(', ') || '(none)'}, expected ${expected.join(', ') || '(none)'}`,
      );
    if (expect.natsNodes > 1 && flag(command, 'cluster_name') === undefined)
      problems.push(`${node}: no --cluster_name`);
  }

  const dashboardPort = model.services.dashboard?.environment?.PORT;
  for (const name of expect.services) {
    const service = model.services[name];
    if (service === undefined || !running.includes(name)) {
      problems.push(`${name}: not a service of the Compose file (or behind a profile)`);
      continue;
    }
    const env = service.environment ?? {};
    if (env.SERVICE !== name) problems.push(`${name}: SERVICE is ${env.SERVICE}, expected ${name}`);
    if (service.build?.dockerfile !== 'deploy/Dockerfile' || service.build?.target !== 'service')
      problems.push(`${name}: not built from deploy/Dockerfile's service target`);
    const test = (service.healthcheck?.test ?? []).join(' ');
    if (!test.includes(`:${env.PORT}/readyz`))
      problems.push(`${name}: the healthcheck does not ask /readyz on PORT ${env.PORT}`);
    if (!publishedPorts(service).some((p) => p.container === Number(env.PORT)))
      problems.push(`${name}: PORT ${env.PORT} is not published`);
    const given = new Map(Object.entries(env).map(([k, v]) => [k, String(v)]));
    const serviceEnv = expect.envs.get(name);
    if (serviceEnv !== undefined) problems.push(...envProblems(`compose ${name}`, serviceEnv, given));
    if ('JWT_SECRET' in env)
      problems.push(`${name}: JWT_SECRET is set; the stack verifies with the dashboard's JWKS`);
    if (
      expect.verifiers.includes(name) &&
      env.JWT_JWKS_URL !== `http://dashboard:${dashboardPort}/.well-known/jwks.json`
    )
      problems.push(`${name}: JWT_JWKS_URL ${env.JWT_JWKS_URL} is not the dashboard's JWKS`);
    // NATS and Postgres first; every node of the cluster in the URL; streams replicated on each.
    const depends = service.depends_on ?? {};
    if (depends['nats-1']?.condition !== 'service_healthy')
      problems.push(`${name}: does not wait for nats-1 to be healthy`);
    if ('DATABASE_URL' in env && depends.postgres?.condition !== 'service_healthy')
      problems.push(`${name}: does not wait for postgres to be healthy`);
    for (const [dependency, how] of Object.entries(depends))
      if (model.services[dependency] !== undefined && !running.includes(dependency) && how.required !== false)
        problems.push(`${name}: depends on ${dependency}, which does not start, without required: false`);
    const urls = (env.NATS_URL ?? '')
      .split(',')
      .map((u) => /^nats:\/\/([^:]+):4222$/.exec(u)?.[1])
      .sort();
    if (JSON.stringify(urls) !== JSON.stringify(nats))
      problems.push(`${name}: NATS_URL ${env.NATS_URL} does not name ${nats.join(', ')}`);
    if (Number(env.STREAM_REPLICAS) !== expect.natsNodes)
      problems.push(
        `${name}: STREAM_REPLICAS ${env.STREAM_REPLICAS} is not the ${expect.natsNodes} NATS nodes`,
      );
  }
  for (const [name, service] of Object.entries(model.services))
    if (service.build?.target !== undefined && !expect.stages.includes(service.build.target))
      problems.push(`${name}: build target ${service.build.target} is not a stage of deploy/Dockerfile`);
  return problems;
}

/** The browser-facing wiring: the URLs the dashboard hands out are the ports the services publish. */
export function browserUrlProblems(model: ComposeModel): string[] {
  const problems: string[] = [];
  const env = model.services.dashboard?.environment ?? {};
  const urls: Record<string, string> = {
    DASHBOARD_TICKET_API_URL: 'ticket',
    DASHBOARD_GIVEAWAY_API_URL: 'giveaway',
    DASHBOARD_CONFIG_API_URL: 'config',
    DASHBOARD_BOT_GATEWAY_API_URL: 'bot-gateway',
    DASHBOARD_REALTIME_URL: 'realtime-gateway',
    DASHBOARD_PUBLIC_URL: 'dashboard',
  };
  for (const [variable, service] of Object.entries(urls)) {
    const port = Number(/^\w+:\/\/localhost:(\d+)/.exec(env[variable] ?? '')?.[1]);
    const target = model.services[service];
    if (target === undefined || !publishedPorts(target).some((p) => p.host === port))
      problems.push(`dashboard: ${variable} ${env[variable]} is not a port ${service} publishes`);
  }
  const origin = env.DASHBOARD_PUBLIC_URL;
  for (const [name, service] of Object.entries(model.services))
    if (service.environment?.CORS_ORIGINS !== undefined && service.environment.CORS_ORIGINS !== origin)
      problems.push(
        `${name}: CORS_ORIGINS ${service.environment.CORS_ORIGINS} is not the dashboard's origin ${origin}`,
      );
  // The fake Discord: reached by the bot and the dashboard under its service name, its application
  // id the dashboard's client id.
  const fake = model.services['fake-discord']?.environment ?? {};
  const publicUrl = new URL(fake.FAKE_DISCORD_PUBLIC_URL ?? 'http://invalid');
  if (publicUrl.hostname !== 'fake-discord')
    problems.push('fake-discord: FAKE_DISCORD_PUBLIC_URL is not its service name');
  for (const name of ['bot-gateway', 'dashboard'])
    if (model.services[name]?.environment?.DISCORD_API_URL !== `${publicUrl.origin}/api`)
      problems.push(`${name}: DISCORD_API_URL does not default to the fake Discord`);
  if (env.DISCORD_CLIENT_ID !== fake.FAKE_DISCORD_APPLICATION_ID)
    problems.push("dashboard: DISCORD_CLIENT_ID does not default to the fake Discord's application id");
  const oauthPort = Number(new URL(env.DISCORD_OAUTH_URL ?? 'http://invalid').port);
  if (!publishedPorts(model.services['fake-discord'] ?? {}).some((p) => p.host === oauthPort))
    problems.push('dashboard: DISCORD_OAUTH_URL is not a port the fake Discord publishes (browsers open it)');
  return problems;
}
