import { ConfigError, type Environment, loadConfig, ServiceConfigSchema } from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

/** Everything the bot gateway reads from its environment. */
export const BotGatewayConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  /** The bot token; without it the fake Discord's token (libs/fake-discord) is used. */
  DISCORD_TOKEN: Type.String({ default: '' }),
  /** Discord's REST API base (the client adds /v10); `npm start` points it at the fake Discord. */
  DISCORD_API_URL: Type.String({ pattern: '^https?://', default: 'https://discord.com/api' }),
  /**
   * Shards this replica runs: `auto` (replicas share SHARD_COUNT shards through leases in NATS KV),
   * or fixed: `0,1,2` or `0-3`; empty = every shard of SHARD_COUNT.
   */
  SHARD_IDS: Type.String({ pattern: '^(auto|(\\d+(-\\d+)?(,\\d+(-\\d+)?)*)?)$', default: '' }),
  /** Total shards across replicas; 0 = what Discord recommends (GET /gateway/bot); required with `auto`. */
  SHARD_COUNT: Type.Integer({ minimum: 0, maximum: 4096, default: 0 }),
  /** With SHARD_IDS=auto: a dead replica's shards are taken over this long after its last renewal. */
  SHARD_LEASE_TTL_MS: Type.Integer({ minimum: 1000, maximum: 300_000, default: 15_000 }),
  /** An interaction whose work takes longer than this is deferred (Discord's deadline is 3 s). */
  DEFER_AFTER_MS: Type.Integer({ minimum: 0, maximum: 2500, default: 1200 }),
  /** How long a cmd.* request may take before the user is told the service is slow. */
  COMMAND_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5000 }),
  /** Guilds whose channels and roles are cached (least recently seen evicted first). */
  GUILD_CACHE_MAX: Type.Integer({ minimum: 1, default: 10_000 }),
  /** Register slash commands. */
  REGISTER_COMMANDS: Type.Boolean({ default: true }),
  /**
   * `global`: once at start (Discord may take up to an hour to show a change everywhere); `guild`: per
   * guild on GUILD_CREATE, at once (development servers), only when the definition changed.
   */
  COMMANDS_SCOPE: Type.Enum(['global', 'guild'], { default: 'global' }),
  /**
   * Members whose roles are cached per guild (GUILD_MEMBER_* dispatches keep them current: needs the
   * privileged Server Members intent); 0 = no cache and no such intent, every answer from REST.
   */
  MEMBER_CACHE_PER_GUILD: Type.Integer({ minimum: 0, maximum: 1_000_000, default: 1000 }),
  /**
   * How long an event in hand may go unacknowledged before JetStream gives it to another replica:
   * also how late a killed replica's event is retried.
   */
  SIDE_EFFECT_ACK_WAIT_MS: Type.Integer({ minimum: 1000, maximum: 300_000, default: 20_000 }),
  /**
   * Least time between two entrant-count edits of one giveaway message (counts arrive about once a
   * second; Discord allows about 5 edits per 5 s in a channel). The last count is always shown.
   */
  GIVEAWAY_COUNT_EDIT_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 5000 }),
  /** Run the durable side-effect consumer in this replica. */
  SIDE_EFFECTS: Type.Boolean({ default: true }),
  /** Capture ticket conversations and post dashboard replies (needs the MESSAGE_CONTENT intent). */
  CONVERSATIONS: Type.Boolean({ default: true }),
  /**
   * Captured ticket messages are forwarded to the ticket service in this many partitions in
   * parallel, a channel's always in the same one, in order. Every replica must use the same number.
   */
  CAPTURE_PARTITIONS: Type.Integer({ minimum: 1, maximum: 256, default: 16 }),
  /**
   * After a fresh session, how many of each open ticket channel's newest messages are compared
   * with the ticket service's to catch edits and deletes made while the bot had no session
   * (Discord has no "changed since"); older ones are not checked. 0 = only new messages.
   */
  BACKFILL_RECENT_MESSAGES: Type.Integer({ minimum: 0, maximum: 1000, default: 100 }),
  /** The dashboard's public URL: transcript links in Discord point there ('' = no links). */
  DASHBOARD_URL: Type.String({ pattern: '^(https?://.*)?$', default: '' }),
});

/** The bot gateway's parsed, frozen configuration. */
export type BotGatewayConfig = Static<typeof BotGatewayConfigSchema>;

/** The fake Discord's default bot token (libs/fake-discord), used when DISCORD_TOKEN is empty. */
export const fakeDiscordToken = 'fake-discord-bot-token';

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadBotGatewayConfig(env: Environment = process.env): BotGatewayConfig {
  const config = loadConfig(BotGatewayConfigSchema, env);
  // Without a token only a fake Discord makes sense: the real one would answer 401 to everything.
  if (config.DISCORD_TOKEN === '' && new URL(config.DISCORD_API_URL).hostname.endsWith('discord.com'))
    throw new ConfigError(
      'DISCORD_TOKEN is required for Discord (or point DISCORD_API_URL at a fake Discord)',
    );
  // Replicas deciding the count each on their own could disagree, and a shard would run twice.
  if (config.SHARD_IDS === 'auto' && config.SHARD_COUNT === 0)
    throw new ConfigError(
      'SHARD_COUNT is required with SHARD_IDS=auto (every replica must use the same count)',
    );
  return config;
}

/** The token to log in with: DISCORD_TOKEN, else the fake Discord's. */
export function discordToken(config: BotGatewayConfig): string {
  return config.DISCORD_TOKEN === '' ? fakeDiscordToken : config.DISCORD_TOKEN;
}
