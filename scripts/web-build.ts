// Builds the dashboard's web app (services/dashboard/web, Vite) into services/dashboard/web/dist,
// which the dashboard service serves (DASHBOARD_STATIC_DIR). `npm start` calls it when the build is
// missing or older than its sources, so a fresh clone's `npm start` serves the app.
//
//   node --import tsx scripts/web-build.ts [--if-stale]     (npm run build:web)
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = resolve(import.meta.dirname, '..');
/** The web app's folder. */
export const webRoot = resolve(root, 'services/dashboard/web');
/** Where the built app lands. */
export const webDist = resolve(webRoot, 'dist');

// What the app is built from: its own sources and the workspace libraries it compiles in.
const sources = [
  resolve(webRoot, 'src'),
  resolve(webRoot, 'index.html'),
  resolve(webRoot, 'vite.config.ts'),
  resolve(root, 'libs/contracts/src'),
  resolve(root, 'libs/realtime-client/src'),
  resolve(root, 'package-lock.json'),
];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(resolve(path, entry)));
  return newest;
}

/** True when dist/index.html is missing or older than a source file. */
export function webBuildIsStale(): boolean {
  const built = resolve(webDist, 'index.html');
  if (!existsSync(built)) return true;
  const builtAt = statSync(built).mtimeMs;
  return sources.some((source) => newestMtime(source) > builtAt);
}

// Test files run in parallel and each builds the app when it is stale; two Vite builds into one
// dist folder delete each other's files (Vite empties outDir first). A lock folder (mkdir is atomic)
// lets one build while the others wait, then find the build fresh and skip theirs.
const lockDir = resolve(webRoot, '.build-lock');
const staleLockMs = 5 * 60_000;

async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed build would block every later one.
      if (existsSync(lockDir) && Date.now() - statSync(lockDir).mtimeMs > staleLockMs)
        rmSync(lockDir, { recursive: true, force: true });
      await sleep(200);
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Builds the app (Vite, production mode); resolves to the dist folder. With `ifStale`, builds only
 * when the app is still stale once the build lock is held (another process may just have built it).
 */
export async function buildWebApp(options: { quiet?: boolean; ifStale?: boolean } = {}): Promise<string> {
  return withBuildLock(async () => {
    if (options.ifStale && !webBuildIsStale()) return webDist;
    const { build } = await import('vite');
    await build({
      configFile: resolve(webRoot, 'vite.config.ts'),
      root: webRoot,
      logLevel: options.quiet ? 'warn' : 'info',
      mode: 'production',
    });
    return webDist;
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv.includes('--if-stale') && !webBuildIsStale()) console.log('web app: up to date');
  else console.log(`web app built in ${await buildWebApp()}`);
}
