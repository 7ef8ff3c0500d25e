// bench:ticket — ticket opens per second and latency at a fixed concurrency, over HTTP (POST
// /v1/guilds/:guildId/tickets) and over NATS (cmd.ticket.open), next to the raw ceiling: a bare
// Fastify route doing one INSERT and one awaited JetStream publish on the same Postgres and NATS.
// Each server runs in its own process, as deployed; autocannon and the NATS requester run here.
// Starts its own NATS and Postgres (testkit), 127.0.0.1 only. Ends with one line `RESULT {json}`.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { connectBus, requestCommand } from '@guildwire/bus';
import { ActorKind, ticketCommands } from '@guildwire/contracts';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { answerSettings } from '@guildwire/settings-client/testing';
import { freePort, spawnTs, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import autocannon from 'autocannon';
import { pino } from 'pino';
import { bundleFile, bundleServices } from '../scripts/bundle.js';
import { loadTicketConfig } from '../services/ticket/src/config.js';
import { percentile } from './lib/percentile.js';
import { pidCpuSeconds, stackCpuSeconds } from './lib/process-cpu.js';

const concurrency = 10;
const durationMs = Number(process.env.BENCH_DURATION_MS ?? 5000);
const warmupMs = 1000;
const guilds = Array.from({ length: 100 }, (_, i) => String(5_000_000 + i));
const logger = pino({ level: 'warn' });

const nats = await testNats();
const postgres = await testPostgres();
const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;

/** The part of autocannon's result this bench reads (the package ships no types). */
interface CannonResult {
  requests: { total: number };
  non2xx: number;
  errors: number;
  latency: { p50: number; p99: number };
}

interface Figures {
  label: string;
  count: number;
  perS: number;
  p50: number;
  p99: number;
  errors: number;
  /** Server process CPU per successful request, when measured. */
  cpuUsPerOp?: number;
  /** CPU per successful request of every postgres process, of nats-server, and of this (load) process. */
  pgUsPerOp?: number;
  natsUsPerOp?: number;
  loadUsPerOp?: number;
}

/** autocannon at `concurrency` connections for `ms`, one request shape per guild in turn. */
async function overHttp(
  label: string,
  url: string,
  path: (guildId: string) => string,
  headers: Record<string, string>,
  body: string,
  ms: number,
): Promise<Figures> {
  let n = 0;
  const result = await (autocannon as unknown as (o: object) => Promise<CannonResult>)({
    url,
    connections: concurrency,
    pipelining: 1,
    duration: ms / 1000,
    requests: [
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body,
        setupRequest: (req: object) => ({ ...req, path: path(guilds[n++ % guilds.length]!) }),
      },
    ],
  });
  const ok = result.requests.total - result.non2xx - result.errors;
  return {
    label,
    count: ok,
    perS: ok / (ms / 1000),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors,
  };
}

/** A server process under test: its URL, its pid (for CPU figures) and a way to stop it. */
interface Server {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/** Starts `file` in its own Node process (as a service runs) and waits for `readyPath` to answer 200. */
async function startServer(file: string, env: Record<string, string>, readyPath: string): Promise<Server> {
  const port = await freePort();
  // BENCH_PROFILE_DIR=<dir>: each server writes a CPU profile there when it stops.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const proc = spawnTs(file, {
    env: { ...env, PORT: String(port) },
    ...(profileDir ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] } : {}),
  });
  const url = `http://127.0.0.1:${port}`;
  let exited = false;
  void proc.exited.then(() => {
    exited = true;
  });
  await waitUntil(
    `${file} ready`,
    async () =>
      (await fetch(`${url}${readyPath}`).catch(() => undefined))?.status === 200 ? true : undefined,
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      abort: () => (exited ? new Error(`${file} exited: ${proc.stderr().slice(-2000)}`) : undefined),
    },
  );
  return {
    url,
    pid: proc.pid,
    async stop() {
      proc.child.kill('SIGTERM');
      await Promise.race([proc.exited, sleep(10_000).then(() => proc.kill())]);
    },
  };
}

function cpuNow(server: Server) {
  const { self, postgres, nats } = stackCpuSeconds();
  return { server: pidCpuSeconds(server.pid), pg: postgres, nats, load: self };
}

/** Runs `measure` and adds the CPU time per successful request of the server and of its peers. */
async function withCpu(server: Server, measure: () => Promise<Figures>): Promise<Figures> {
  const before = cpuNow(server);
  const figures = await measure();
  const after = cpuNow(server);
  const per = (k: keyof typeof before) =>
    figures.count > 0 ? ((after[k] - before[k]) / figures.count) * 1e6 : Number.NaN;
  return {
    ...figures,
    cpuUsPerOp: per('server'),
    pgUsPerOp: per('pg'),
    natsUsPerOp: per('nats'),
    loadUsPerOp: per('load'),
  };
}

// ---- the raw ceiling: one INSERT + one awaited JetStream publish behind a bare Fastify route
async function ceiling(ms: number): Promise<Figures> {
  // Compiled like the service, so both run the same way.
  const entry = await bundleFile(
    fileURLToPath(new URL('./lib/ceiling-server.ts', import.meta.url)),
    fileURLToPath(new URL('../dist/bench/ceiling-server.mjs', import.meta.url)),
  );
  const server = await startServer(entry, { NATS_URL: natsUrl, DATABASE_URL: postgres.url }, '/healthz');
  const body = JSON.stringify({ subject: 'printer on fire' });
  const path = (g: string) => `/v1/guilds/${g}/items`;
  await overHttp('warm-up', server.url, path, {}, body, warmupMs);
  const figures = await withCpu(server, () =>
    overHttp('ceiling: bare route, INSERT + publish', server.url, path, {}, body, ms),
  );
  await server.stop();
  return figures;
}

// ---- the ticket service, started as `npm start` starts it, on the same Postgres and NATS
const jwtSecret = 'bench-secret-that-is-long-enough-for-hs256!';
const config = loadTicketConfig({
  PORT: '0',
  NATS_URL: natsUrl,
  DATABASE_URL: postgres.url,
  JWT_SECRET: jwtSecret,
});
const token = signDevToken(
  { sub: '42', guilds: Object.fromEntries(guilds.map((g) => [g, 'member'])), ttlSeconds: 3600 },
  authOptionsFromConfig(config),
);
const openBody = JSON.stringify({
  subject: 'printer on fire',
  description: 'x'.repeat(200),
  priority: 'high',
});
const httpPath = (g: string) => `/v1/guilds/${g}/tickets`;

async function overNats(label: string, ms: number): Promise<Figures> {
  const bot = await connectBus({ servers: natsUrl, name: 'bench-bot', namespace: 'ticket', logger });
  const latencies: number[] = [];
  let i = 0;
  let errors = 0;
  const deadline = performance.now() + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const guildId = guilds[i++ % guilds.length]!;
        const t0 = performance.now();
        try {
          await requestCommand(bot, ticketCommands.open, {
            guildId,
            actor: { kind: ActorKind.DISCORD_USER, id: '42' },
            subject: 'printer on fire',
            description: 'x'.repeat(200),
          });
          latencies.push(performance.now() - t0);
        } catch {
          errors++;
        }
      }
    }),
  );
  await bot.close();
  latencies.sort((a, b) => a - b);
  return {
    label,
    count: latencies.length,
    perS: latencies.length / (ms / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors,
  };
}

const ceil = await ceiling(durationMs);
// Every open is a new ticket: the guilds' tickets module sets the highest open limit allowed and no
// run reaches it per guild, so the limit check runs but never refuses. The settings come from
// cmd.config.get once per guild, as the config service would answer (its own bench is bench:config).
const configBus = await connectBus({ servers: natsUrl, name: 'bench-config', namespace: 'ticket', logger });
const configAnswers = await answerSettings(configBus, { tickets: { openLimitPerUser: 1000 } });
// Compiled as npm start and the image run it (scripts/bundle.ts), not through tsx.
const [ticketBundle] = await bundleServices(['ticket']);
const service = await startServer(
  ticketBundle!,
  {
    NATS_URL: natsUrl,
    NATS_NAMESPACE: 'ticket',
    DATABASE_URL: postgres.url,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
    DB_POOL_SIZE: '20',
    // The load comes from one address; the per-client HTTP rate limit would measure itself.
    RATE_LIMIT_PER_MINUTE: '0',
  },
  '/readyz',
);
const auth = { authorization: `Bearer ${token}` };
await overHttp('warm-up', service.url, httpPath, auth, openBody, warmupMs);
const http = await withCpu(service, () =>
  overHttp('ticket HTTP POST /tickets', service.url, httpPath, auth, openBody, durationMs),
);
await overNats('warm-up', warmupMs);
const natsFigures = await withCpu(service, () => overNats('ticket NATS cmd.ticket.open', durationMs));

await service.stop();
await configAnswers.stop();
await configBus.close();
await nats.stop();
await postgres.stop();

const f = (n: number, d = 1) => n.toFixed(d).padStart(10);
console.log(
  `bench:ticket — concurrency ${concurrency}, ${durationMs} ms per run, ${guilds.length} guilds, one open = one ticket + one event`,
);
console.log(
  `${'run'.padEnd(40)}${'ok'.padStart(10)}${'per s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(8)}  CPU µs/op: ${['server', 'postgres', 'nats', 'load'].map((h) => h.padStart(9)).join('')}`,
);
for (const r of [ceil, http, natsFigures]) {
  console.log(
    `${r.label.padEnd(40)}${String(r.count).padStart(10)}${f(r.perS, 0)}${f(r.p50, 2)}${f(r.p99, 2)}${String(r.errors).padStart(8)}             ${[r.cpuUsPerOp, r.pgUsPerOp, r.natsUsPerOp, r.loadUsPerOp].map((v) => (v ?? Number.NaN).toFixed(0).padStart(9)).join('')}`,
  );
}
console.log('servers run in their own processes (as deployed); the load comes from this one');
const ratioHttp = http.perS / ceil.perS;
const ratioNats = natsFigures.perS / ceil.perS;
console.log(
  `ratio to ceiling: HTTP ${ratioHttp.toFixed(2)}, NATS ${ratioNats.toFixed(2)} (targets ≥ 0.5; p99 ≤ 15 ms)`,
);
const result = {
  http_per_s: Math.round(http.perS),
  nats_per_s: Math.round(natsFigures.perS),
  ceiling_per_s: Math.round(ceil.perS),
  ratio_http: Number(ratioHttp.toFixed(3)),
  ratio_nats: Number(ratioNats.toFixed(3)),
  http_p50_ms: Number(http.p50.toFixed(2)),
  http_p99_ms: Number(http.p99.toFixed(2)),
  nats_p50_ms: Number(natsFigures.p50.toFixed(2)),
  nats_p99_ms: Number(natsFigures.p99.toFixed(2)),
  ceiling_p99_ms: Number(ceil.p99.toFixed(2)),
  ceiling_cpu_us_per_op: Math.round(ceil.cpuUsPerOp ?? Number.NaN),
  http_cpu_us_per_op: Math.round(http.cpuUsPerOp ?? Number.NaN),
  nats_cpu_us_per_op: Math.round(natsFigures.cpuUsPerOp ?? Number.NaN),
  ceiling_pg_us_per_op: Math.round(ceil.pgUsPerOp ?? Number.NaN),
  http_pg_us_per_op: Math.round(http.pgUsPerOp ?? Number.NaN),
  nats_pg_us_per_op: Math.round(natsFigures.pgUsPerOp ?? Number.NaN),
  http_errors: http.errors,
  nats_errors: natsFigures.errors,
  concurrency,
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
