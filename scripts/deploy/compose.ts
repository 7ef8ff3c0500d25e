// docker-compose files read as Compose does, enough for the checks: YAML with merge keys, several
// files merged (mappings merged, sequences appended, command/entrypoint/healthcheck.test replaced),
// and ${VAR:-default} read as its default (what a plain `docker compose up` uses).
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One service of a Compose model. */
export interface ComposeService {
  readonly build?: { context?: string; dockerfile?: string; target?: string };
  readonly image?: string;
  readonly command?: string[];
  readonly environment?: Record<string, string>;
  readonly depends_on?: Record<string, { condition?: string; required?: boolean }>;
  readonly healthcheck?: { test?: string[] };
  readonly ports?: string[];
  readonly profiles?: string[];
}

/** A Compose model: its services. */
export interface ComposeModel {
  readonly services: Record<string, ComposeService>;
}

const replaced = new Set(['command', 'entrypoint', 'test']);

function merge(base: unknown, over: unknown, key = ''): unknown {
  if (Array.isArray(base) && Array.isArray(over)) return replaced.has(key) ? over : [...base, ...over];
  if (
    typeof base === 'object' &&
    base !== null &&
    typeof over === 'object' &&
    over !== null &&
    !Array.isArray(over)
  ) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over)) out[k] = k in out ? merge(out[k], v, k) : v;
    return out;
  }
  return over;
}

/** `${VAR:-default}` / `${VAR-default}` → default; `${VAR}` → ''. */
export function interpolateDefaults(value: string): string {
  return value.replace(
    /\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g,
    (_m, _name, fallback: string | undefined) => fallback ?? '',
  );
}

function interpolate(value: unknown): unknown {
  if (typeof value === 'string') return interpolateDefaults(value);
  if (Array.isArray(value)) return value.map(interpolate);
  if (typeof value === 'object' && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v)]));
  return value;
}

/** Reads and merges Compose files in order (the first is the base). */
export function loadCompose(files: readonly string[]): ComposeModel {
  let model: unknown = {};
  for (const file of files) {
    const doc = parse(readFileSync(file, 'utf8'), { merge: true }) as Record<string, unknown>;
    // x-* entries are anchors' homes, not part of the model.
    const withoutExtensions = Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('x-')));
    model = merge(model, withoutExtensions);
  }
  const services = (model as { services?: Record<string, ComposeService> }).services ?? {};
  // depends_on may be a list of names; normalise to the long form.
  for (const service of Object.values(services)) {
    const s = service as { depends_on?: unknown };
    if (Array.isArray(s.depends_on))
      s.depends_on = Object.fromEntries(
        (s.depends_on as string[]).map((n) => [n, { condition: 'service_started' }]),
      );
  }
  return interpolate({ services }) as ComposeModel;
}

/** Services a plain `docker compose up` starts: those without profiles. */
export function defaultServices(model: ComposeModel): string[] {
  return Object.entries(model.services)
    .filter(([, s]) => (s.profiles ?? []).length === 0)
    .map(([name]) => name);
}

/** `"3101:3000"` → { host: 3101, container: 3000 }. */
export function publishedPorts(service: ComposeService): Array<{ host: number; container: number }> {
  return (service.ports ?? []).map((p) => {
    const [host, container] = String(p).split(':').slice(-2).map(Number);
    return { host: host ?? Number.NaN, container: container ?? Number.NaN };
  });
}
