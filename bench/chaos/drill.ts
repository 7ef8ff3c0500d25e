// One chaos drill: the stack, the guilds, the dashboards and the load, the rounds of faults, then
// the verdict. main.ts prints it; a fuzzer plugs in through `fuzz`.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectBus } from '@guildwire/bus';
import { waitUntil } from '@guildwire/testkit';
import { pino } from 'pino';
import { seedBenchGuilds } from '../e2e/guilds.js';
import { type DashboardView, openDashboards } from './dashboards.js';
import { type ChaosGuild, type LoadCounts, startLoad } from './load.js';
import { type RoundKind, type RoundReport, roundKinds, runRound, seeded } from './rounds.js';
import { type ChaosStack, type ServiceName, serviceOrder, startChaosStack } from './stack.js';
import { type Verdict, verify } from './verify.js';

/** What a fuzzer reports (bench/fuzz's runFuzz). */
export interface FuzzFigures {
  readonly fuzz_inputs: number;
  readonly fuzz_5xx: number;
  readonly crashes: number;
  readonly hangs: number;
}

/** What the fuzzer is given: the live stack (every replica's base URL, by service) and a guild of it. */
export interface FuzzContext {
  readonly urls: Readonly<Record<ServiceName, readonly string[]>>;
  readonly natsUrl: string;
  readonly discord: ChaosStack['discord']['control'];
  readonly token: ChaosStack['token'];
  /** Services one of whose replicas exited on its own since the fuzzer began. */
  readonly exited: () => string[];
}

/** The hook for the fuzzer: run against the live stack while the load goes on. */
export type FuzzHook = (context: FuzzContext) => Promise<FuzzFigures>;

/** How hard and how long. */
export interface ChaosProfile {
  readonly name: string;
  readonly rounds: number;
  /** How long a NATS node stays killed or paused. */
  readonly holdMs: number;
  /** Load: one ticket open per tick (and closes and giveaways, see load.ts). */
  readonly tickMs: number;
  /** Quiet time after each round, load still running. */
  readonly settleMs: number;
  readonly guilds: number;
  readonly dashboardsPerGuild: number;
}

export const profiles: Record<'short' | 'full', ChaosProfile> = {
  short: {
    name: 'short',
    rounds: 5,
    holdMs: 3000,
    tickMs: 300,
    settleMs: 2000,
    guilds: 2,
    dashboardsPerGuild: 2,
  },
  full: {
    name: 'full',
    rounds: 25,
    holdMs: 5000,
    tickMs: 150,
    settleMs: 3000,
    guilds: 3,
    dashboardsPerGuild: 3,
  },
};

/** A row of the rounds table. */
export interface RoundRow extends RoundReport {
  readonly opened: number;
  readonly http5xx: number;
  readonly unreachable: number;
}

/** Everything the drill found. */
export interface DrillResult {
  readonly rows: readonly RoundRow[];
  readonly verdict: Verdict;
  readonly load: LoadCounts;
  readonly crashes: number;
  readonly fuzz: FuzzFigures;
}

async function seedGuilds(
  stack: ChaosStack,
  count: number,
): Promise<Array<ChaosGuild & { staffUserId: string }>> {
  const seeded = seedBenchGuilds(stack.discord.control, count, 6);
  const guilds = seeded.map((g) => ({
    ...g,
    giveawayChannelId: stack.discord.control.createChannel(g.id, { name: 'giveaways' }).id,
  }));
  for (const guild of guilds) {
    const res = await fetch(`${stack.urls('config')[0]}/v1/guilds/${guild.id}/settings/tickets`, {
      method: 'PATCH',
      headers: {
        authorization: `Bearer ${stack.token(guild.ownerId, { [guild.id]: 'admin' })}`,
        'content-type': 'application/json',
        'if-match': '"0"',
      },
      body: JSON.stringify({ supportRoleIds: [guild.staffRoleId], openLimitPerUser: 1000 }),
    });
    if (!res.ok) throw new Error(`config PATCH answered ${res.status}: ${await res.text()}`);
  }
  return guilds;
}

/** Runs a drill of `profile`; `seed` picks the rounds' kinds (after one of each) and targets. */
export async function runChaosDrill(options: {
  readonly profile: ChaosProfile;
  readonly seed: number;
  readonly fuzz?: FuzzHook;
  readonly log: (line: string) => void;
}): Promise<DrillResult> {
  const { profile, log } = options;
  const random = seeded(options.seed);
  log(
    `starting: Postgres, 3 NATS nodes (streams R3), fake Discord, 2 replicas of ${serviceOrder.join(', ')}`,
  );
  const stack = await startChaosStack();
  const bus = await connectBus({
    servers: stack.nats.url,
    name: 'chaos-verifier',
    replicas: 3,
    logger: pino({ level: 'silent' }),
  });
  let dashboards: DashboardView[] = [];
  try {
    const guilds = await seedGuilds(stack, profile.guilds);
    dashboards = openDashboards(
      stack.urls('realtime-gateway'),
      guilds,
      profile.dashboardsPerGuild,
      stack.token,
    );
    await waitUntil(
      'dashboards live',
      async () => (dashboards.every((d) => d.client.status === 'live') ? true : undefined),
      {
        timeoutMs: 30_000,
      },
    );
    const load = startLoad(stack, guilds, profile.tickMs);
    const rows: RoundRow[] = [];
    await sleep(profile.settleMs);
    for (let n = 1; n <= profile.rounds; n++) {
      const kind: RoundKind =
        n <= roundKinds.length ? roundKinds[n - 1]! : roundKinds[Math.floor(random() * roundKinds.length)]!;
      const before = { ...load.counts };
      const report = await runRound(stack, n, kind, random, profile.holdMs);
      await sleep(profile.settleMs);
      const row: RoundRow = {
        ...report,
        opened: load.counts.ticketsOpened - before.ticketsOpened,
        http5xx: load.counts.http5xx - before.http5xx,
        unreachable: load.counts.unreachable - before.unreachable,
      };
      rows.push(row);
      log(
        `round ${n}: ${kind} ${report.target} in ${report.ms} ms; meanwhile ${row.opened} tickets opened, ` +
          `${row.http5xx} 5xx and ${row.unreachable} unreachable tries (retried)`,
      );
    }
    const urls = Object.fromEntries(serviceOrder.map((s) => [s, stack.urls(s)])) as Record<
      ServiceName,
      string[]
    >;
    // The fuzzer runs while the stack is whole, before the load stops (bench/fuzz plugs in here).
    const crashesSoFar = () => stack.replicas.reduce((n, r) => n + r.crashes(), 0);
    const before = new Map(stack.replicas.map((r) => [r, r.crashes()]));
    const crashesBeforeFuzz = crashesSoFar();
    const fuzz = options.fuzz
      ? await options.fuzz({
          urls,
          natsUrl: stack.nats.url,
          discord: stack.discord.control,
          token: stack.token,
          exited: () => [
            ...new Set(
              stack.replicas.filter((r) => r.crashes() > (before.get(r) ?? 0)).map((r) => r.service),
            ),
          ],
        })
      : { fuzz_inputs: 0, fuzz_5xx: 0, crashes: 0, hangs: 0 };
    // A replica the fuzzer crashed is counted once: by its process, or by the fuzzer (/healthz) if it lived on.
    const fuzzOnlyCrashes = Math.max(0, fuzz.crashes - (crashesSoFar() - crashesBeforeFuzz));
    await load.stop();
    log('load stopped; waiting for due giveaways to end and the outbox and dashboards to drain');
    await drain(stack, bus, dashboards);
    for (const line of await sideEffectCounters(stack)) log(line);
    const verdict = await verify({
      databaseUrl: stack.postgres.url,
      bus,
      dashboards,
      discord: stack.discord,
      guilds,
    });
    const crashes = crashesSoFar() + fuzzOnlyCrashes;
    return { rows, verdict, load: { ...load.counts }, crashes, fuzz };
  } finally {
    for (const d of dashboards) d.client.close();
    await bus.close();
    await stack.stop();
  }
}

/** Waits (bounded) until nothing is in flight: giveaways due have ended, outboxes are empty. */
async function drain(
  stack: ChaosStack,
  bus: Awaited<ReturnType<typeof connectBus>>,
  dashboards: DashboardView[],
) {
  await sleep(8000); // the last giveaways end 2–5 s after creation
  const lastSeq = async () => (await bus.jsm.streams.info('GUILD_EVENTS')).state.last_seq;
  // Quiet: the stream stopped growing for 3 s in a row (effects and ends done), at most 60 s.
  let previous = -1;
  let quietSince = Date.now();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const seq = await lastSeq().catch(() => previous);
    if (seq !== previous) {
      previous = seq;
      quietSince = Date.now();
    } else if (Date.now() - quietSince > 3000) break;
    await sleep(250);
  }
  // Dashboards still reconnecting (a gateway just rolled) get the time to resume, at most 30 s.
  await waitUntil(
    'dashboards live',
    async () => (dashboards.every((d) => d.client.status === 'live') ? true : undefined),
    { timeoutMs: 30_000, intervalMs: 250 },
  ).catch(() => undefined);
  await sleep(2000);
  void stack;
}

/** The bot replicas' side-effect counters (discord_side_effects_total), for the report. */
export async function sideEffectCounters(stack: ChaosStack): Promise<string[]> {
  const lines: string[] = [];
  for (const url of stack.urls('bot-gateway')) {
    const text = await fetch(`${url}/metrics`)
      .then((r) => r.text())
      .catch(() => '');
    for (const line of text.split('\n'))
      if (line.startsWith('discord_side_effects_total') && /giveaway|failed/.test(line))
        lines.push(`${url} ${line}`);
  }
  return lines;
}
