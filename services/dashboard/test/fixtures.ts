import { fileURLToPath } from 'node:url';
import { type Bus, connectBus, ensureStream } from '@guildwire/bus';
import { createDb } from '@guildwire/db';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '@guildwire/fake-discord';
import { type ServiceApp, signDevToken } from '@guildwire/service-kit';
import { type ServiceProcess, spawnService, testNats, testPostgres } from '@guildwire/testkit';
import type { LightMyRequestResponse } from 'fastify';
import type { Kysely } from 'kysely';
import { pino } from 'pino';
import type { Test } from 'tap';
import { buildApp, type DashboardAppDeps } from '../src/app.js';
import { type DashboardConfig, loadDashboardConfig } from '../src/config.js';
import type { DashboardDatabase } from '../src/store/database.js';

const serviceMain = (name: string) => fileURLToPath(new URL(`../../${name}/src/main.ts`, import.meta.url));

/** The secret the spawned services (bot gateway, config) verify HS256 test tokens with. */
export const jwtSecret = 'dashboard-test-secret-long-enough-for-hs256';

// Discord permission bits used by the world below.
const ADMINISTRATOR = String(1n << 3n);
const MANAGE_GUILD = String(1n << 5n);

/**
 * The people and guilds of the tests: guild `main` (bot present) with an owner, a Manage Guild
 * holder, an Administrator, a support-role holder, a giveaway host and a plain member; `botless`
 * (the plain member is in it, the bot is not); `own` (bot present, owned by the plain member).
 */
export function seedWorld(discord: FakeDiscord) {
  const c = discord.control;
  const user = (username: string) => c.createUser({ username });
  const people = {
    owner: user('owner'),
    manager: user('manager'),
    administrator: user('administrator'),
    supporter: user('supporter'),
    host: user('host'),
    plain: user('plain'),
  };
  const main = c.createGuild({ name: 'Main', ownerId: people.owner.id });
  const roles = {
    manage: c.createRole(main.id, { name: 'Managers', permissions: MANAGE_GUILD }),
    admin: c.createRole(main.id, { name: 'Admins', permissions: ADMINISTRATOR }),
    support: c.createRole(main.id, { name: 'Support' }),
    hosts: c.createRole(main.id, { name: 'Giveaway hosts' }),
  };
  c.addMember(main.id, people.manager.id, { roles: [roles.manage.id] });
  c.addMember(main.id, people.administrator.id, { roles: [roles.admin.id] });
  c.addMember(main.id, people.supporter.id, { roles: [roles.support.id] });
  c.addMember(main.id, people.host.id, { roles: [roles.hosts.id] });
  c.addMember(main.id, people.plain.id);
  const botless = c.createGuild({ name: 'Botless', ownerId: people.owner.id, withBot: false });
  c.addMember(botless.id, people.plain.id);
  const own = c.createGuild({ name: 'Own', ownerId: people.plain.id });
  return { people, roles, guilds: { main: main.id, botless: botless.id, own: own.id } };
}

/** The test world's ids. */
export type World = ReturnType<typeof seedWorld>;

/** What one test file runs against: fake Discord, NATS, Postgres, the real bot gateway. */
export interface Stack {
  readonly discord: FakeDiscord;
  readonly world: World;
  readonly bus: Bus;
  readonly natsUrl: string;
  readonly pgUrl: string;
  readonly botGateway: ServiceProcess;
}

/** Starts the stack; everything stops at teardown. */
export async function startStack(t: Test, discordOptions: FakeDiscordOptions = {}): Promise<Stack> {
  const discord = await startFakeDiscord(discordOptions);
  t.teardown(() => discord.close());
  const world = seedWorld(discord);
  const nats = await testNats(t);
  const bus = await connectBus({
    servers: nats.url,
    name: 'dashboard-test',
    namespace: nats.namespace,
    logger: pino({ level: 'silent' }),
  });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  const pg = await testPostgres(t);
  const botGateway = await spawnService(serviceMain('bot-gateway'), {
    t,
    env: {
      JWT_SECRET: jwtSecret,
      NATS_URL: nats.url,
      NATS_NAMESPACE: nats.namespace,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      REGISTER_COMMANDS: 'false',
      SIDE_EFFECTS: 'false',
      LOG_LEVEL: 'warn',
    },
  });
  return { discord, world, bus, natsUrl: nats.url, pgUrl: pg.url, botGateway };
}

/** Runs the config service on the stack's NATS and Postgres (staff roles come from it). */
export async function startConfigService(t: Test, stack: Stack): Promise<ServiceProcess> {
  return spawnService(serviceMain('config'), {
    t,
    env: {
      JWT_SECRET: jwtSecret,
      NATS_URL: stack.natsUrl,
      NATS_NAMESPACE: stack.bus.namespace,
      DATABASE_URL: stack.pgUrl,
      LOG_LEVEL: 'warn',
    },
  });
}

/** Merge-patches a guild's module settings on the config service, as a guild admin would. */
export async function patchSettings(config: ServiceProcess, guildId: string, module: string, patch: object) {
  const token = signDevToken(
    { sub: '1', guilds: { [guildId]: 'admin' } },
    { secret: jwtSecret, issuer: 'guildwire', audience: 'guildwire-dashboard' },
  );
  const current = await fetch(`${config.url}/v1/guilds/${guildId}/settings/${module}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  const res = await fetch(`${config.url}/v1/guilds/${guildId}/settings/${module}`, {
    method: 'PATCH',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'if-match': current.headers.get('etag') ?? '"0"',
    },
    body: JSON.stringify(patch),
  });
  if (!res.ok) throw new Error(`settings patch answered ${res.status}: ${await res.text()}`);
}

/** The dashboard's configuration against the stack. */
export function dashboardConfig(stack: Stack, env: Record<string, string> = {}): DashboardConfig {
  return loadDashboardConfig({
    NATS_URL: stack.natsUrl,
    NATS_NAMESPACE: stack.bus.namespace,
    DATABASE_URL: stack.pgUrl,
    DISCORD_CLIENT_ID: stack.discord.applicationId,
    DISCORD_CLIENT_SECRET: stack.discord.control.oauth.clientSecret,
    DISCORD_OAUTH_URL: stack.discord.url,
    DISCORD_API_URL: stack.discord.apiUrl,
    DASHBOARD_PUBLIC_URL: 'http://127.0.0.1:3106',
    DASHBOARD_SESSION_SECRET: 'dashboard-test-session-secret-0123456789',
    LOG_LEVEL: 'silent',
    RATE_LIMIT_PER_MINUTE: '0',
    ...env,
  });
}

/** The dashboard app (in this process) on the stack, with its own database handle; closed at teardown. */
export async function startDashboard(
  t: Test,
  stack: Stack,
  env: Record<string, string> = {},
  deps: DashboardAppDeps = {},
): Promise<{ app: ServiceApp; db: Kysely<DashboardDatabase> }> {
  const db = createDb<DashboardDatabase>({ url: stack.pgUrl, schema: 'dashboard', poolSize: 5 });
  t.teardown(() => db.destroy());
  const app = await buildApp(dashboardConfig(stack, env), {
    bus: stack.bus,
    db,
    logger: { level: 'silent' },
    ...deps,
  });
  t.teardown(() => app.close());
  await app.ready();
  return { app, db };
}

interface JarCookie {
  value: string;
  path: string;
}

/** A browser's view of the dashboard: requests through inject with a cookie jar (paths honoured). */
export function browser(app: ServiceApp) {
  const jar = new Map<string, JarCookie>();
  async function request(
    method: 'GET' | 'POST',
    url: string,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> {
    const path = new URL(url, 'http://dashboard').pathname;
    const cookie = [...jar]
      .filter(
        ([, c]) =>
          path === c.path || path.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`) || c.path === '/',
      )
      .map(([name, c]) => `${name}=${c.value}`)
      .join('; ');
    const res = await app.inject({
      method,
      url,
      headers: { ...headers, ...(cookie === '' ? {} : { cookie }) },
    });
    for (const set of res.cookies as Array<{
      name: string;
      value: string;
      path?: string;
      maxAge?: number;
      expires?: Date;
    }>) {
      const cleared = set.maxAge === 0 || (set.expires !== undefined && set.expires.getTime() <= Date.now());
      if (cleared) jar.delete(set.name);
      else jar.set(set.name, { value: set.value, path: set.path ?? '/' });
    }
    return res;
  }
  return {
    jar,
    get: (url: string, headers?: Record<string, string>) => request('GET', url, headers),
    post: (url: string, headers?: Record<string, string>) => request('POST', url, headers),
  };
}

/** A browser of the tests. */
export type Browser = ReturnType<typeof browser>;

/** Discord's consent page, filled in and submitted as a browser would; the redirect back. */
export async function consent(
  authorizeUrl: string,
  userId: string,
  action: 'authorize' | 'cancel' = 'authorize',
) {
  const page = await (await fetch(authorizeUrl)).text();
  const fields = new URLSearchParams();
  for (const [, name, value] of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g))
    fields.set(name!, value!.replaceAll('&quot;', '"').replaceAll('&amp;', '&'));
  fields.set('user_id', userId);
  fields.set('action', action);
  const res = await fetch(new URL('/oauth2/authorize', authorizeUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: fields,
    redirect: 'manual',
  });
  return new URL(res.headers.get('location')!);
}

/** The dashboard path Discord's redirect points at (the callback with its query). */
export const callbackPath = (redirect: URL) => `${redirect.pathname}${redirect.search}`;

/** Signs `userId` in through the consent page; returns the callback's answer. */
export async function signIn(b: Browser, userId: string, returnTo = '/') {
  const login = await b.get(`/auth/login?returnTo=${encodeURIComponent(returnTo)}`);
  const redirect = await consent(login.headers.location as string, userId);
  return b.get(callbackPath(redirect));
}

/** POST /auth/token's answer as JSON, with its status. */
export async function accessToken(b: Browser) {
  const res = await b.post('/auth/token');
  return { status: res.statusCode, body: res.json() as Record<string, unknown> & { accessToken: string } };
}

/** The claims of a JWT (not verified: tests verify through the services). */
export function claimsOf(token: string): Record<string, unknown> & { guilds: Record<string, string> } {
  return JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
}
