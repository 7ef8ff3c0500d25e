// Compiles every service (services/<name>/src/main.ts) into dist/services/<name>/main.mjs: our own
// code (the service and the @guildwire libs it uses) in one ES module, every npm dependency left as
// an import. This is what `npm start`, the container image and the benchmarks run.
//
// Why not tsx at run time: tsx compiles with esbuild's keepNames, which wraps every named function
// and closure in a defineProperty call when it is created. Each such closure gets its own property
// store and pays the call on every creation, on every request path: an idle gateway connection
// holds 9.9 KB of heap under tsx and 6.35 KB compiled. Tests keep running the sources through tsx.
//
//   node --import tsx scripts/bundle.ts [service ...]     (npm run bundle)
import { existsSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Services that have an entry point. */
export function serviceNames(): string[] {
  return readdirSync(resolve(root, 'services')).filter((name) =>
    existsSync(resolve(root, 'services', name, 'src', 'main.ts')),
  );
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

/** Compiles one TypeScript entry point (and the workspace code it imports) into `outfile`. */
export async function bundleFile(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: `node${process.versions.node.split('.')[0]}`,
    plugins: [npmPackagesExternal],
    keepNames: false,
    sourcemap: 'linked',
    logLevel: 'warning',
  });
  return outfile;
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

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const services = process.argv.slice(2);
  const files = await bundleServices(services.length > 0 ? services : undefined);
  for (const file of files) console.log(`bundled ${file.slice(root.length + 1)}`);
}
