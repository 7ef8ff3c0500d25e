import { GatewayDispatchEvents, type GatewayDispatchPayload } from '@discordjs/core';
import { WebSocketShardEvents } from '@discordjs/ws';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { shardOfGuild } from '../discord/shard-range.js';
import { createGuildQueue, type GuildQueue } from './guild-queue.js';
import { createJoinToCreate, type JoinToCreate } from './join-to-create.js';
import { createTempChannels, openVoiceBucket, type TempChannels } from './temp-channels.js';
import { createVoiceStates } from './voice-states.js';

/** Join-to-create voice channels and what the voice panel needs of them. */
export interface VoiceRooms {
  readonly joinToCreate: JoinToCreate;
  readonly temps: TempChannels;
  /** The per-guild queue voice states are applied in; panel actions run in it too. */
  readonly queue: GuildQueue;
}

declare module 'fastify' {
  interface FastifyInstance {
    voiceRooms: VoiceRooms;
  }
}

/** Options of the voice plugin. */
export interface VoiceRoomsOptions {
  /** Guilds whose voice states are kept (GUILD_CACHE_MAX). */
  readonly maxGuilds: number;
}

async function voiceRoomsPlugin(app: FastifyInstance, options: VoiceRoomsOptions) {
  const { discord } = app;
  const logger = (app.log as Logger).child({ component: 'voice' });
  const states = createVoiceStates(options.maxGuilds);
  const temps = createTempChannels(await openVoiceBucket(app.bus), options.maxGuilds);
  const queue = createGuildQueue();
  const joinToCreate = createJoinToCreate({
    api: discord.api,
    states,
    temps,
    settings: app.settings,
    queue,
    botUserId: discord.botUserId,
    logger,
  });

  // Dispatches reach only the replica running the guild's shard, so only it acts on a guild.
  // Voice states are recorded as they arrive (what the panel reads is always the latest); the
  // work they cause runs in the guild's queue, in dispatch order.
  function onDispatch(payload: GatewayDispatchPayload): void {
    switch (payload.t) {
      case GatewayDispatchEvents.VoiceStateUpdate: {
        const d = payload.d;
        if (!d.guild_id) return;
        const channelId = d.channel_id ?? null;
        states.set(d.guild_id, d.user_id, channelId);
        void joinToCreate.onVoiceState({
          guildId: d.guild_id,
          userId: d.user_id,
          channelId,
          username: d.member?.user.username ?? d.user_id,
        });
        return;
      }
      case GatewayDispatchEvents.GuildCreate: {
        const d = payload.d;
        if ('unavailable' in d && d.unavailable) return;
        states.reset(d.id, d.voice_states ?? []);
        void joinToCreate.onGuildCreate(d.id, new Set(d.channels.map((c) => c.id)));
        return;
      }
      case GatewayDispatchEvents.ChannelDelete: {
        const d = payload.d;
        if ('guild_id' in d && d.guild_id) void joinToCreate.onChannelDelete(d.guild_id, d.id);
        return;
      }
      case GatewayDispatchEvents.GuildDelete:
        states.forget(payload.d.id);
        return;
      default:
        return;
    }
  }
  const listener = (payload: GatewayDispatchPayload) => {
    try {
      onDispatch(payload);
    } catch (err) {
      logger.error({ err, event: payload.t }, 'could not apply a voice dispatch');
    }
  };
  discord.gateway.on(WebSocketShardEvents.Dispatch, listener);
  // A RESUMEd shard may have run on another replica meanwhile (shards move between replicas), and
  // RESUME brings no GUILD_CREATE: what this replica remembers of its guilds may be stale. Replayed
  // dispatches came before RESUMED and carry their own data; from now on unknown means "ask".
  discord.gateway.on(WebSocketShardEvents.Resumed, (shardId: number) => {
    const onShard = (guildId: string) => shardOfGuild(guildId, discord.shardCount) === shardId;
    states.forgetWhere(onShard);
    temps.invalidateWhere(onShard);
  });
  app.decorate('voiceRooms', { joinToCreate, temps, queue } satisfies VoiceRooms);
  // Work in hand finishes before the Discord connection and NATS close (plugins close in reverse).
  // (The pool has no `off`: a dispatch arriving between this drain and the shards' close still runs,
  // while NATS is open — it closes last — but nothing waits for it.)
  app.addHook('onClose', async () => {
    await queue.drain();
  });
}

/** Join-to-create: temporary voice channels from the voice module's lobby, deleted when empty. */
export const voiceRooms = fp(voiceRoomsPlugin, {
  name: 'guildwire-voice-rooms',
  fastify: '5.x',
  dependencies: ['guildwire-discord', 'guildwire-nats', 'guildwire-settings-client'],
});
