import type { FakeDiscordControl } from '@guildwire/fake-discord';

/** A guild role a fuzz token grants. */
export type FuzzRole = 'admin' | 'staff' | 'member';

/** The running services a fuzz run sends to; a surface without its target is skipped. */
export interface FuzzTargets {
  /** Service name → base URL of each HTTP service (each serves its OpenAPI document at /openapi.json). */
  readonly http?: Readonly<Record<string, string>> | undefined;
  /** The realtime gateway's base URL (`http://host:port`; frames go to `/v1/stream`). */
  readonly realtime?: string | undefined;
  /** NATS, for the `cmd.*` commands. */
  readonly nats?: { readonly url: string; readonly namespace: string } | undefined;
  /** The fake Discord the bot-gateway is connected to, for interactions. */
  readonly discord?: FakeDiscordControl | undefined;
  /** Signs a token the services accept (HS256 dev secret or the dashboard's key). */
  readonly token: (sub: string, guilds: Record<string, FuzzRole>, ttlSeconds?: number) => string;
  /** The guild (snowflake) the requests act in. Default a fixed one. */
  readonly guildId?: string;
  /** Ids of things that exist in that guild (tickets, panels, giveaways…): path ids pick from them too. */
  readonly knownIds?: readonly string[];
  /**
   * The services whose process has ended since the run began (the caller owns the processes);
   * without it a crash is a service whose /healthz stops answering.
   */
  readonly exited?: () => readonly string[];
}

/** Options of {@link runFuzz}. */
export interface FuzzOptions {
  /** Inputs in all, spread over the surfaces that have a target. */
  readonly inputs: number;
  readonly targets: FuzzTargets;
  /** fast-check seed: the same seed sends the same inputs. Default random (reported). */
  readonly seed?: number;
  /** An input with no answer within this bound is a hang. Default 10 000 ms. */
  readonly hangMs?: number;
  /** Requests in flight at once per surface. Default 8. */
  readonly concurrency?: number;
}

/** Something the fuzz found: a 5xx, a crash or a hang, with the input that caused it. */
export interface FuzzFinding {
  readonly surface: Surface;
  readonly kind: '5xx' | 'crash' | 'hang';
  /** Route, subject, frame op or interaction type. */
  readonly target: string;
  /** The input, shortened to a readable length. */
  readonly input: string;
  /** The answer (status and body, error reply), shortened. */
  readonly answer: string;
}

export type Surface = 'http' | 'realtime' | 'nats' | 'interactions';

/** One surface's counts. */
export interface SurfaceReport {
  readonly surface: Surface;
  readonly inputs: number;
  readonly fivexx: number;
  readonly hangs: number;
  /** Answers by class (`2xx`, `4xx`, `closed 4002`, `CONFIG_ERR_…`), for the table. */
  readonly answers: Readonly<Record<string, number>>;
}

/** What {@link runFuzz} returns. */
export interface FuzzReport {
  readonly fuzz_inputs: number;
  readonly fuzz_5xx: number;
  readonly crashes: number;
  readonly hangs: number;
  readonly seed: number;
  readonly surfaces: readonly SurfaceReport[];
  readonly findings: readonly FuzzFinding[];
}

/** What a surface module hands back to the runner. */
export interface SurfaceRun {
  readonly report: SurfaceReport;
  readonly findings: FuzzFinding[];
}

/** Settings every surface gets from the runner. */
export interface SurfaceSettings {
  readonly inputs: number;
  readonly seed: number;
  readonly hangMs: number;
  readonly concurrency: number;
  readonly guildId: string;
  readonly knownIds: readonly string[];
  readonly token: FuzzTargets['token'];
}

/** Shortens a value for a finding: at most `max` characters. */
export function clip(value: unknown, max = 300): string {
  const text = typeof value === 'string' ? value : safeJson(value);
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Runs `work` over `items` with at most `limit` in flight. */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await work(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/** Adds one to a tally. */
export function count(tally: Record<string, number>, key: string): void {
  tally[key] = (tally[key] ?? 0) + 1;
}
