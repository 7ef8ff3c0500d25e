import { resolve } from 'node:path';
import {
  type DemoGuild,
  demoIds,
  type FakeDiscord,
  seedDemoGuild,
  startFakeDiscord,
} from '@guildwire/fake-discord';
import { exportSigningKey, generateSigningKey, signDevToken } from '@guildwire/service-kit';
import {
  freePort,
  type ServiceProcess,
  spawnService,
  type TeardownHost,
  testNats,
  testPostgres,
} from '@guildwire/testkit';
import { bundleServices } from '../../../../scripts/bundle.js';
import { buildWebApp, webBuildIsStale, webDist } from '../../../../scripts/web-build.js';

// The whole Guildwire stack as `npm start` runs it (scripts/start.ts): the services compiled and run
// as processes, the dashboard signing tokens that every other service checks through its JWKS, the
// built web app served by the dashboard, CORS for its origin, the fake Discord with the demo guild,
// its Staff role a ticket support role, and a ticket panel posted in #open-a-ticket. Each test file
// gets its own NATS and Postgres (testkit).

const names = ['ticket', 'giveaway', 'config', 'realtime-gateway', 'bot-gateway', 'dashboard'] as const;
type Name = (typeof names)[number];

/** The running stack of one test file. */
export interface WholeStack {
  readonly discord: FakeDiscord;
  readonly demo: DemoGuild;
  readonly ownerId: string;
  /** The Postgres every service uses (each in its own schema), for seeding what the UI cannot make quickly. */
  readonly databaseUrl: string;
  /** Base URLs (`http://127.0.0.1:<port>`) of each service. */
  readonly urls: Readonly<Record<Name, string>>;
  /** A token of the demo owner (admin), for setting things up over the APIs. */
  adminToken(): string;
  /** A token of anyone in the demo guild, with the role given. */
  tokenFor(userId: string, role: 'admin' | 'staff' | 'member'): string;
  /** The panel the bot posted in #open-a-ticket. */
  readonly panel: { readonly id: string; readonly messageId: string; readonly customId: string };
  /** A Discord member presses the panel's button and submits the modal: a ticket opens. */
  openTicketFromDiscord(userId: string, subject: string): Promise<void>;
  /** SIGKILLs the realtime gateway (a crash). */
  killRealtime(): Promise<void>;
  /** Starts the realtime gateway again on its port. */
  startRealtime(): Promise<void>;
}

/** Options of the stack (bench:dashboard turns the bot's Discord side effects off). */
export interface WholeStackOptions {
  /** Extra environment per service. */
  readonly env?: Partial<Record<Name, Record<string, string>>>;
  /** Post the demo ticket panel (needs the bot's side effects; default true). */
  readonly panel?: boolean;
}

/** Starts the stack; everything stops at the test's teardown (a tap Test, or any TeardownHost). */
export async function startWholeStack(t: TeardownHost, options: WholeStackOptions = {}): Promise<WholeStack> {
  if (webBuildIsStale()) await buildWebApp({ quiet: true, ifStale: true });
  const files = await bundleServices([...names]);
  const bundles = new Map(names.map((name, i) => [name, files[i]!]));

  const discord = await startFakeDiscord();
  t.teardown(() => discord.close());
  const demo = seedDemoGuild(discord.control);
  const ownerId: string = demoIds.owner;
  const nats = await testNats(t);
  const pg = await testPostgres(t);
  const signingKey = generateSigningKey();
  const ports = Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, await freePort()] as const)),
  ) as Record<Name, number>;
  const urls = Object.fromEntries(names.map((n) => [n, `http://127.0.0.1:${ports[n]}`])) as Record<
    Name,
    string
  >;
  const common = {
    NATS_URL: nats.url.includes('://') ? nats.url : `nats://${nats.url}`,
    NATS_NAMESPACE: nats.namespace,
    DATABASE_URL: pg.url,
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '0',
    JWT_JWKS_URL: `${urls.dashboard}/.well-known/jwks.json`,
    CORS_ORIGINS: urls.dashboard,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
  };
  const envOf: Record<Name, Record<string, string>> = {
    ticket: {},
    giveaway: {},
    config: {},
    'realtime-gateway': {},
    'bot-gateway': {},
    dashboard: {
      DASHBOARD_PUBLIC_URL: urls.dashboard,
      DASHBOARD_SIGNING_KEY: JSON.stringify(exportSigningKey(signingKey)),
      DASHBOARD_SESSION_SECRET: 'browser-test-session-secret-0123456789abcdef',
      DASHBOARD_STATIC_DIR: webDist,
      DISCORD_CLIENT_ID: discord.applicationId,
      DISCORD_CLIENT_SECRET: discord.control.oauth.clientSecret,
      DISCORD_OAUTH_URL: discord.url,
      DASHBOARD_TICKET_API_URL: urls.ticket,
      DASHBOARD_GIVEAWAY_API_URL: urls.giveaway,
      DASHBOARD_CONFIG_API_URL: urls.config,
      DASHBOARD_BOT_GATEWAY_API_URL: urls['bot-gateway'],
      DASHBOARD_REALTIME_URL: `${urls['realtime-gateway'].replace(/^http/, 'ws')}/v1/stream`,
    },
  };
  const processes = new Map<Name, ServiceProcess>();
  const start = async (name: Name) => {
    const service = await spawnService(resolve(bundles.get(name)!), {
      t,
      port: ports[name],
      env: { ...common, ...envOf[name], ...options.env?.[name] },
      readyTimeoutMs: 120_000,
    });
    processes.set(name, service);
  };
  // The ticket service ensures the stream the dashboard reads settings from; the others fetch the
  // dashboard's JWKS on their first token only.
  await start('ticket');
  await Promise.all(names.filter((n) => n !== 'ticket').map(start));

  const tokenFor = (userId: string, role: 'admin' | 'staff' | 'member') =>
    signDevToken(
      { sub: userId, guilds: { [demo.guildId]: role }, ttlSeconds: 3600 },
      { signingKey, issuer: 'guildwire', audience: 'guildwire-dashboard' },
    );
  const adminToken = () => tokenFor(ownerId, 'admin');
  await makeStaffRoleSupport(urls.config, demo, adminToken());
  const panel =
    options.panel === false
      ? { id: '', messageId: '', customId: '' }
      : await postDemoPanel(discord, urls.ticket, demo, adminToken());

  return {
    discord,
    demo,
    ownerId,
    databaseUrl: pg.url,
    urls,
    adminToken,
    tokenFor,
    panel,
    async openTicketFromDiscord(userId, subject) {
      const press = discord.control.pressButton({
        messageId: panel.messageId,
        customId: panel.customId,
        userId,
      });
      await discord.control.waitForInteractionResponse(press.id, { timeoutMs: 15_000 });
      const submit = discord.control.submitModal({
        interactionId: press.id,
        values: { subject, description: 'opened from Discord in a browser test' },
      });
      await discord.control.waitForInteractionResponse(submit.id, { timeoutMs: 15_000 });
      // The bot may defer and answer later: wait for its words, and say them when they are a refusal.
      const answer = await discord.control.waitFor(
        () => {
          const id = discord.control.interaction(submit.id)?.originalMessageId;
          return (id ? discord.control.message(id)?.content : undefined) || undefined;
        },
        { timeoutMs: 15_000, description: `the bot's answer to ${subject}` },
      );
      if (!/is open/.test(answer))
        throw new Error(`opening "${subject}" from Discord was answered: ${answer}`);
    },
    async killRealtime() {
      await processes.get('realtime-gateway')!.child.kill();
    },
    async startRealtime() {
      await start('realtime-gateway');
    },
  };
}

/** As `npm start` does: the demo Staff role becomes a ticket support role, so sam signs in as staff. */
async function makeStaffRoleSupport(configUrl: string, demo: DemoGuild, token: string): Promise<void> {
  const res = await fetch(`${configUrl}/v1/guilds/${demo.guildId}/settings/tickets`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': '"0"' },
    body: JSON.stringify({ supportRoleIds: [demo.staffRoleId] }),
  });
  if (!res.ok) throw new Error(`settings PATCH answered ${res.status}: ${await res.text()}`);
}

async function postDemoPanel(discord: FakeDiscord, ticketUrl: string, demo: DemoGuild, token: string) {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const created = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ title: 'Need help?', channelId: demo.ticketPanelChannelId }),
  });
  if (!created.ok) throw new Error(`panel create answered ${created.status}: ${await created.text()}`);
  const panel = (await created.json()) as { id: string };
  const sent = await fetch(`${ticketUrl}/v1/guilds/${demo.guildId}/panels/${panel.id}/send`, {
    method: 'POST',
    headers: { authorization: headers.authorization },
  });
  if (!sent.ok) throw new Error(`panel send answered ${sent.status}`);
  const message = await discord.control.waitForMessage(
    demo.ticketPanelChannelId,
    (m) => JSON.stringify(m.components).includes(panel.id),
    { timeoutMs: 30_000 },
  );
  const customId = JSON.stringify(message.components).match(/"custom_id":"([^"]+)"/)?.[1] ?? '';
  return { id: panel.id, messageId: message.id, customId };
}
