import { type Bus, connectBus, ensureStream } from '@guildwire/bus';
import { collectEvents } from '@guildwire/bus/testing';
import { guildEventsStream } from '@guildwire/contracts';
import { createDb, migrateToLatest } from '@guildwire/db';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { testNats, testPostgres } from '@guildwire/testkit';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { configMigrations } from '../migrations/index.js';
import { buildApp, type ConfigAppDeps } from '../src/app.js';
import { loadConfigServiceConfig } from '../src/config.js';
import type { ConfigDatabase } from '../src/store/database.js';

/** The part of a tap test the fixtures use. */
export interface Tap {
  teardown(fn: () => unknown): void;
}

/** A silent logger. */
export const silent = pino({ level: 'silent' });

let guildSeq = 1000;
/** A guild id no other test of this file uses (a snowflake: 17 digits and more). */
export function freshGuild(): string {
  return String(424_242_000_000_000_000n + BigInt(process.pid) * 10_000n + BigInt(guildSeq++));
}

/** This file's database: a fresh Postgres database, migrated `config` schema. */
export async function configDb(t: Tap, poolSize = 20): Promise<{ db: Kysely<ConfigDatabase>; url: string }> {
  const pg = await testPostgres(t);
  const db = createDb<ConfigDatabase>({ url: pg.url, schema: 'config', poolSize });
  t.teardown(() => db.destroy());
  await migrateToLatest(db, { schema: 'config', migrations: configMigrations });
  return { db, url: pg.url };
}

/** This file's bus: its own NATS server (or namespace) with the GUILD_EVENTS stream. */
export async function configBus(t: Tap, name = 'config-test'): Promise<Bus> {
  const nats = await testNats(t);
  const bus = await connectBus({ servers: nats.url, name, namespace: nats.namespace, logger: silent });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/** Another process's connection to the same NATS (the bot, a service reading settings). */
export async function peerBus(t: Tap, bus: Bus, name: string): Promise<Bus> {
  const peer = await connectBus({
    servers: bus.nc.getServer(),
    name,
    namespace: bus.namespace,
    logger: silent,
  });
  t.teardown(() => peer.close());
  return peer;
}

/** Every event of this file's stream, read back by guild and type (libs/bus's test helper). */
export { collectEvents };

/** Messages in the stream right now (to assert that nothing more arrived after a waited-for one). */
export async function streamCount(bus: Bus): Promise<number> {
  const info = await bus.jsm.streams.info(bus.streamName(guildEventsStream));
  return info.state.messages;
}

/** A JWT secret for tests. */
export const jwtSecret = 'config-test-secret-that-is-long-enough-for-hs256';

/** The service's configuration for tests (no listening: tests use inject). */
export function testConfig(overrides: Record<string, string> = {}) {
  return loadConfigServiceConfig({
    JWT_SECRET: jwtSecret,
    NATS_URL: 'nats://127.0.0.1:4222',
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...overrides,
  });
}

/** A bearer token granting `guilds` to user `sub`. */
export function tokenFor(
  sub: string,
  guilds: Record<string, 'admin' | 'staff' | 'member'>,
): { authorization: string } {
  return { authorization: `Bearer ${signDevToken({ sub, guilds }, authOptionsFromConfig(testConfig()))}` };
}

/** The whole service on this file's Postgres and NATS, closed at teardown; events collected. */
export async function configApp(
  t: Tap,
  options: Omit<ConfigAppDeps, 'db' | 'bus' | 'logger'> & { env?: Record<string, string> } = {},
) {
  const { db } = await configDb(t);
  const bus = await configBus(t);
  const { env, ...deps } = options;
  const app = await buildApp(testConfig(env), { ...deps, db, bus, logger: { level: 'silent' } });
  t.teardown(() => app.close());
  const events = await collectEvents(t, bus);
  return { app, db, bus, events };
}
