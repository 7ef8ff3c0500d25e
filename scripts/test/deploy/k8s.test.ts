// deploy/k8s: the base and each overlay, resolved as kustomize would (scripts/deploy/kustomize.ts),
// hold every service of services/ with its Deployment, Service, PodDisruptionBudget and
// HorizontalPodAutoscaler wired together, probes, resources, scrape annotations, an environment
// its own parser accepts, and a 3-node NATS JetStream cluster the streams are replicated over.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { serviceNames } from '../../bundle.js';
import {
  k8sProblems,
  natsProblems,
  secretProblems,
  serviceProblems,
  shardProblems,
} from '../../deploy/k8s-checks.js';
import { buildKustomization, type K8sObject } from '../../deploy/kustomize.js';
import { envReadElsewhere, type ServiceEnv, serviceEnv } from '../../deploy/service-env.js';

const root = resolve(import.meta.dirname, '../../..');
const k8s = resolve(root, 'deploy/k8s');
const services = serviceNames();
const envs = new Map<string, ServiceEnv>();
for (const s of services) envs.set(s, await serviceEnv(root, s));
const expect = { services, envs, verifiers: services.filter((s) => s !== 'dashboard') };
const overlays = readdirSync(resolve(k8s, 'overlays'));
const clone = (objects: readonly K8sObject[]) => structuredClone(objects) as K8sObject[];
const find = (objects: readonly K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name)!;

t.test('k8s – every folder of services/ has an environment parser and an entry point', async (t) => {
  t.ok(services.length >= 6, `services found: ${services.join(', ')}`);
  t.same(
    readdirSync(resolve(root, 'services'), { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name),
    services,
    'no folder of services/ lacks src/main.ts (it would escape these checks)',
  );
});

t.test('k8s – overlays exist for dev and prod', async (t) => {
  t.same(overlays.sort(), ['dev', 'prod']);
});

for (const target of ['base', ...overlays.map((o) => `overlays/${o}`)]) {
  t.test(`k8s – ${target}: every invariant holds`, async (t) => {
    const objects = buildKustomization(resolve(k8s, target));
    const problems = k8sProblems(objects, expect).filter(
      // The base leaves the image untagged on purpose: each overlay pins it.
      (p) => !(target === 'base' && /image guildwire has no pinned tag/.test(p)),
    );
    t.same(problems, [], 'no problems');
    for (const s of services)
      for (const kind of ['Deployment', 'Service', 'PodDisruptionBudget', 'HorizontalPodAutoscaler'])
        t.ok(find(objects, kind, s), `${kind}/${s}`);
  });
}

t.test('k8s – secrets: placeholders in the base and prod, marked development values in dev', async (t) => {
  const placeholder = (v: string) => v.includes('REPLACE_ME');
  t.same(secretProblems(buildKustomization(resolve(k8s, 'base')), placeholder), []);
  t.same(secretProblems(buildKustomization(resolve(k8s, 'overlays/prod')), placeholder), []);
  t.same(
    secretProblems(buildKustomization(resolve(k8s, 'overlays/dev')), (v) =>
      /dev-only|^fake-discord-/.test(v),
    ),
    [],
  );
  const leaked = clone(buildKustomization(resolve(k8s, 'base')));
  find(leaked, 'Secret', 'bot-gateway-secrets').stringData.DISCORD_TOKEN = 'MTA1.real.token';
  t.match(secretProblems(leaked, placeholder), [
    'Secret/bot-gateway-secrets: DISCORD_TOKEN is not a placeholder',
  ]);
});

t.test('k8s – prod pins the image; NATS has 3 nodes and R3 streams in every overlay', async (t) => {
  for (const overlay of overlays) {
    const objects = buildKustomization(resolve(k8s, `overlays/${overlay}`));
    const sts = find(objects, 'StatefulSet', 'nats');
    t.equal(sts.spec.replicas, 3, `${overlay}: 3 NATS nodes`);
    t.equal(
      find(objects, 'ConfigMap', 'guildwire-common').data.STREAM_REPLICAS,
      '3',
      `${overlay}: STREAM_REPLICAS=3`,
    );
  }
  const prod = buildKustomization(resolve(k8s, 'overlays/prod'));
  t.match(
    find(prod, 'Deployment', 'ticket').spec.template.spec.containers[0].image,
    /^registry\.example\.com\/guildwire:\d/,
  );
  t.equal(
    find(prod, 'HorizontalPodAutoscaler', 'bot-gateway').spec.maxReplicas,
    8,
    'prod: 8 shards, up to 8 bot replicas',
  );
});

t.test('k8s – the checks catch what they are for', async (t) => {
  const base = buildKustomization(resolve(k8s, 'base'));
  const problems = (objects: K8sObject[], service = 'ticket') =>
    serviceProblems(objects, service, expect).join('\n');

  // A new service without manifests.
  t.match(
    serviceProblems(base, 'newsvc', { ...expect, services: [...services, 'newsvc'] }).join('\n'),
    /newsvc: no Deployment named newsvc[\s\S]*newsvc: no Service[\s\S]*no PodDisruptionBudget[\s\S]*no HorizontalPodAutoscaler/,
  );
  let o = clone(base);
  find(o, 'Deployment', 'ticket').spec.template.metadata.labels['app.kubernetes.io/name'] = 'tickets';
  t.match(
    problems(o),
    /spec.selector.matchLabels does not match[\s\S]*Service\/ticket: its selector does not match[\s\S]*PodDisruptionBudget\/ticket: its selector/,
  );
  o = clone(base);
  delete find(o, 'Deployment', 'ticket').spec.template.spec.containers[0].readinessProbe;
  t.match(problems(o), /no readinessProbe/);
  o = clone(base);
  delete find(o, 'Deployment', 'ticket').spec.template.spec.containers[0].resources.limits;
  t.match(problems(o), /resources.limits.memory is not set/);
  o = clone(base);
  find(o, 'Service', 'ticket').spec.ports[0].targetPort = 'web';
  t.match(problems(o), /targetPort web is not a port of the container/);
  o = clone(base);
  find(o, 'ConfigMap', 'guildwire-auth').data.JWT_JWKS_URLS = 'http://dashboard/.well-known/jwks.json';
  t.match(problems(o), /JWT_JWKS_URLS is read by nothing/);
  o = clone(base);
  find(o, 'Deployment', 'ticket').spec.template.spec.containers[0].env.splice(1, 1); // DATABASE_URL
  t.match(problems(o), /DATABASE_URL is required by the service and not given/);
  o = clone(base);
  find(o, 'Deployment', 'ticket').spec.template.metadata.annotations['prometheus.io/port'] = '9090';
  t.match(problems(o), /prometheus.io\/port is not the service's PORT/);
  o = clone(base);
  find(o, 'ConfigMap', 'guildwire-auth').data = { JWT_SECRET: 'x'.repeat(40) };
  t.match(problems(o), /JWT_SECRET is for local development[\s\S]*JWT_JWKS_URL \(\) is not the JWKS/);

  o = clone(base);
  find(o, 'StatefulSet', 'nats').spec.replicas = 1;
  t.match(
    natsProblems(o).join('\n'),
    /1 replicas, expected 3[\s\S]*routes .* are not the pods nats-0\.nats-headless[\s\S]*STREAM_REPLICAS 3 is not the 1 NATS nodes/,
  );
  o = clone(base);
  find(o, 'ConfigMap', 'nats-config').data['nats.conf'] = find(o, 'ConfigMap', 'nats-config').data[
    'nats.conf'
  ].replace('nats://nats-2.nats-headless:6222', '');
  t.match(natsProblems(o).join('\n'), /routes nats-0\.nats-headless, nats-1\.nats-headless are not the pods/);
  o = clone(base);
  find(o, 'HorizontalPodAutoscaler', 'bot-gateway').spec.maxReplicas = 9;
  t.match(shardProblems(o).join('\n'), /maxReplicas 9 exceeds SHARD_COUNT 4/);
  o = clone(base);
  find(o, 'Ingress', 'realtime-gateway').metadata.annotations![
    'nginx.ingress.kubernetes.io/proxy-read-timeout'
  ] = '60';
  t.match(k8sProblems(o, expect).join('\n'), /proxy-read-timeout must be ≥ 3600/);
});

t.test(
  'k8s – every service reads STREAM_REPLICAS, the replicas of what it creates in JetStream',
  async (t) => {
    // Through service-kit's NATS settings into libs/bus (connectBus → ensureStream, KV buckets).
    for (const s of services) t.ok(envs.get(s)!.names.has('STREAM_REPLICAS'), `${s} reads STREAM_REPLICAS`);
    t.equal(envReadElsewhere.STREAM_REPLICAS, undefined, 'not listed as read elsewhere');
  },
);

t.test('k8s – variables read outside the parsers are read where the table says', async (t) => {
  for (const [name, { source }] of Object.entries(envReadElsewhere)) {
    const path = resolve(root, source);
    const text = source.endsWith('/src')
      ? readdirSync(path, { recursive: true, encoding: 'utf8' })
          .filter((f) => f.endsWith('.ts'))
          .map((f) => readFileSync(resolve(path, f), 'utf8'))
          .join('\n')
      : readFileSync(path, 'utf8');
    t.ok(text.includes(name), `${name} is read in ${source}`);
  }
});
