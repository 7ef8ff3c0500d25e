// bench:config's cached-reads process, compiled and run like a service: a settings client holding
// GUILDS guilds' `tickets` settings (filled by cmd.config.get from the running config service) is
// read READS times in turn, the way a service reads them on each request. Prints `READS {json}`.
// Env: NATS_URL, NATS_NAMESPACE, GUILDS, READS.
import { performance } from 'node:perf_hooks';
import { connectBus } from '@guildwire/bus';
import { createSettingsClient } from '@guildwire/settings-client';
import { pino } from 'pino';

const guildCount = Number(process.env.GUILDS ?? 1000);
const reads = Number(process.env.READS ?? 5_000_000);
const logger = pino({ level: 'warn' });
const bus = await connectBus({
  servers: process.env.NATS_URL ?? '',
  name: 'bench-cached-reads',
  namespace: process.env.NATS_NAMESPACE ?? '',
  logger,
});
const client = createSettingsClient({ bus, logger, maxEntries: guildCount * 2 });
await client.start();
const guilds = Array.from({ length: guildCount }, (_, i) => String(1_300_000_000_000_001_000n + BigInt(i)));
let fetched = 0;
for (const g of guilds) if ((await client.get(g, 'tickets')).source === 'config') fetched++;

/** Reads per second of `read` over every guild in turn; `sum` keeps the reads from being optimised away. */
async function rate(read: (guildId: string) => number | Promise<number>): Promise<number> {
  let sum = 0;
  const started = performance.now();
  for (let i = 0; i < reads; i++) sum += await read(guilds[i % guildCount]!);
  const perS = reads / ((performance.now() - started) / 1000);
  return sum >= 0 ? perS : Number.NaN;
}

/** The same for a synchronous read (peek): no await, so the figure is the read, not a microtask. */
function rateSync(read: (guildId: string) => number): number {
  let sum = 0;
  const started = performance.now();
  for (let i = 0; i < reads; i++) sum += read(guilds[i % guildCount]!);
  const perS = reads / ((performance.now() - started) / 1000);
  return sum >= 0 ? perS : Number.NaN;
}

// Warm the JIT on a tenth of the run, then measure.
const warm = reads / 10;
for (let i = 0; i < warm; i++) await client.get(guilds[i % guildCount]!, 'tickets');
const get = await rate(async (g) => (await client.get(g, 'tickets')).settings.openLimitPerUser);
const peek = rateSync((g) => client.peek(g, 'tickets')?.settings.openLimitPerUser ?? 0);
const forGuild = await rate(async (g) => (await client.forGuild(g).tickets).openLimitPerUser);
process.stdout.write(`READS ${JSON.stringify({ get, peek, forGuild, fetched, guilds: guildCount })}\n`);
await client.close();
await bus.close();
