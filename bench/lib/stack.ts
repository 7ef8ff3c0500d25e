// The whole Guildwire stack on this machine for end-to-end benchmarks (bench:e2e, bench:chat):
// NATS and Postgres from testkit, the services compiled as `npm start` runs them (scripts/bundle),
// each in its own process, and a fake Discord in this process.
import { fileURLToPath } from 'node:url';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '@guildwire/fake-discord';
import { signDevToken } from '@guildwire/service-kit';
import { spawnService, testNats, testPostgres } from '@guildwire/testkit';
import { bundleServices } from '../../scripts/bundle.js';

/** A running stack: its URLs, and how to stop it all. */
export interface BenchStack {
  readonly natsUrl: string;
  /** The subject namespace the services use on that NATS ('' = none). */
  readonly natsNamespace: string;
  readonly discord: FakeDiscord;
  /** Service name → base URL. */
  readonly urls: Readonly<Record<string, string>>;
  /** Database URLs by service (those that have one). */
  readonly databases: Readonly<Record<string, string>>;
  /** A dev token for `sub` with these guild roles (signed with the stack's secret). */
  token(sub: string, guilds: Record<string, 'admin' | 'staff' | 'member'>, ttlSeconds?: number): string;
  /** The services whose process has ended (a crash: nothing stops them before `stop`). */
  exited(): string[];
  /** A service's output so far: its last 50 stdout lines (pino logs) and its stderr (last 64 KiB). */
  stderr(service: string): string;
  stop(): Promise<void>;
}

const withDatabase = new Set(['config', 'ticket', 'giveaway']);

/**
 * Starts the fake Discord, NATS, one database per service that has one, and the services in this
 * order (config first: the others read settings from it; bot-gateway last: it connects to Discord).
 */
export async function startBenchStack(options: {
  readonly services: readonly string[];
  readonly jwtSecret: string;
  readonly discord?: FakeDiscordOptions;
  /** Extra environment per service. */
  readonly env?: Readonly<Record<string, Record<string, string>>>;
  /** Run each service's src/main.ts with tsx (tests: no bundling step) instead of its bundle. */
  readonly fromSources?: boolean;
}): Promise<BenchStack> {
  const nats = await testNats();
  const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;
  const discord = await startFakeDiscord(options.discord ?? {});
  const dbs = new Map<string, Awaited<ReturnType<typeof testPostgres>>>();
  for (const name of options.services) if (withDatabase.has(name)) dbs.set(name, await testPostgres());
  const files = options.fromSources
    ? options.services.map((name) =>
        fileURLToPath(new URL(`../../services/${name}/src/main.ts`, import.meta.url)),
      )
    : await bundleServices([...options.services]);
  const common = {
    NATS_URL: natsUrl,
    NATS_NAMESPACE: nats.namespace,
    JWT_SECRET: options.jwtSecret,
    LOG_LEVEL: 'warn',
    // The load comes from one address; a per-client HTTP rate limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const children: Array<Awaited<ReturnType<typeof spawnService>>['child']> = [];
  const urls: Record<string, string> = {};
  for (const [i, name] of options.services.entries()) {
    const db = dbs.get(name);
    const env = {
      ...common,
      ...(db ? { DATABASE_URL: db.url } : {}),
      ...(name === 'bot-gateway' ? { DISCORD_TOKEN: discord.token, DISCORD_API_URL: discord.apiUrl } : {}),
      ...options.env?.[name],
    };
    const service = await spawnService(files[i]!, { env, readyTimeoutMs: 120_000 });
    children.push(service.child);
    urls[name] = service.url;
  }
  const auth = { secret: options.jwtSecret, issuer: 'guildwire', audience: 'guildwire-dashboard' };
  return {
    natsUrl,
    natsNamespace: nats.namespace,
    discord,
    urls,
    databases: Object.fromEntries([...dbs].map(([name, db]) => [name, db.url])),
    token: (sub, guilds, ttlSeconds = 3600) => signDevToken({ sub, guilds, ttlSeconds }, auth),
    exited: () =>
      options.services.filter(
        (_, i) => children[i]?.child.exitCode !== null || children[i]?.child.signalCode !== null,
      ),
    stderr: (service) => {
      const child = children[options.services.indexOf(service)];
      return child ? `${child.stdoutLines().slice(-50).join('\n')}\n${child.stderr()}` : '';
    },
    async stop() {
      for (const c of children) await c.kill();
      await discord.close();
      for (const db of dbs.values()) await db.stop();
      await nats.stop();
    },
  };
}
