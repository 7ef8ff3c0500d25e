import { createHmac } from 'node:crypto';
import { type Bus, connectBus, ensureStream, publishEvent, type StreamLimits } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  type GuildRole,
  TicketCommentAddedSchema,
  TicketOpenedSchema,
  TicketStatus,
  ticketEvents,
} from '@guildwire/contracts';
import {
  createRealtimeClient,
  type RealtimeClient,
  type RealtimeClientOptions,
  type RealtimeEvent,
  type WebSocketConstructor,
} from '@guildwire/realtime-client';
import type { ServerFrame } from '@guildwire/realtime-client/protocol';
import { protocolName, streamPath } from '@guildwire/realtime-client/protocol';
import { type AuthOptions, type ServiceApp, signDevToken } from '@guildwire/service-kit';
import { type TestNats, testNats, waitUntil } from '@guildwire/testkit';
import { pino } from 'pino';
import WebSocket from 'ws';
import { buildApp } from '../src/app.js';
import { defaultLimits, type GatewayConfig, type GatewayLimits } from '../src/config.js';

type Tap = Parameters<typeof testNats>[0] & { teardown(fn: () => unknown): void };

export const auth: AuthOptions = {
  secret: 'realtime-gateway-test-secret-long-enough-for-hs256',
  issuer: 'guildwire',
  audience: 'guildwire-dashboard',
};

/** A signed token for `sub` with roles per guild. */
export function tokenFor(sub: string, guilds: Record<string, GuildRole>, ttlSeconds = 600): string {
  return signDevToken({ sub, guilds, ttlSeconds }, auth);
}

/** NATS for this test file and a bus on it with GUILD_EVENTS ensured. */
export async function natsForTest(t: Tap, limits: StreamLimits = {}): Promise<{ nats: TestNats; bus: Bus }> {
  const nats = await testNats(t);
  const bus = await connectBus({
    servers: nats.url,
    name: 'test-publisher',
    namespace: nats.namespace,
    logger: pino({ level: 'silent' }),
  });
  t.teardown(() => bus.close());
  await ensureStream(bus, limits);
  return { nats, bus };
}

/** A running gateway on a port-0 listener. */
export interface TestGateway {
  readonly app: ServiceApp;
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
  /** Reads one metric's value (sum over label sets matching `labels`). */
  metric(name: string, labels?: Record<string, string>): Promise<number>;
}

/** Builds and starts a gateway against `nats` with its own bus; closed at teardown. */
export async function startGateway(
  t: Tap,
  nats: TestNats,
  limits: Partial<GatewayLimits> = {},
  port = 0,
): Promise<TestGateway> {
  const config: GatewayConfig = {
    port,
    host: '127.0.0.1',
    logLevel: process.env.GW_TEST_LOG ?? 'silent',
    natsUrl: nats.url,
    natsNamespace: nats.namespace,
    streamReplicas: 1,
    auth,
    http: { corsOrigins: [], rateLimitPerMinute: 0 },
    limits: { ...defaultLimits, connectionsPerSecond: 10_000, connectionBurst: 10_000, ...limits },
  };
  const app = await buildApp(config, { defaultMetrics: false });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await app.close();
  };
  t.teardown(close);
  await app.listen({ port, host: '127.0.0.1' });
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    app,
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}${streamPath}`,
    close,
    async metric(name, labels = {}) {
      const metrics = await app.metrics.registry.getMetricsAsJSON();
      const m = metrics.find((x) => x.name === name);
      if (!m) return 0;
      return (m.values as Array<{ value: number; labels: Record<string, string | number> }>)
        .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
        .reduce((sum, v) => sum + v.value, 0);
    },
  };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** A token signed by hand: with another secret (forged), with alg none, or any claims at all. */
export function craftToken(
  payload: Record<string, unknown>,
  options: { secret?: string; alg?: string } = {},
): string {
  const alg = options.alg ?? 'HS256';
  const input = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${input}.`;
  return `${input}.${createHmac('sha256', options.secret ?? auth.secret!)
    .update(input)
    .digest('base64url')}`;
}

/** Valid claims of user 500 (staff of 42), overridable. */
export function claims(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: '500',
    guilds: { '42': 'staff' },
    iat: now,
    exp: now + 600,
    iss: auth.issuer,
    aud: auth.audience,
    ...overrides,
  };
}

let eventCounter = 0;

/** Publishes a ticket-opened event of `guildId` opened by `openerId`; returns its stream seq. */
export async function publishOpened(bus: Bus, guildId: string, openerId = '1000'): Promise<number> {
  const n = ++eventCounter;
  const event = createMessage(TicketOpenedSchema, {
    meta: createEventMeta({ guildId, actor: discordActor(openerId), aggregateVersion: 1 }),
    ticket: {
      id: `t-${guildId}-${n}`,
      guildId,
      number: n,
      subject: `ticket ${n}`,
      status: TicketStatus.OPEN,
      openerId,
    },
  });
  return (await publishEvent(bus, ticketEvents.opened, event)).seq;
}

/** Publishes a comment on a ticket of `guildId` opened by `openerId`; returns its stream seq. */
export async function publishComment(
  bus: Bus,
  guildId: string,
  openerId: string,
  body = 'hello',
): Promise<number> {
  const n = ++eventCounter;
  const event = createMessage(TicketCommentAddedSchema, {
    meta: createEventMeta({ guildId, actor: discordActor(openerId), aggregateVersion: 2 }),
    ticket: { id: `t-${guildId}-${n}`, guildId, number: n, openerId },
    comment: { id: `c-${n}`, ticketId: `t-${guildId}-${n}`, authorId: openerId, body },
  });
  return (await publishEvent(bus, ticketEvents.commentAdded, event)).seq;
}

/** A raw protocol client: every frame it received, and its close code once closed. */
export interface RawClient {
  readonly ws: WebSocket;
  readonly frames: ServerFrame[];
  readonly closed: Promise<{ code: number; reason: string }>;
  send(frame: unknown): void;
  /** Waits for the first frame (from `from` on) matching `match`. */
  next<F extends ServerFrame>(match: (f: ServerFrame) => f is F, from?: number): Promise<F>;
  next(match: (f: ServerFrame) => boolean, from?: number): Promise<ServerFrame>;
  events(guildId?: string): Array<ServerFrame & { op: 'event' }>;
}

/** Opens a WebSocket to the gateway; `token` goes in an `auth` frame unless `viaProtocol`. */
export async function rawClient(
  t: Tap,
  url: string,
  token?: string,
  options: { viaProtocol?: boolean; protocols?: string[]; clientOptions?: WebSocket.ClientOptions } = {},
): Promise<RawClient> {
  const protocols =
    options.protocols ??
    (options.viaProtocol && token ? [protocolName, `guildwire.token.${token}`] : [protocolName]);
  const ws = new WebSocket(url, protocols, options.clientOptions);
  const frames: ServerFrame[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
  });
  ws.on('error', () => undefined);
  ws.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
  });
  t.teardown(() => ws.terminate());
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('close', (code) => reject(new Error(`closed before open: ${code}`)));
  });
  const client: RawClient = {
    ws,
    frames,
    closed,
    send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    next: (match: (f: ServerFrame) => boolean, from = 0) =>
      waitUntil('a matching frame', async () => frames.slice(from).find(match), {
        timeoutMs: 20_000,
        intervalMs: 5,
      }),
    events: (guildId) =>
      frames.filter(
        (f): f is ServerFrame & { op: 'event' } =>
          f.op === 'event' && (guildId === undefined || f.guildId === guildId),
      ),
  } as RawClient;
  if (token && !options.viaProtocol) client.send({ op: 'auth', token });
  return client;
}

/**
 * Subscribes to guild 42 fresh, receives `n` events from `publish`, and drops the connection
 * without a close frame; returns the cursor it had (`since` for a resume).
 */
export async function consumeThenDrop(
  t: Tap,
  url: string,
  token: string,
  publish: () => Promise<number>,
  n = 1,
): Promise<{ seq: number; epoch: string }> {
  const client = await rawClient(t, url, token);
  client.send({ op: 'subscribe', guildId: '42' });
  const subscribed = await client.next((f) => f.op === 'subscribed');
  let last = 0;
  for (let i = 0; i < n; i++) last = await publish();
  await client.next((f) => f.op === 'event' && f.seq === last);
  client.ws.terminate();
  await client.closed;
  return { seq: last, epoch: (subscribed as { epoch: string }).epoch };
}

/** Checks that a connection's events of one guild form an unbroken prev chain starting at `start`. */
export function chainProblems(events: ReadonlyArray<{ seq: number; prev: number }>, start: number): string[] {
  const problems: string[] = [];
  let prev = start;
  for (const e of events) {
    if (e.prev !== prev) problems.push(`seq ${e.seq}: prev ${e.prev}, expected ${prev}`);
    if (e.seq <= prev) problems.push(`seq ${e.seq} not after ${prev}`);
    prev = e.seq;
  }
  return problems;
}

/** An SDK client on the gateway for `userId` with `guilds` roles; closed at teardown. */
export function sdkClient(
  t: Tap,
  url: string,
  userId: string,
  guilds: Record<string, GuildRole>,
  extra: Partial<RealtimeClientOptions> = {},
): { client: RealtimeClient; received: RealtimeEvent[] } {
  const client = createRealtimeClient({
    url,
    getToken: () => tokenFor(userId, guilds),
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    backoff: { initialMs: 20, maxMs: 300 },
    ...extra,
  });
  const received: RealtimeEvent[] = [];
  client.onEvent((e) => received.push(e));
  t.teardown(() => client.close());
  return { client, received };
}

/** Waits until `client` reports `live`. */
export async function whenLive(client: RealtimeClient): Promise<void> {
  await waitUntil('client live', async () => (client.status === 'live' ? true : undefined), {
    intervalMs: 5,
  });
}
