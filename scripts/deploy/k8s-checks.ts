// Invariants of the Kubernetes manifests (deploy/k8s, base and overlays after patching): every
// service has its Deployment, Service, PodDisruptionBudget and HorizontalPodAutoscaler, wired to
// each other by matching selectors and ports, with probes, resources, scrape annotations and an
// environment its parser accepts; NATS is a 3-node JetStream cluster whose routes name its pods
// and whose node count the streams' replicas match. Each check returns problems (empty: none).
import type { K8sObject } from './kustomize.js';
import { envProblems, type ServiceEnv } from './service-env.js';

/** What the checks compare the manifests with. */
export interface K8sExpectations {
  /** Folders of services/ (each must be deployed). */
  readonly services: readonly string[];
  /** Each service's environment parser. */
  readonly envs: ReadonlyMap<string, ServiceEnv>;
  /** Services that verify tokens against the dashboard's JWKS (all but the dashboard). */
  readonly verifiers: readonly string[];
}

const find = (objects: readonly K8sObject[], kind: string, name: string) =>
  objects.find((o) => o.kind === kind && o.metadata.name === name);

/** Whether every label of `selector` is on `labels`. */
export const selects = (
  selector: Record<string, string> | undefined,
  labels: Record<string, string> | undefined,
) =>
  selector !== undefined &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v);

/** Pods of Deployments and StatefulSets: name → template labels. */
function podLabels(objects: readonly K8sObject[]): Array<[string, Record<string, string>]> {
  return objects
    .filter((o) => o.kind === 'Deployment' || o.kind === 'StatefulSet')
    .map((o) => [`${o.kind}/${o.metadata.name}`, o.spec?.template?.metadata?.labels ?? {}]);
}

/** The variables a container gets: env entries and every key of the ConfigMaps and Secrets of envFrom. */
export function containerEnv(
  objects: readonly K8sObject[],
  container: K8sObject,
  where: string,
  problems: string[],
): Map<string, string | undefined> {
  const env = new Map<string, string | undefined>();
  for (const from of container.envFrom ?? []) {
    const ref = from.configMapRef ?? from.secretRef;
    const kind = from.configMapRef ? 'ConfigMap' : 'Secret';
    const source = find(objects, kind, ref?.name);
    if (source === undefined) {
      problems.push(`${where}: envFrom names ${kind} ${ref?.name}, which is not defined`);
      continue;
    }
    for (const [key, value] of Object.entries({ ...source.data, ...source.stringData }))
      env.set(key, kind === 'ConfigMap' ? String(value) : undefined);
  }
  for (const entry of container.env ?? []) {
    const ref = entry.valueFrom?.secretKeyRef ?? entry.valueFrom?.configMapKeyRef;
    if (ref !== undefined) {
      const kind = entry.valueFrom.secretKeyRef ? 'Secret' : 'ConfigMap';
      const source = find(objects, kind, ref.name);
      if (source === undefined || !(ref.key in { ...source.data, ...source.stringData }))
        problems.push(
          `${where}: ${entry.name} comes from ${kind} ${ref.name} key ${ref.key}, which is not defined`,
        );
    }
    env.set(entry.name, entry.value === undefined ? undefined : String(entry.value));
  }
  return env;
}

const memoryBytes = (quantity: string | undefined): number => {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|K|M|G)?$/.exec(quantity ?? '');
  if (m === null) return Number.NaN;
  const unit =
    { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, K: 1e3, M: 1e6, G: 1e9 }[m[2] ?? ''] ?? 1;
  return Number(m[1]) * unit;
};

/** A probe's HTTP port, resolved to a container port number (undefined: none such). */
function probePort(container: K8sObject, port: string | number | undefined): number | undefined {
  if (typeof port === 'number')
    return (container.ports ?? []).some((p: K8sObject) => p.containerPort === port) ? port : undefined;
  return (container.ports ?? []).find((p: K8sObject) => p.name === port)?.containerPort;
}

/** Problems of one service's four objects. */
export function serviceProblems(
  objects: readonly K8sObject[],
  service: string,
  expect: K8sExpectations,
): string[] {
  const problems: string[] = [];
  const deployment = find(objects, 'Deployment', service);
  const svc = find(objects, 'Service', service);
  const pdb = find(objects, 'PodDisruptionBudget', service);
  const hpa = find(objects, 'HorizontalPodAutoscaler', service);
  for (const [kind, o] of [
    ['Deployment', deployment],
    ['Service', svc],
    ['PodDisruptionBudget', pdb],
    ['HorizontalPodAutoscaler', hpa],
  ] as const)
    if (o === undefined) problems.push(`${service}: no ${kind} named ${service}`);
  if (deployment === undefined) return problems;

  const where = `Deployment/${service}`;
  const labels = deployment.spec?.template?.metadata?.labels;
  if (!selects(deployment.spec?.selector?.matchLabels, labels))
    problems.push(`${where}: spec.selector.matchLabels does not match the pod template's labels`);
  const container = (deployment.spec?.template?.spec?.containers ?? []).find(
    (c: K8sObject) => c.name === service,
  );
  if (container === undefined) {
    problems.push(`${where}: no container named ${service}`);
    return problems;
  }
  // Probes: started once the port opens (after migrations), alive = /healthz, ready = /readyz.
  const expectedPaths = {
    startupProbe: '/healthz',
    livenessProbe: '/healthz',
    readinessProbe: '/readyz',
  } as const;
  for (const [probe, path] of Object.entries(expectedPaths)) {
    const p = container[probe];
    if (p?.httpGet === undefined) {
      problems.push(`${where}: no ${probe} (httpGet)`);
      continue;
    }
    if (p.httpGet.path !== path) problems.push(`${where}: ${probe} asks ${p.httpGet.path}, expected ${path}`);
    if (probePort(container, p.httpGet.port) === undefined)
      problems.push(`${where}: ${probe} port ${p.httpGet.port} is not a port of the container`);
  }
  const startup = container.startupProbe;
  if (startup && (startup.periodSeconds ?? 10) * (startup.failureThreshold ?? 3) < 120)
    problems.push(`${where}: the startup probe gives less than 120 s (migrations run before the port opens)`);
  // Resources: sized requests, a memory limit not below the request.
  const r = container.resources ?? {};
  for (const [path, value] of [
    ['requests.cpu', r.requests?.cpu],
    ['requests.memory', r.requests?.memory],
    ['limits.memory', r.limits?.memory],
  ] as const)
    if (value === undefined) problems.push(`${where}: resources.${path} is not set`);
  if (memoryBytes(r.limits?.memory) < memoryBytes(r.requests?.memory))
    problems.push(`${where}: memory limit below its request`);
  // The port the service listens on (PORT) is the container port the Service and Prometheus use.
  const env = containerEnv(objects, container, where, problems);
  const port = Number(env.get('PORT') ?? Number.NaN);
  const http = (container.ports ?? []).find((p: K8sObject) => p.name === 'http');
  if (http?.containerPort !== port)
    problems.push(`${where}: container port http (${http?.containerPort}) is not PORT (${env.get('PORT')})`);
  if (env.get('SERVICE') !== service)
    problems.push(`${where}: SERVICE is ${env.get('SERVICE')}, expected ${service}`);
  const annotations = deployment.spec?.template?.metadata?.annotations ?? {};
  if (annotations['prometheus.io/scrape'] !== 'true')
    problems.push(`${where}: pod lacks prometheus.io/scrape: "true"`);
  if (annotations['prometheus.io/path'] !== '/metrics')
    problems.push(`${where}: prometheus.io/path is not /metrics`);
  if (Number(annotations['prometheus.io/port']) !== port)
    problems.push(`${where}: prometheus.io/port is not the service's PORT`);
  // Environment: only variables the service reads, every required one, JWKS (never HS256) verification.
  const serviceEnv = expect.envs.get(service);
  if (serviceEnv === undefined) problems.push(`${service}: no environment parser loaded`);
  else problems.push(...envProblems(where, serviceEnv, env));
  if (env.has('JWT_SECRET')) problems.push(`${where}: JWT_SECRET is for local development; use JWT_JWKS_URL`);
  if (expect.verifiers.includes(service)) {
    const jwks = env.get('JWT_JWKS_URL') ?? '';
    const host = /^https?:\/\/([^/:]+)/.exec(jwks)?.[1];
    if (!jwks.endsWith('/.well-known/jwks.json') || find(objects, 'Service', host ?? '') === undefined)
      problems.push(`${where}: JWT_JWKS_URL (${jwks}) is not the JWKS of a Service of these manifests`);
  }

  if (svc !== undefined) {
    if (!selects(svc.spec?.selector, labels))
      problems.push(`Service/${service}: its selector does not match ${where}'s pods`);
    for (const [other, otherLabels] of podLabels(objects))
      if (other !== where && selects(svc.spec?.selector, otherLabels))
        problems.push(`Service/${service}: its selector also matches ${other}'s pods`);
    for (const p of svc.spec?.ports ?? [])
      if (probePort(container, p.targetPort) === undefined)
        problems.push(`Service/${service}: targetPort ${p.targetPort} is not a port of the container`);
  }
  if (pdb !== undefined && !selects(pdb.spec?.selector?.matchLabels, labels))
    problems.push(`PodDisruptionBudget/${service}: its selector does not match ${where}'s pods`);
  if (hpa !== undefined) {
    const target = hpa.spec?.scaleTargetRef ?? {};
    if (target.kind !== 'Deployment' || target.name !== service)
      problems.push(`HorizontalPodAutoscaler/${service}: scales ${target.kind}/${target.name}, not ${where}`);
    if (!(hpa.spec?.minReplicas >= 1 && hpa.spec?.maxReplicas >= hpa.spec?.minReplicas))
      problems.push(`HorizontalPodAutoscaler/${service}: needs 1 ≤ minReplicas ≤ maxReplicas`);
    const cpu = (hpa.spec?.metrics ?? []).some((m: K8sObject) => m.resource?.name === 'cpu');
    if (cpu && r.requests?.cpu === undefined)
      problems.push(`HorizontalPodAutoscaler/${service}: scales on CPU, which needs a CPU request`);
  }
  return problems;
}

/** The bot gateway: replicas share SHARD_COUNT shards (SHARD_IDS=auto); more replicas than shards idle. */
export function shardProblems(objects: readonly K8sObject[]): string[] {
  const config = find(objects, 'ConfigMap', 'bot-gateway-config')?.data ?? {};
  const hpa = find(objects, 'HorizontalPodAutoscaler', 'bot-gateway');
  const problems: string[] = [];
  if (config.SHARD_IDS !== 'auto')
    problems.push('bot-gateway-config: SHARD_IDS must be auto (replicas share shards by leases)');
  const count = Number(config.SHARD_COUNT);
  if (!(count >= 1))
    problems.push('bot-gateway-config: SHARD_COUNT must be set (every replica uses the same count)');
  if (hpa !== undefined && hpa.spec.maxReplicas > count)
    problems.push(
      `HorizontalPodAutoscaler/bot-gateway: maxReplicas ${hpa.spec.maxReplicas} exceeds SHARD_COUNT ${count}: the extra replicas would run no shard`,
    );
  return problems;
}

/** NATS: a StatefulSet of 3 JetStream nodes, routes naming each pod, streams replicated to match. */
export function natsProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const sts = find(objects, 'StatefulSet', 'nats');
  if (sts === undefined) return ['no StatefulSet named nats'];
  const replicas = sts.spec?.replicas;
  if (replicas !== 3) problems.push(`StatefulSet/nats: ${replicas} replicas, expected 3`);
  if (sts.spec?.podManagementPolicy !== 'Parallel')
    problems.push('StatefulSet/nats: podManagementPolicy must be Parallel (a lone node never becomes ready)');
  if (!selects(sts.spec?.selector?.matchLabels, sts.spec?.template?.metadata?.labels))
    problems.push('StatefulSet/nats: selector does not match the pod labels');
  const headless = find(objects, 'Service', sts.spec?.serviceName);
  if (headless?.spec?.clusterIP !== 'None')
    problems.push(`StatefulSet/nats: serviceName ${sts.spec?.serviceName} is not a headless Service`);
  else if (!selects(headless.spec?.selector, sts.spec?.template?.metadata?.labels))
    problems.push(`Service/${headless.metadata.name}: does not select the NATS pods`);
  const volume = (sts.spec?.template?.spec?.volumes ?? []).find((v: K8sObject) => v.configMap !== undefined);
  const conf: string = find(objects, 'ConfigMap', volume?.configMap?.name)?.data?.['nats.conf'] ?? '';
  if (conf === '') problems.push('StatefulSet/nats: its config (a ConfigMap with nats.conf) is missing');
  if (!/jetstream\s*\{/.test(conf)) problems.push('nats.conf: JetStream is not enabled');
  if (!/server_name:\s*\$POD_NAME/.test(conf)) problems.push('nats.conf: server_name must be the pod name');
  const routes = [...conf.matchAll(/nats:\/\/([a-z0-9-]+)\.([a-z0-9-]+):6222/g)]
    .map((m) => `${m[1]}.${m[2]}`)
    .sort();
  const expected = Array.from({ length: replicas ?? 0 }, (_, i) => `nats-${i}.${sts.spec?.serviceName}`);
  if (JSON.stringify(routes) !== JSON.stringify(expected))
    problems.push(`nats.conf: routes ${routes.join(', ')} are not the pods ${expected.join(', ')}`);
  const common = find(objects, 'ConfigMap', 'guildwire-common')?.data ?? {};
  if (Number(common.STREAM_REPLICAS) !== replicas)
    problems.push(
      `guildwire-common: STREAM_REPLICAS ${common.STREAM_REPLICAS} is not the ${replicas} NATS nodes`,
    );
  const natsHost = /^nats:\/\/([^:/,]+)/.exec(common.NATS_URL ?? '')?.[1];
  const client = find(objects, 'Service', natsHost ?? '');
  if (client === undefined || !selects(client.spec?.selector, sts.spec?.template?.metadata?.labels))
    problems.push(`guildwire-common: NATS_URL ${common.NATS_URL} is not a Service of the NATS pods`);
  return problems;
}

/** Ingress backends exist; the realtime gateway's WebSocket gets long proxy timeouts. */
export function ingressProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  const ingresses = objects.filter((o) => o.kind === 'Ingress');
  for (const ingress of ingresses)
    for (const rule of ingress.spec?.rules ?? [])
      for (const path of rule.http?.paths ?? []) {
        const backend = path.backend?.service;
        const svc = find(objects, 'Service', backend?.name);
        const port = backend?.port?.name ?? backend?.port?.number;
        if (
          svc === undefined ||
          !(svc.spec?.ports ?? []).some((p: K8sObject) => p.name === port || p.port === port)
        )
          problems.push(
            `Ingress/${ingress.metadata.name}: ${rule.host}${path.path} goes to ${backend?.name}:${port}, which no Service serves`,
          );
      }
  const realtime = ingresses.find((i) =>
    (i.spec?.rules ?? []).some((r: K8sObject) =>
      (r.http?.paths ?? []).some(
        (p: K8sObject) => p.backend?.service?.name === 'realtime-gateway' && p.path === '/v1/stream',
      ),
    ),
  );
  if (realtime === undefined) problems.push('no Ingress routes /v1/stream to the realtime gateway');
  else
    for (const timeout of ['proxy-read-timeout', 'proxy-send-timeout']) {
      const value = Number(realtime.metadata.annotations?.[`nginx.ingress.kubernetes.io/${timeout}`]);
      if (!(value >= 3600))
        problems.push(
          `Ingress/${realtime.metadata.name}: ${timeout} must be ≥ 3600 s for WebSockets (nginx's 60 s default drops quiet ones)`,
        );
    }
  return problems;
}

/** Secrets hold placeholders only (`allowed` says which values an overlay may set). */
export function secretProblems(objects: readonly K8sObject[], allowed: (value: string) => boolean): string[] {
  const problems: string[] = [];
  for (const secret of objects.filter((o) => o.kind === 'Secret')) {
    if (secret.data !== undefined)
      problems.push(`Secret/${secret.metadata.name}: use stringData placeholders, not data`);
    for (const [key, value] of Object.entries(secret.stringData ?? {}))
      if (value !== '' && !allowed(String(value)))
        problems.push(`Secret/${secret.metadata.name}: ${key} is not a placeholder`);
  }
  return problems;
}

/** Every container of every workload (services, NATS, dev Postgres, …) has probes and resources. */
export function workloadProblems(objects: readonly K8sObject[]): string[] {
  const problems: string[] = [];
  for (const o of objects.filter((x) => x.kind === 'Deployment' || x.kind === 'StatefulSet')) {
    for (const c of o.spec?.template?.spec?.containers ?? []) {
      const where = `${o.kind}/${o.metadata.name} container ${c.name}`;
      for (const probe of ['startupProbe', 'livenessProbe', 'readinessProbe'])
        if (c[probe] === undefined) problems.push(`${where}: no ${probe}`);
      if (c.resources?.requests?.memory === undefined || c.resources?.limits?.memory === undefined)
        problems.push(`${where}: memory request and limit not set`);
      if (!/:[^/]+$/.test(c.image ?? '') || c.image.endsWith(':latest'))
        problems.push(`${where}: image ${c.image} has no pinned tag`);
    }
  }
  return problems;
}

/** Every check of one resolved kustomization. */
export function k8sProblems(objects: readonly K8sObject[], expect: K8sExpectations): string[] {
  return [
    ...expect.services.flatMap((s) => serviceProblems(objects, s, expect)),
    ...shardProblems(objects),
    ...natsProblems(objects),
    ...ingressProblems(objects),
    ...workloadProblems(objects),
  ];
}
