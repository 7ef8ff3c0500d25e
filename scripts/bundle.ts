// Compiles every service (services/<name>/src/main.ts) into dist/services/<name>/main.mjs: our own
// code (the service and the @guildwire libs it uses) in one ES module, every npm dependency left as
// an import. This is what `npm start`, the container image and the benchmarks run. Without arguments
// it also compiles the tools the image ships (`tools`: the fake Discord, for docker-compose.yml) into
// dist/tools/<name>.mjs.
//
// Why not tsx at run time: tsx compiles with esbuild's keepNames, which wraps every named function
// and closure in a defineProperty call when it is created. Each such closure gets its own property
// store and pays the call on every creation, on every request path: an idle gateway connection
// holds 9.9 KB of heap under tsx and 6.35 KB compiled. Tests keep running the sources through tsx.
//
//   node --import tsx scripts/bundle.ts [service ...]     (npm run bundle: every service and tool)
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BuildOptions, build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Services that have an entry point. */
export function serviceNames(): string[] {
  return readdirSync(resolve(root, 'services')).filter((name) =>
    existsSync(resolve(root, 'services', name, 'src', 'main.ts')),
  );
}

/**
 * Tools compiled beside the services and shipped in the image: name → entry point. The fake Discord
 * lets `docker compose up` run without a Discord account (docker-compose.yml).
 */
export const tools: Readonly<Record<string, string>> = {
  'fake-discord': 'libs/fake-discord/bin/serve.ts',
};

/** Where a tool's bundle is written. */
export function toolPath(tool: string): string {
  return resolve(root, 'dist', 'tools', `${tool}.mjs`);
}

/** Where a service's bundle is written. */
export function bundlePath(service: string): string {
  return resolve(root, 'dist', 'services', service, 'main.mjs');
}

// Every npm package stays an import, resolved from node_modules at run time; @guildwire/* (the
// workspaces, whose entry points are TypeScript) is compiled in.
const npmPackagesExternal: Plugin = {
  name: 'npm-packages-external',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) =>
      args.path.startsWith('@guildwire/') ? undefined : { path: args.path, external: true },
    );
  },
};

const buildOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: `node${process.versions.node.split('.')[0]}`,
  plugins: [npmPackagesExternal],
  keepNames: false,
  logLevel: 'warning',
};

/** Compiles one TypeScript entry point (and the workspace code it imports) into `outfile`. */
export async function bundleFile(entry: string, outfile: string): Promise<string> {
  await build({ ...buildOptions, entryPoints: [entry], outfile, sourcemap: 'linked' });
  return outfile;
}

/**
 * What a compiled entry point imports from node_modules at run time: package specifier (as
 * written, e.g. `fastify` or `@nats-io/kv`) → the source files (relative to the repository) whose
 * code in the bundle imports it. Node built-ins are left out. Nothing is written.
 */
export async function externalImports(entry: string): Promise<Map<string, string[]>> {
  const result = await build({
    ...buildOptions,
    entryPoints: [resolve(root, entry)],
    absWorkingDir: root,
    write: false,
    outdir: resolve(root, 'dist', 'external-imports'),
    metafile: true,
  });
  if (result.metafile === undefined) throw new Error(`bundle: esbuild gave no metafile for ${entry}`);
  const imports = new Map<string, string[]>();
  for (const [file, input] of Object.entries(result.metafile.inputs)) {
    for (const imported of input.imports) {
      if (!imported.external || imported.path.startsWith('node:')) continue;
      imports.set(imported.path, [...(imports.get(imported.path) ?? []), file]);
    }
  }
  return imports;
}

/** Bundles the given services (default: all); resolves to their bundle paths. */
export async function bundleServices(services: readonly string[] = serviceNames()): Promise<string[]> {
  const known = new Set(serviceNames());
  const out: string[] = [];
  for (const service of services) {
    if (!known.has(service)) throw new Error(`bundle: no services/${service}/src/main.ts`);
    out.push(await bundleFile(resolve(root, 'services', service, 'src', 'main.ts'), bundlePath(service)));
  }
  return out;
}

/** Bundles every tool of `tools`; resolves to their bundle paths. */
export async function bundleTools(): Promise<string[]> {
  const out: string[] = [];
  for (const [tool, entry] of Object.entries(tools))
    out.push(await bundleFile(resolve(root, entry), toolPath(tool)));
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const services = process.argv.slice(2);
  const files =
    services.length > 0
      ? await bundleServices(services)
      : [...(await bundleServices()), ...(await bundleTools())];
  for (const file of files) console.log(`bundled ${file.slice(root.length + 1)}`);
}
