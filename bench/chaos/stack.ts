// The chaos stack: embedded Postgres in a child process (restartable on its port and data), a
// 3-node NATS cluster, the fake Discord in this process, and two replicas of each service, each
// its own compiled process on a fixed port so a replica killed with -9 comes back where it was.
import { appendFileSync, mkdirSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { type FakeDiscord, startFakeDiscord } from '@guildwire/fake-discord';
import { signDevToken } from '@guildwire/service-kit';
import {
  freePort,
  spawnService,
  spawnTs,
  startNatsCluster,
  type TestNatsCluster,
  type TsProcess,
} from '@guildwire/testkit';
import { bundleServices } from '../../scripts/bundle.js';

const root = resolve(import.meta.dirname, '../..');
const jwtSecret = 'chaos-secret-that-is-long-enough-for-hs256-tokens!';
const auth = { secret: jwtSecret, issuer: 'guildwire', audience: 'guildwire-dashboard' };

/** The services in start order (config first: the others read settings from it). */
export const serviceOrder = ['config', 'ticket', 'giveaway', 'realtime-gateway', 'bot-gateway'] as const;
export type ServiceName = (typeof serviceOrder)[number];

/** One replica of a service. */
export interface Replica {
  readonly service: ServiceName;
  readonly index: number;
  readonly url: string;
  running(): boolean;
  /** SIGKILL, no drain. */
  kill(): Promise<void>;
  /** SIGTERM: the service drains, as a rolling restart does. */
  stop(): Promise<void>;
  /** Starts again on the same port; resolves once /readyz answers. */
  start(): Promise<void>;
  /** Times it exited without being told to (a crash). */
  crashes(): number;
}

/** Postgres in its own process, restartable on the same port and data. */
export interface ChaosPostgres {
  readonly url: string;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** Everything the drill runs against. */
export interface ChaosStack {
  readonly postgres: ChaosPostgres;
  readonly nats: TestNatsCluster;
  readonly discord: FakeDiscord;
  readonly replicas: readonly Replica[];
  /** Base URLs of a service's replicas. */
  urls(service: ServiceName): string[];
  token(sub: string, guilds: Record<string, 'admin' | 'staff' | 'member'>): string;
  stop(): Promise<void>;
}

/** Embedded Postgres in a child process, restartable on the same port and data. */
export async function startPostgres(): Promise<ChaosPostgres> {
  const dataDir = resolve(root, '.data/chaos/pg');
  rmSync(dataDir, { recursive: true, force: true });
  const port = await freePort();
  let child: TsProcess | undefined;
  let url = '';
  const start = async () => {
    const started = spawnTs(resolve(root, 'scripts/stack/postgres.ts'), {
      env: { PG_DATA_DIR: dataDir, PG_PORT: String(port), LOG_LEVEL: 'warn' },
    });
    child = started;
    const line = await started.waitForLine(/^READY /, 180_000);
    url = line.slice('READY '.length).trim();
  };
  await start();
  return {
    get url() {
      return url;
    },
    async restart() {
      child?.child.kill('SIGTERM');
      await child?.exited;
      await start();
    },
    async stop() {
      child?.child.kill('SIGTERM');
      await child?.exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts everything: Postgres, NATS (3 nodes, streams R3), fake Discord, 2 replicas of each service. */
export async function startChaosStack(
  options: { readonly replicasPerService?: number } = {},
): Promise<ChaosStack> {
  const perService = options.replicasPerService ?? 2;
  const postgres = await startPostgres();
  const nats = await startNatsCluster();
  const discord = await startFakeDiscord({ interactionDeadlineMs: 3000 });
  const bundles = await bundleServices([...serviceOrder]);
  const common: Record<string, string> = {
    NATS_URL: nats.url,
    STREAM_REPLICAS: '3',
    DATABASE_URL: postgres.url,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'info',
    RATE_LIMIT_PER_MINUTE: '0',
  };
  const perServiceEnv: Partial<Record<ServiceName, Record<string, string>>> = {
    // Two replicas share two shards through leases, so each guild's events arrive once.
    'bot-gateway': {
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      SHARD_IDS: 'auto',
      SHARD_COUNT: '2',
    },
    giveaway: { GIVEAWAY_SCHEDULER_INTERVAL_MS: '250' },
  };
  const logDir = resolve(root, '.data/chaos/logs');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });
  const replicas: Replica[] = [];
  for (const [i, service] of serviceOrder.entries()) {
    for (let index = 0; index < perService; index++) {
      const port = await freePort();
      const env = { ...common, ...perServiceEnv[service] };
      let process: TsProcess | undefined;
      let expectingExit = false;
      let crashes = 0;
      const replica: Replica = {
        service,
        index,
        url: `http://127.0.0.1:${port}`,
        running: () =>
          process !== undefined && process.child.exitCode === null && process.child.signalCode === null,
        async kill() {
          expectingExit = true;
          await process?.kill();
        },
        async stop() {
          expectingExit = true;
          process?.child.kill('SIGTERM');
          await process?.exited;
        },
        async start() {
          expectingExit = false;
          const started = await spawnService(bundles[i]!, { env, port, readyTimeoutMs: 120_000 });
          process = started.child;
          // Every replica's log, across its restarts, for the findings (.data/chaos/logs).
          const log = resolve(logDir, `${service}-${index}.log`);
          appendFileSync(log, started.child.stdoutLines().join('\n'));
          started.child.child.stdout?.on('data', (chunk: string) => appendFileSync(log, chunk));
          // A replica that dies on its own is a finding: counted, then started again (as a supervisor would).
          void started.child.exited.then(async (exit) => {
            if (expectingExit || process !== started.child) return;
            crashes++;
            console.error(
              `${service}#${index} exited on its own (${exit.code ?? exit.signal}):\n${started.child.stderr().slice(-2000)}${started.child.stdoutLines().slice(-8).join('\n')}`,
            );
            await new Promise((r) => setTimeout(r, 1000));
            if (!expectingExit && process === started.child) await replica.start().catch(() => undefined);
          });
        },
        crashes: () => crashes,
      };
      await replica.start();
      replicas.push(replica);
    }
  }
  return {
    postgres,
    nats,
    discord,
    replicas,
    urls: (service) => replicas.filter((r) => r.service === service).map((r) => r.url),
    token: (sub, guilds) => signDevToken({ sub, guilds, ttlSeconds: 3600 }, auth),
    async stop() {
      await Promise.all(replicas.map((r) => r.kill()));
      await discord.close();
      await nats.stop();
      await postgres.stop();
    },
  };
}
