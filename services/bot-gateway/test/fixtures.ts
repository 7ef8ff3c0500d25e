import { type Bus, connectBus, ensureStream } from '@guildwire/bus';
import { type FakeDiscord, type FakeDiscordOptions, startFakeDiscord } from '@guildwire/fake-discord';
import { signDevToken } from '@guildwire/service-kit';
import { testNats } from '@guildwire/testkit';
import { pino } from 'pino';
import { buildApp } from '../src/app.js';
import { type BotGatewayConfig, loadBotGatewayConfig } from '../src/config.js';

/** The part of a tap test the fixtures use. */
export interface Tap {
  teardown(fn: () => unknown): void;
}

/** A silent logger. */
export const silent = pino({ level: 'silent' });

export const jwtSecret = 'bot-gateway-test-secret-0123456789abcdef';

/** A fake Discord for one test file, closed at teardown. */
export async function fakeDiscord(t: Tap, options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
  const discord = await startFakeDiscord(options);
  t.teardown(() => discord.close());
  return discord;
}

/** This file's bus: its own NATS server (or namespace) with the GUILD_EVENTS stream. */
export async function botBus(t: Tap, name = 'bot-gateway-test'): Promise<Bus> {
  const nats = await testNats(t);
  const bus = await connectBus({ servers: nats.url, name, namespace: nats.namespace, logger: silent });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/** The bot gateway's configuration for a test: this fake Discord, this bus's server and namespace. */
export function botConfig(
  discord: FakeDiscord,
  bus: Bus,
  env: Record<string, string> = {},
): BotGatewayConfig {
  return loadBotGatewayConfig({
    JWT_SECRET: jwtSecret,
    NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
    NATS_NAMESPACE: bus.namespace,
    DISCORD_TOKEN: discord.token,
    DISCORD_API_URL: discord.apiUrl,
    LOG_LEVEL: 'silent',
    ...env,
  });
}

/** Builds and readies a bot gateway (its gateway shards connected); closed at teardown unless closed before. */
export async function startBot(t: Tap, discord: FakeDiscord, bus: Bus, env: Record<string, string> = {}) {
  const app = await buildApp(botConfig(discord, bus, env), { bus, logger: silent });
  let closed = false;
  t.teardown(() => (closed ? undefined : app.close()));
  await app.ready();
  return {
    app,
    async close() {
      closed = true;
      await app.close();
    },
  };
}

/** Authorization header of a dev token granting `guilds`. */
export function tokenFor(sub: string, guilds: Record<string, 'admin' | 'staff' | 'member'>) {
  const token = signDevToken(
    { sub, guilds, ttlSeconds: 600 },
    { secret: jwtSecret, issuer: 'guildwire', audience: 'guildwire-dashboard' },
  );
  return { authorization: `Bearer ${token}` };
}

/** A Discord answer the fake stored: the interaction's `@original` message text, once it has some. */
export async function answerText(discord: FakeDiscord, interactionId: string): Promise<string> {
  await discord.control.waitForInteractionResponse(interactionId);
  return discord.control.waitFor(
    () => {
      const record = discord.control.interaction(interactionId);
      const message = record?.originalMessageId
        ? discord.control.message(record.originalMessageId)
        : undefined;
      return message?.content ? message.content : undefined;
    },
    { description: `answer text of ${interactionId}` },
  );
}
