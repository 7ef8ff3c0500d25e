// What `npm ci --omit=dev --workspace=…` installs, computed from package-lock.json without npm:
// the production dependency closure of the chosen workspaces, resolved the way Node resolves
// (nearest node_modules up the tree). The image test uses it to check that every package a
// compiled service imports is installed in the image, and that no test tool is.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One entry of package-lock.json's `packages` (lockfileVersion 3). */
export interface LockEntry {
  readonly name?: string;
  readonly version?: string;
  readonly link?: boolean;
  readonly resolved?: string;
  readonly dev?: boolean;
  readonly optional?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

/** package-lock.json: location ('' = the root, `libs/bus`, `node_modules/pg`, …) → entry. */
export type Lockfile = Readonly<Record<string, LockEntry>>;

/** Reads `<root>/package-lock.json`'s packages. */
export function readLockfile(root: string): Lockfile {
  const lock = JSON.parse(readFileSync(resolve(root, 'package-lock.json'), 'utf8')) as {
    lockfileVersion: number;
    packages: Lockfile;
  };
  if (lock.lockfileVersion < 2) throw new Error('package-lock.json: lockfileVersion 2 or later expected');
  return lock.packages;
}

/** The package name of an import specifier: `@nats-io/kv` of `@nats-io/kv/x`, `typebox` of `typebox/value`. */
export function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

/** Follows a workspace link (`node_modules/@guildwire/bus` → `libs/bus`). */
function follow(lock: Lockfile, location: string): string {
  const entry = lock[location];
  return entry?.link && entry.resolved !== undefined ? entry.resolved : location;
}

/**
 * Where Node finds package `name` when required from code at `from` (a lockfile location):
 * `<dir>/node_modules/<name>` for `from` and each of its parent folders, nearest first.
 * Undefined when nothing in the tree matches.
 */
export function resolveFrom(lock: Lockfile, from: string, name: string): string | undefined {
  let dir = from;
  for (;;) {
    if (!dir.endsWith('node_modules')) {
      const candidate = dir === '' ? `node_modules/${name}` : `${dir}/node_modules/${name}`;
      if (lock[candidate] !== undefined) return candidate;
    }
    if (dir === '') return undefined;
    const slash = dir.lastIndexOf('/');
    dir = slash === -1 ? '' : dir.slice(0, slash);
  }
}

/** Outcome of {@link productionClosure}. */
export interface Closure {
  /** Every lockfile location installed (links followed, so workspaces appear as `libs/x`). */
  readonly installed: ReadonlySet<string>;
  /** Required dependencies that resolve to nothing: npm ci would fail or the code would. */
  readonly missing: readonly string[];
}

/**
 * The locations `npm ci --omit=dev --workspace=<w> …` installs for `workspaces`: each workspace's
 * dependencies, optional and peer dependencies (never its devDependencies), and theirs in turn.
 */
export function productionClosure(lock: Lockfile, workspaces: readonly string[]): Closure {
  const installed = new Set<string>();
  const missing: string[] = [];
  const queue = [...workspaces];
  for (const w of workspaces)
    if (lock[w] === undefined) missing.push(`${w}: not a workspace of package-lock.json`);
  while (queue.length > 0) {
    const location = queue.shift()!;
    if (installed.has(location) || lock[location] === undefined) continue;
    installed.add(location);
    const entry = lock[location]!;
    const edges: Array<[string, boolean]> = [
      ...Object.keys(entry.dependencies ?? {}).map((n): [string, boolean] => [n, false]),
      ...Object.keys(entry.optionalDependencies ?? {}).map((n): [string, boolean] => [n, true]),
      ...Object.keys(entry.peerDependencies ?? {}).map((n): [string, boolean] => [
        n,
        entry.peerDependenciesMeta?.[n]?.optional === true,
      ]),
    ];
    for (const [name, optional] of edges) {
      const found = resolveFrom(lock, location, name);
      if (found === undefined) {
        if (!optional) missing.push(`${name} (required by ${location || 'the root'})`);
        continue;
      }
      const target = follow(lock, found);
      if (found !== target) installed.add(found);
      queue.push(target);
    }
  }
  return { installed, missing };
}
