// runFuzz: malformed input against running services — HTTP routes, realtime frames, NATS commands
// and Discord interactions — counting 5xx answers, crashed services and hangs. `npm run fuzz`
// (main.ts) starts the services itself; `npm run chaos` calls this on its cluster.
import { fuzzHttp } from './http-routes.js';
import { fuzzInteractions } from './interactions.js';
import { fuzzNats } from './nats-commands.js';
import { fuzzRealtime } from './realtime-frames.js';
import type {
  FuzzFinding,
  FuzzOptions,
  FuzzReport,
  Surface,
  SurfaceReport,
  SurfaceRun,
  SurfaceSettings,
} from './types.js';

export type { FuzzFinding, FuzzOptions, FuzzReport, FuzzTargets, SurfaceReport } from './types.js';

const defaultGuildId = '424242424242424242';

/** Services (name → base URL) whose /healthz does not answer 200 within the bound. */
async function unhealthy(services: Readonly<Record<string, string>>, boundMs: number): Promise<string[]> {
  const down: string[] = [];
  for (const [name, url] of Object.entries(services)) {
    const ok = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(boundMs) })
      .then((r) => r.ok)
      .catch(() => false);
    if (!ok) down.push(name);
  }
  return down;
}

/** Runs `inputs` inputs spread evenly over the surfaces that have a target. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const { targets } = options;
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const hangMs = options.hangMs ?? 10_000;
  const surfaces: Array<[Surface, (settings: SurfaceSettings) => Promise<SurfaceRun>]> = [];
  if (targets.http && Object.keys(targets.http).length > 0)
    surfaces.push(['http', (s) => fuzzHttp(targets.http!, s)]);
  if (targets.realtime) surfaces.push(['realtime', (s) => fuzzRealtime(targets.realtime!, s)]);
  if (targets.nats) surfaces.push(['nats', (s) => fuzzNats(targets.nats!, s)]);
  if (targets.discord) surfaces.push(['interactions', (s) => fuzzInteractions(targets.discord!, s)]);
  const watched: Record<string, string> = {
    ...targets.http,
    ...(targets.realtime ? { 'realtime-gateway': targets.realtime } : {}),
  };
  const reports: SurfaceReport[] = [];
  const findings: FuzzFinding[] = [];
  const crashed = new Set<string>();
  const perSurface = Math.ceil(options.inputs / Math.max(1, surfaces.length));
  for (const [i, [surface, run]] of surfaces.entries()) {
    const settings: SurfaceSettings = {
      inputs: perSurface,
      seed: seed + i * 1_000_003,
      hangMs,
      concurrency: options.concurrency ?? 8,
      guildId: targets.guildId ?? defaultGuildId,
      knownIds: targets.knownIds ?? [],
      token: targets.token,
    };
    const result = await run(settings);
    reports.push(result.report);
    findings.push(...result.findings);
    // A service that exited or stopped answering /healthz during this surface crashed on its input.
    const down = [...(targets.exited?.() ?? []), ...(await unhealthy(watched, hangMs))];
    for (const service of new Set(down)) {
      if (crashed.has(service)) continue;
      crashed.add(service);
      findings.push({
        surface,
        kind: 'crash',
        target: service,
        input: `one of the ${surface} inputs of seed ${settings.seed}`,
        answer: 'the process exited or /healthz stopped answering',
      });
    }
  }
  return {
    fuzz_inputs: reports.reduce((n, r) => n + r.inputs, 0),
    fuzz_5xx: reports.reduce((n, r) => n + r.fivexx, 0),
    crashes: crashed.size,
    hangs: reports.reduce((n, r) => n + r.hangs, 0),
    seed,
    surfaces: reports,
    findings,
  };
}
