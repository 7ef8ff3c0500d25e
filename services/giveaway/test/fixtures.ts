import { type Bus, connectBus, createOutbox, ensureStream } from '@guildwire/bus';
import { collectEvents } from '@guildwire/bus/testing';
import { guildEventsStream } from '@guildwire/contracts';
import { createDb, migrateToLatest } from '@guildwire/db';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { testNats, testPostgres } from '@guildwire/testkit';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import { giveawayMigrations } from '../migrations/index.js';
import { buildApp, type GiveawayAppDeps } from '../src/app.js';
import { loadGiveawayConfig } from '../src/config.js';
import type { Caller, MemberFacts } from '../src/domain/giveaway.js';
import { localBeacon } from '../src/domain/randomness.js';
import { defaultGiveawaySettingsSource, type GiveawaySettings } from '../src/domain/settings.js';
import type { GiveawayDatabase } from '../src/store/database.js';
import type { GiveawayDeps } from '../src/use-cases/deps.js';
import { createGiveawayUseCases } from '../src/use-cases/giveaway-use-cases.js';

/** The part of a tap test the fixtures use. */
export interface Tap {
  teardown(fn: () => unknown): void;
}

/** A silent logger. */
export const silent = pino({ level: 'silent' });

let guildSeq = 1000;
/** A guild id no other test of this file uses. */
export function freshGuild(): string {
  return String(process.pid * 1000 + guildSeq++);
}

/** Callers of a guild. */
export const as = {
  manager: (guildId: string, userId = '500'): Caller => ({
    guildId,
    userId,
    kind: 'dashboard',
    manager: true,
  }),
  member: (guildId: string, userId = '100'): Caller => ({ guildId, userId, kind: 'discord', manager: false }),
};

/** A member the bot vouches for: old account, long membership, the given roles. */
export function member(roleIds: string[] = []): MemberFacts {
  return {
    roleIds,
    joinedAt: new Date(Date.now() - 365 * 86_400_000),
    accountCreatedAt: new Date(Date.now() - 3 * 365 * 86_400_000),
  };
}

/** A time `ms` from now. */
export const inMs = (ms: number) => new Date(Date.now() + ms);

/** The beacon of tests: local, 100 ms rounds, the same secret everywhere. */
export const testBeacon = (clock?: () => Date) =>
  localBeacon({ secret: 'giveaway-test-beacon-secret', periodMs: 100, ...(clock ? { clock } : {}) });

/** This file's database: a fresh Postgres database, migrated `giveaway` schema. */
export async function giveawayDb(
  t: Tap,
  poolSize = 20,
): Promise<{ db: Kysely<GiveawayDatabase>; url: string }> {
  const pg = await testPostgres(t);
  const db = createDb<GiveawayDatabase>({ url: pg.url, schema: 'giveaway', poolSize });
  t.teardown(() => db.destroy());
  await migrateToLatest(db, { schema: 'giveaway', migrations: giveawayMigrations });
  return { db, url: pg.url };
}

/** This file's bus: its own NATS server (or namespace) with the GUILD_EVENTS stream. */
export async function giveawayBus(t: Tap, name = 'giveaway-test'): Promise<Bus> {
  const nats = await testNats(t);
  const bus = await connectBus({ servers: nats.url, name, namespace: nats.namespace, logger: silent });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/** Mutable clock. */
export function testClock(start = Date.now()) {
  let now = start;
  return {
    now: () => new Date(now),
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Everything the use cases need, on real Postgres and NATS, with the relay running. */
export async function giveawayEnv(
  t: Tap,
  options: {
    settings?: Partial<GiveawaySettings>;
    clock?: () => Date;
    db?: Kysely<GiveawayDatabase>;
    bus?: Bus;
    countGapMs?: number;
  } = {},
) {
  const db = options.db ?? (await giveawayDb(t)).db;
  const bus = options.bus ?? (await giveawayBus(t));
  const outbox = createOutbox(db, bus, silent);
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  const clock = options.clock ?? (() => new Date());
  const deps: GiveawayDeps = {
    db,
    outbox,
    settings: defaultGiveawaySettingsSource({ all: options.settings ?? {} }),
    logger: silent,
    clock,
    beacon: testBeacon(clock),
  };
  const events = await collectEvents(t, bus);
  const uses = createGiveawayUseCases(deps, { counter: { gapMs: options.countGapMs ?? 1000 } });
  t.teardown(() => uses.counter.stop());
  return { db, bus, events, ...uses };
}

/** Every event of this file's stream, read back by guild and type (libs/bus's test helper). */
export { collectEvents };

/** Messages in the stream right now. */
export async function streamCount(bus: Bus): Promise<number> {
  const info = await bus.jsm.streams.info(bus.streamName(guildEventsStream));
  return info.state.messages;
}

/** A JWT secret for tests. */
export const jwtSecret = 'giveaway-test-secret-that-is-long-enough-for-hs256';

/** The service's configuration for tests (no listening: tests use inject). */
export function testConfig(overrides: Record<string, string> = {}) {
  return loadGiveawayConfig({
    JWT_SECRET: jwtSecret,
    NATS_URL: 'nats://127.0.0.1:4222',
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    LOG_LEVEL: 'silent',
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
export async function giveawayApp(
  t: Tap,
  options: { settings?: Partial<GiveawaySettings>; scheduler?: boolean } & Pick<
    GiveawayAppDeps,
    'clock'
  > = {},
) {
  const { db } = await giveawayDb(t);
  const bus = await giveawayBus(t);
  const app = await buildApp(testConfig(), {
    db,
    bus,
    settings: defaultGiveawaySettingsSource({ all: options.settings ?? {} }),
    logger: { level: 'silent' },
    beacon: testBeacon(options.clock),
    scheduler: options.scheduler ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  t.teardown(() => app.close());
  const events = await collectEvents(t, bus);
  return { app, db, bus, events };
}
