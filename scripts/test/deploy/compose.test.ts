// docker-compose.yml (3 NATS nodes) and with docker-compose.single-nats.yml (1 node, laptops):
// every service of services/ runs, healthy on /readyz, with an environment its parser accepts, JWKS
// verification and the fake Discord wired in; every container has a health check.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { serviceNames } from '../../bundle.js';
import {
  type ComposeModel,
  defaultServices,
  interpolateDefaults,
  loadCompose,
} from '../../deploy/compose.js';
import { browserUrlProblems, composeProblems } from '../../deploy/compose-checks.js';
import { parseDockerfile } from '../../deploy/dockerfile.js';
import { type ServiceEnv, serviceEnv } from '../../deploy/service-env.js';

const root = resolve(import.meta.dirname, '../../..');
const services = serviceNames();
const envs = new Map<string, ServiceEnv>();
for (const s of services) envs.set(s, await serviceEnv(root, s));
const stages = parseDockerfile(readFileSync(resolve(root, 'deploy/Dockerfile'), 'utf8')).map((s) => s.name);
const expect = { services, envs, verifiers: services.filter((s) => s !== 'dashboard'), stages, natsNodes: 3 };
const cluster = loadCompose([resolve(root, 'docker-compose.yml')]);
const single = loadCompose([
  resolve(root, 'docker-compose.yml'),
  resolve(root, 'docker-compose.single-nats.yml'),
]);
const clone = (m: ComposeModel) => structuredClone(m) as { services: Record<string, Record<string, any>> };

t.test('compose – reading: defaults of ${VAR:-default}', async (t) => {
  t.equal(interpolateDefaults('a ${X:-b} ${Y-c} ${Z}'), 'a b c ');
});

t.test('compose – the 3-node stack: every invariant holds', async (t) => {
  t.same(composeProblems(cluster, expect), []);
  t.same(browserUrlProblems(cluster), []);
  t.same(
    defaultServices(cluster).sort(),
    [...services, 'nats-1', 'nats-2', 'nats-3', 'postgres', 'fake-discord'].sort(),
    'every service, three NATS nodes, Postgres and the fake Discord start',
  );
});

t.test('compose – the single-NATS override: one node, R1, every invariant holds', async (t) => {
  t.same(composeProblems(single, { ...expect, natsNodes: 1 }), []);
  t.same(browserUrlProblems(single), []);
  t.notOk(defaultServices(single).includes('nats-2'), 'nats-2 does not start');
  t.same(
    single.services['nats-1']?.command,
    ['-js', '-sd=/data', '-m=8222', '--name=nats-1'],
    'nats-1 runs alone',
  );
  t.equal(single.services.ticket?.environment?.SERVICE, 'ticket', 'the rest of the environment is kept');
});

t.test('compose – the checks catch what they are for', async (t) => {
  const problems = (m: ComposeModel, natsNodes = 3) =>
    composeProblems(m, { ...expect, natsNodes }).join('\n');
  t.match(
    composeProblems(cluster, { ...expect, services: [...services, 'newsvc'] }).join('\n'),
    /newsvc: not a service of the Compose file/,
    'a new service without a Compose entry',
  );
  let m = clone(cluster);
  delete m.services.postgres!.healthcheck;
  t.match(problems(m as ComposeModel), /postgres: no healthcheck/);
  m = clone(cluster);
  m.services.ticket!.environment.TICKET_TIMER_INTERVAL = '100';
  t.match(problems(m as ComposeModel), /TICKET_TIMER_INTERVAL is read by nothing/);
  m = clone(cluster);
  delete m.services.dashboard!.environment.DISCORD_CLIENT_SECRET;
  t.match(problems(m as ComposeModel), /DISCORD_CLIENT_SECRET is required by the service and not given/);
  m = clone(cluster);
  m.services.config!.environment.JWT_SECRET = 'x'.repeat(40);
  t.match(problems(m as ComposeModel), /config: JWT_SECRET is set/);
  m = clone(cluster);
  m.services['nats-3']!.command = m.services['nats-3']!.command.filter(
    (a: string) => !a.startsWith('--routes'),
  );
  t.match(problems(m as ComposeModel), /nats-3: routes \(none\), expected nats:\/\/nats-1:6222/);
  m = clone(cluster);
  m.services.giveaway!.environment.STREAM_REPLICAS = '1';
  t.match(problems(m as ComposeModel), /giveaway: STREAM_REPLICAS 1 is not the 3 NATS nodes/);
  m = clone(single);
  m.services.ticket!.depends_on['nats-2'].required = true;
  t.match(
    problems(m as ComposeModel, 1),
    /ticket: depends on nats-2, which does not start, without required: false/,
  );
  m = clone(cluster);
  m.services.dashboard!.environment.DASHBOARD_TICKET_API_URL = 'http://localhost:3199';
  t.match(
    browserUrlProblems(m as ComposeModel).join('\n'),
    /DASHBOARD_TICKET_API_URL http:\/\/localhost:3199 is not a port ticket publishes/,
  );
});
