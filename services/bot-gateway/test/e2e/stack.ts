import { fileURLToPath } from 'node:url';
import type { Bus } from '@guildwire/bus';
import type { TicketsSettings } from '@guildwire/contracts';
import {
  createRealtimeClient,
  type RealtimeEvent,
  type WebSocketConstructor,
} from '@guildwire/realtime-client';
import { answerSettings } from '@guildwire/settings-client/testing';
import { spawnService, testPostgres } from '@guildwire/testkit';
import WebSocket from 'ws';
import { jwtSecret, type Tap, tokenFor } from '../fixtures.js';

// The real ticket, config and realtime gateway services, each as its own process: services never
// import each other's code.
/** The entry file of a service. */
export const serviceMain = (name: string) =>
  fileURLToPath(new URL(`../../../${name}/src/main.ts`, import.meta.url));

/** The environment every spawned service shares with this test's bus. */
export function natsEnv(bus: Bus) {
  return {
    NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
    NATS_NAMESPACE: bus.namespace,
    JWT_SECRET: jwtSecret,
    LOG_LEVEL: 'warn',
  };
}

/**
 * Starts a service as its own process on this test's bus (and a fresh database when it has one);
 * the child (to kill it) and the environment it got (to start it again on the same database).
 */
export async function startServiceProcess(
  t: Tap,
  bus: Bus,
  name: string,
  withDatabase: boolean,
  env: Record<string, string> = {},
) {
  const database = withDatabase ? { DATABASE_URL: (await testPostgres(t)).url } : {};
  const service = await spawnService(serviceMain(name), {
    t,
    env: { ...natsEnv(bus), ...database, ...env },
    readyTimeoutMs: 60_000,
  });
  return { ...service, env: { ...database, ...env } };
}

/** Starts a service as its own process; its URL. */
export const startService = async (t: Tap, bus: Bus, name: string, withDatabase: boolean) =>
  (await startServiceProcess(t, bus, name, withDatabase)).url;

/** The ticket service with a database of its own; its URL. */
export const startTicketService = (t: Tap, bus: Bus) => startService(t, bus, 'ticket', true);

/** The guild's tickets module as the config service would serve it (a stand-in, for speed). */
export async function ticketSettings(
  t: Tap,
  bus: Bus,
  supportRoleIds: string[],
  extra: Partial<TicketsSettings> = {},
) {
  const server = await answerSettings(bus, { tickets: { supportRoleIds, ...extra } });
  t.teardown(() => server.stop());
}

/** A user's dashboard: libs/realtime-client following the guild through the realtime gateway. */
export function dashboardOf(
  t: Tap,
  realtimeUrl: string,
  guildId: string,
  userId: string,
  role: 'staff' | 'member' | 'admin' = 'staff',
) {
  const client = createRealtimeClient({
    url: `${realtimeUrl.replace(/^http/, 'ws')}/v1/stream`,
    getToken: () => tokenFor(userId, { [guildId]: role }).authorization.slice('Bearer '.length),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
  });
  t.teardown(() => client.close());
  const events: RealtimeEvent[] = [];
  client.onEvent((event) => void events.push(event));
  client.subscribe(guildId);
  return { client, events, ofType: (type: string) => events.filter((e) => e.type === type) };
}

/** A staff member's dashboard. */
export const staffDashboard = (t: Tap, realtimeUrl: string, guildId: string, userId: string) =>
  dashboardOf(t, realtimeUrl, guildId, userId, 'staff');
