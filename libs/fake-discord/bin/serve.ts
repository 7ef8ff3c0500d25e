// The fake Discord as a server of its own, for the container stack (docker-compose.yml) where the bot
// gateway and the dashboard run in other containers: no Discord account needed. Seeds the demo guild
// of `npm start` (demoIds: same ids, same users) and serves until SIGTERM/SIGINT.
//
//   FAKE_DISCORD_PUBLIC_URL=http://fake-discord:3190 node dist/tools/fake-discord.mjs
//
// HOST (default 0.0.0.0) and PORT (default 3190): where it listens. FAKE_DISCORD_PUBLIC_URL: where
// bots reach it (the gateway URL it advertises); default http://127.0.0.1:<PORT>.
// FAKE_DISCORD_APPLICATION_ID: the application (OAuth2 client) id, which the dashboard's
// DISCORD_CLIENT_ID must name; default 1300000000000000001. The client secret is the fake's default,
// fake-discord-client-secret. LOG_LEVEL: pino's.
// State lives in memory: a restart forgets every message, and the demo guild is seeded again.
import { pino } from 'pino';
import { seedDemoGuild, startFakeDiscord } from '../src/index.js';

const port = Number(process.env.PORT ?? 3190);
const host = process.env.HOST ?? '0.0.0.0';
const publicUrl = process.env.FAKE_DISCORD_PUBLIC_URL ?? `http://127.0.0.1:${port}`;
const applicationId = process.env.FAKE_DISCORD_APPLICATION_ID ?? '1300000000000000001';
const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', base: { service: 'fake-discord' } });

// Fastify logs every request at info: its lines only from warn up, unless LOG_LEVEL asks for debug.
const serverLogger = logger.child({}, { level: logger.isLevelEnabled('debug') ? logger.level : 'warn' });
const discord = await startFakeDiscord({ host, port, publicUrl, applicationId, logger: serverLogger });
const demo = seedDemoGuild(discord.control);
logger.info(
  {
    url: discord.url,
    gatewayUrl: discord.gatewayUrl,
    demoGuildId: demo.guildId,
    applicationId: discord.applicationId,
  },
  'fake Discord ready (consent page /oauth2/authorize, control API /__control)',
);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'fake Discord stopping');
  await discord.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
