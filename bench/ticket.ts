// bench:ticket — ticket opens per second and latency at a fixed concurrency, over HTTP (POST
// /v1/guilds/:guildId/tickets) and over NATS (cmd.ticket.open), next to the raw ceiling: a bare
// Fastify route doing one INSERT and one awaited JetStream publish on the same Postgres and NATS.
// Starts its own NATS and Postgres (testkit), 127.0.0.1 only. Ends with one line `RESULT {json}`.
import { performance } from 'node:perf_hooks';
import { connectBus, ensureStream, publishEvent, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  createEventMeta,
  createMessage,
  discordActor,
  TicketOpenedSchema,
  ticketCommands,
  ticketEvents,
} from '@guildwire/contracts';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { freePort, testNats, testPostgres } from '@guildwire/testkit';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { pino } from 'pino';
import { buildApp } from '../services/ticket/src/app.js';
import { loadTicketConfig } from '../services/ticket/src/config.js';
import { staticTicketSettings } from '../services/ticket/src/domain/settings.js';

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
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0
    ? Number.NaN
    : sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
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

// ---- the raw ceiling: one INSERT + one awaited JetStream publish behind a bare Fastify route
async function ceiling(ms: number): Promise<Figures> {
  const bus = await connectBus({ servers: natsUrl, name: 'bench-ceiling', namespace: 'ceiling', logger });
  await ensureStream(bus);
  const db = new Kysely<Record<string, never>>({
    dialect: new PostgresDialect({
      pool: new pg.Pool({ connectionString: postgres.url, max: concurrency + 4 }),
    }),
  });
  await sql`create schema if not exists bench_ceiling`.execute(db);
  await sql`create table if not exists bench_ceiling.items (id uuid primary key, guild_id text not null, subject text not null)`.execute(
    db,
  );
  const app = Fastify();
  app.post<{ Params: { guildId: string }; Body: { subject: string } }>(
    '/v1/guilds/:guildId/items',
    async (request, reply) => {
      const event = createMessage(TicketOpenedSchema, {
        meta: createEventMeta({
          guildId: request.params.guildId,
          actor: discordActor('42'),
          aggregateVersion: 1,
        }),
        ticket: { guildId: request.params.guildId, subject: request.body.subject, openerId: '42' },
      });
      await sql`insert into bench_ceiling.items (id, guild_id, subject) values (${event.meta!.eventId}, ${request.params.guildId}, ${request.body.subject})`.execute(
        db,
      );
      await publishEvent(bus, ticketEvents.opened, event);
      return reply.code(201).send({ id: event.meta!.eventId });
    },
  );
  const port = await freePort();
  await app.listen({ port, host: '127.0.0.1' });
  const url = `http://127.0.0.1:${port}`;
  const body = JSON.stringify({ subject: 'printer on fire' });
  await overHttp('warm-up', url, (g) => `/v1/guilds/${g}/items`, {}, body, warmupMs);
  const figures = await overHttp(
    'ceiling: bare route, INSERT + publish',
    url,
    (g) => `/v1/guilds/${g}/items`,
    {},
    body,
    ms,
  );
  await app.close();
  await db.destroy();
  await bus.close();
  return figures;
}

// ---- the ticket service, as main.ts runs it, on the same Postgres and NATS
const config = loadTicketConfig({
  PORT: '0',
  NATS_URL: natsUrl,
  NATS_NAMESPACE: 'ticket',
  DATABASE_URL: postgres.url,
  JWT_SECRET: 'bench-secret-that-is-long-enough-for-hs256!',
  LOG_LEVEL: 'warn',
  DB_POOL_SIZE: '20',
});
// Every open is a new ticket: a limit no run reaches, so limit checks run but never refuse.
const app = await buildApp(config, {
  settings: staticTicketSettings({ all: { openLimitPerUser: 1_000_000 } }),
  logger: pino({ level: 'warn' }),
});
const port = await freePort();
await app.listen({ port, host: '127.0.0.1' });
const ticketUrl = `http://127.0.0.1:${port}`;
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
await overHttp('warm-up', ticketUrl, httpPath, { authorization: `Bearer ${token}` }, openBody, warmupMs);
const http = await overHttp(
  'ticket HTTP POST /tickets',
  ticketUrl,
  httpPath,
  { authorization: `Bearer ${token}` },
  openBody,
  durationMs,
);
await overNats('warm-up', warmupMs);
const natsFigures = await overNats('ticket NATS cmd.ticket.open', durationMs);

await app.close();
await nats.stop();
await postgres.stop();

const f = (n: number, d = 1) => n.toFixed(d).padStart(10);
console.log(
  `bench:ticket — concurrency ${concurrency}, ${durationMs} ms per run, ${guilds.length} guilds, one open = one ticket + one event`,
);
console.log(
  `${'run'.padEnd(40)}${'ok'.padStart(10)}${'per s'.padStart(10)}${'p50 ms'.padStart(10)}${'p99 ms'.padStart(10)}${'errors'.padStart(10)}`,
);
for (const r of [ceil, http, natsFigures]) {
  console.log(
    `${r.label.padEnd(40)}${String(r.count).padStart(10)}${f(r.perS, 0)}${f(r.p50, 2)}${f(r.p99, 2)}${String(r.errors).padStart(10)}`,
  );
}
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
  http_errors: http.errors,
  nats_errors: natsFigures.errors,
  concurrency,
};
console.log(`RESULT ${JSON.stringify(result)}`);
process.exit(0);
