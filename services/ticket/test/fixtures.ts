import { type Bus, bindCommand, connectBus, createOutbox, ensureStream, serveCommands } from '@guildwire/bus';
import { collectEvents } from '@guildwire/bus/testing';
import { discordCommands, guildEventsStream, TicketCategorySchema } from '@guildwire/contracts';
import { createDb, migrateToLatest } from '@guildwire/db';
import { authOptionsFromConfig, signDevToken } from '@guildwire/service-kit';
import { answerSettings } from '@guildwire/settings-client/testing';
import { testNats, testPostgres } from '@guildwire/testkit';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import Value from 'typebox/value';
import { ticketMigrations } from '../migrations/index.js';
import { buildApp } from '../src/app.js';
import { loadTicketConfig } from '../src/config.js';
import {
  staticTicketSettings,
  type TicketSettings,
  type TicketSettingsSource,
} from '../src/domain/settings.js';
import type { Caller } from '../src/domain/ticket.js';
import type { TicketDatabase } from '../src/store/database.js';
import type { TicketDeps } from '../src/use-cases/deps.js';
import { createTicketUseCases } from '../src/use-cases/ticket-use-cases.js';

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

/** Callers of a guild with each role. */
export const as = {
  staff: (guildId: string, userId = '500'): Caller => ({
    guildId,
    userId,
    kind: 'dashboard',
    staff: true,
    admin: false,
  }),
  admin: (guildId: string, userId = '900'): Caller => ({
    guildId,
    userId,
    kind: 'dashboard',
    staff: true,
    admin: true,
  }),
  member: (guildId: string, userId = '100'): Caller => ({
    guildId,
    userId,
    kind: 'dashboard',
    staff: false,
    admin: false,
  }),
};

/** This file's database: a fresh Postgres database, migrated `ticket` schema. */
export async function ticketDb(t: Tap, poolSize = 20): Promise<{ db: Kysely<TicketDatabase>; url: string }> {
  const pg = await testPostgres(t);
  const db = createDb<TicketDatabase>({ url: pg.url, schema: 'ticket', poolSize });
  t.teardown(() => db.destroy());
  await migrateToLatest(db, { schema: 'ticket', migrations: ticketMigrations });
  return { db, url: pg.url };
}

/** This file's bus: its own NATS server (or namespace) with the GUILD_EVENTS stream. */
export async function ticketBus(t: Tap, name = 'ticket-test'): Promise<Bus> {
  const nats = await testNats(t);
  const bus = await connectBus({ servers: nats.url, name, namespace: nats.namespace, logger: silent });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/** Another process on `bus`'s NATS and namespace (the bot gateway, say): its own connection, no server. */
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

/**
 * Answers cmd.config.get on `bus` with these tickets settings for every guild (version 1), the way
 * the config service would; for tests that run the ticket service without the config service.
 */
export async function answerTicketSettings(
  t: Tap,
  bus: Bus,
  settings: Partial<TicketSettings>,
): Promise<void> {
  const server = await answerSettings(bus, { tickets: settings });
  t.teardown(() => server.stop());
}

/**
 * Answers cmd.discord.member_roles on `bus` as the bot gateway would: the users listed are members
 * with those roles, anyone else is not in the guild. For tests that run without the bot.
 */
export async function answerMemberRoles(
  t: Tap,
  bus: Bus,
  members: Readonly<Record<string, { roleIds?: string[]; guildAdmin?: boolean }>>,
): Promise<void> {
  const server = await serveCommands(bus, { name: 'discord', version: '0.0.0' }, [
    bindCommand(discordCommands.memberRoles, async (req) => {
      const member = members[req.userId];
      return member
        ? { isMember: true, roleIds: member.roleIds ?? [], guildAdmin: member.guildAdmin ?? false }
        : { isMember: false };
    }),
  ]);
  t.teardown(() => server.stop());
}

/** A ticket category as the config service would store it: the schema's defaults under `fields`. */
export function ticketCategory(
  fields: Partial<TicketSettings['categories'][number]> & { id: string; name: string },
): TicketSettings['categories'][number] {
  return Value.Default(TicketCategorySchema, structuredClone(fields)) as TicketSettings['categories'][number];
}

/** Mutable clock for timer tests. */
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
export async function ticketEnv(
  t: Tap,
  options: {
    settings?: Partial<TicketSettings>;
    clock?: () => Date;
    db?: Kysely<TicketDatabase>;
    bus?: Bus;
  } = {},
) {
  const db = options.db ?? (await ticketDb(t)).db;
  const bus = options.bus ?? (await ticketBus(t));
  const outbox = createOutbox(db, bus, silent);
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  const deps: TicketDeps = {
    db,
    outbox,
    settings: staticTicketSettings({ all: options.settings ?? {} }),
    logger: silent,
    clock: options.clock ?? (() => new Date()),
  };
  const events = await collectEvents(t, bus);
  return {
    db,
    bus,
    events,
    ...createTicketUseCases(deps),
  };
}

/** Every event of this file's stream, read back by guild and type (libs/bus's test helper). */
export { collectEvents };

/** Messages in the stream right now (to assert nothing more arrived, after a waited-for marker). */
export async function streamCount(bus: Bus): Promise<number> {
  const info = await bus.jsm.streams.info(bus.streamName(guildEventsStream));
  return info.state.messages;
}

/** A JWT secret for tests. */
export const jwtSecret = 'ticket-test-secret-that-is-long-enough-for-hs256';

/** The service's configuration for tests (no listening: tests use inject). */
export function testConfig(overrides: Record<string, string> = {}) {
  return loadTicketConfig({
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
  const config = testConfig();
  return { authorization: `Bearer ${signDevToken({ sub, guilds }, authOptionsFromConfig(config))}` };
}

/** The whole service on this file's Postgres and NATS, closed at teardown; events collected. */
export async function ticketApp(
  t: Tap,
  options: {
    settings?: Partial<TicketSettings>;
    /** Settings that change during the test (else `settings`, fixed). */
    settingsSource?: TicketSettingsSource;
    timers?: boolean;
  } = {},
) {
  const { db } = await ticketDb(t);
  const bus = await ticketBus(t);
  const app = await buildApp(testConfig(), {
    db,
    bus,
    settings: options.settingsSource ?? staticTicketSettings({ all: options.settings ?? {} }),
    logger: { level: 'silent' },
    timers: options.timers ?? false,
  });
  t.teardown(() => app.close());
  const events = await collectEvents(t, bus);
  return { app, db, bus, events };
}
