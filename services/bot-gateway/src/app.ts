import type { Bus } from '@guildwire/bus';
import {
  buildService,
  commandServer,
  natsBus,
  type ServiceApp,
  type ServiceLoggerOptions,
  serviceOptionsFromConfig,
  settingsClient,
} from '@guildwire/service-kit';
import type { Logger } from 'pino';
import { discordCommandBindings } from './commands/discord-command-table.js';
import { type BotGatewayConfig, discordToken } from './config.js';
import { conversations } from './conversations/conversations.js';
import { discordConnection } from './discord/connection.js';
import { guildCommands } from './discord/guild-commands.js';
import { createGuildQueries } from './discord/guild-queries.js';
import { createEffectLog } from './effects/effect-log.js';
import { sideEffects } from './effects/side-effects.js';
import { createGiveawayCalls } from './interactions/giveaway-calls.js';
import { interactionRouter } from './interactions/interaction-router.js';
import { slashCommands } from './interactions/slash-commands.js';
import { createTicketCalls } from './interactions/ticket-calls.js';
import { createPanelSender } from './panels/panel-sender.js';
import { botGatewayApi } from './routes/bot-gateway-api.js';
import { openBotBuckets, openLeaseBucket } from './state/buckets.js';
import { createGiveawayPlaces } from './state/giveaway-places.js';
import { createTicketPlaces } from './state/ticket-places.js';
import { voiceRooms } from './voice/voice-rooms.js';

/** Name, version (logs, OpenAPI, $SRV discovery) and purpose of the service. */
export const botGatewayService = {
  name: 'bot-gateway',
  version: '0.1.0',
  description: 'The Discord connection: commands, buttons, panels and side effects',
};

/** Dependencies a caller may build itself (tests pass their own bus or logger). */
export interface BotGatewayAppDeps {
  readonly bus?: Bus;
  readonly logger?: Logger | ServiceLoggerOptions;
}

/** The bot gateway: NATS, settings, the Discord connection, interactions, side effects and the API. */
export async function buildApp(config: BotGatewayConfig, deps: BotGatewayAppDeps = {}): Promise<ServiceApp> {
  return buildService(serviceOptionsFromConfig(config, botGatewayService, deps.logger), async (app) => {
    await app.register(natsBus, { config, bus: deps.bus });
    // Per-guild settings (tickets: where tickets live, support roles, welcome text; giveaways: the
    // message's style and the winner limit).
    await app.register(settingsClient);
    const buckets = await openBotBuckets(app.bus);
    // REST + gateway shards of this replica; sessions in KV so a restarted replica RESUMEs.
    await app.register(discordConnection, {
      token: discordToken(config),
      apiUrl: config.DISCORD_API_URL,
      shardIds: config.SHARD_IDS,
      shardCount: config.SHARD_COUNT,
      sessions: buckets.sessions,
      ...(config.SHARD_IDS === 'auto'
        ? {
            leases: {
              kv: await openLeaseBucket(app.bus, config.SHARD_LEASE_TTL_MS),
              ttlMs: config.SHARD_LEASE_TTL_MS,
            },
          }
        : {}),
      maxGuilds: config.GUILD_CACHE_MAX,
      maxMembers: config.MEMBER_CACHE_PER_GUILD,
    });
    // Join-to-create voice channels (the voice module), tracked in KV so any replica cleans up.
    await app.register(voiceRooms, { maxGuilds: config.GUILD_CACHE_MAX });
    const places = createTicketPlaces(buckets);
    const giveaways = createGiveawayPlaces(buckets);
    // Slash commands, buttons and modals → cmd.ticket.* / cmd.giveaway.*; each answered within 3 s.
    await app.register(interactionRouter, {
      calls: createTicketCalls(app.bus, config.COMMAND_TIMEOUT_MS),
      giveawayCalls: createGiveawayCalls(app.bus, config.COMMAND_TIMEOUT_MS),
      places,
      giveaways,
      api: app.discord.api,
      settings: app.settings,
      voice: app.voiceRooms,
      deferAfterMs: config.DEFER_AFTER_MS,
      registerCommands: config.REGISTER_COMMANDS && config.COMMANDS_SCOPE === 'global',
    });
    // COMMANDS_SCOPE=guild: registered per guild as guilds arrive, only when the definition changed.
    if (config.REGISTER_COMMANDS && config.COMMANDS_SCOPE === 'guild')
      await app.register(guildCommands, { kv: buckets.commands, commands: slashCommands });
    // Discord side effects of events (ticket threads, welcome messages, panels, giveaway messages
    // and winners), once per event id.
    if (config.SIDE_EFFECTS)
      await app.register(sideEffects, {
        places,
        giveaways,
        log: createEffectLog(buckets.effects),
        commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
        countEditMs: config.GIVEAWAY_COUNT_EDIT_MS,
        ackWaitMs: config.SIDE_EFFECT_ACK_WAIT_MS,
        dashboardUrl: config.DASHBOARD_URL,
      });
    // Ticket conversations: messages captured into the ticket service, dashboard replies posted.
    if (config.CONVERSATIONS)
      await app.register(conversations, {
        places,
        tickets: buckets.tickets,
        log: createEffectLog(buckets.effects),
        commandTimeoutMs: config.COMMAND_TIMEOUT_MS,
        ackWaitMs: config.SIDE_EFFECT_ACK_WAIT_MS,
        dashboardUrl: config.DASHBOARD_URL,
        consumers: config.SIDE_EFFECTS,
        backfillRecentMessages: config.BACKFILL_RECENT_MESSAGES,
        capturePartitions: config.CAPTURE_PARTITIONS,
      });
    // What the dashboard asks of Discord: over NATS (cmd.discord.*) and HTTP (JWT).
    const queries = createGuildQueries(app.discord.api, app.discord.guild, app.discord.shardCount);
    const panels = createPanelSender({
      api: app.discord.api,
      guilds: app.discord.guild,
      settings: app.settings,
      keys: buckets.effects,
    });
    await app.register(commandServer, {
      info: {
        name: 'discord',
        version: botGatewayService.version,
        description: botGatewayService.description,
      },
      bindings: discordCommandBindings(queries, panels),
    });
    await app.register(botGatewayApi, { prefix: '/v1/guilds/:guildId', queries, panels });
  });
}
