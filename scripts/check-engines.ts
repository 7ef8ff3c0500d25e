// Fails when a package in the lock file needs a newer Node.js than the root package.json's `engines`
// promises (a package that "works" on 20 today may use an API it does not have tomorrow).
//   node --import tsx scripts/check-engines.ts            (npm run check:engines, run by CI)
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import semver from 'semver';

const root = resolve(import.meta.dirname, '..');
const manifest = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
};
const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { version?: string; engines?: { node?: string } | string[] }>;
};

const oldest = semver.minVersion(manifest.engines.node);
if (oldest === null) throw new Error(`engines.node ${manifest.engines.node} names no version`);

const misfits: string[] = [];
for (const [path, entry] of Object.entries(lock.packages)) {
  const range = Array.isArray(entry.engines) ? undefined : entry.engines?.node;
  if (path === '' || range === undefined) continue;
  if (!semver.satisfies(oldest, range, { includePrerelease: true })) {
    misfits.push(`${path.replace(/^.*node_modules\//, '')}@${entry.version ?? '?'} needs node ${range}`);
  }
}
if (misfits.length > 0) {
  console.error(`check-engines: these packages need a newer Node.js than ${oldest.version}:`);
  for (const line of misfits) console.error(`  ${line}`);
  process.exit(1);
}
console.log(`check-engines: every package runs on Node.js ${oldest.version}`);
