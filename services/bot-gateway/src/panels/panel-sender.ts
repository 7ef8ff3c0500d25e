import { createHash } from 'node:crypto';
import { type API, ChannelType } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { SettingsClient } from '@guildwire/settings-client';
import type { KV } from '@nats-io/kv';
import type { GuildDirectory } from '../cache/guild-directory.js';
import { botErrors } from '../errors.js';
import { voicePanelMessage } from '../voice/voice-panel.js';

/** The panels the bot can post. */
export type PanelKind = 'voice' | 'music';

/** A request to post a panel (from cmd.discord.send_panel or HTTP). */
export interface SendPanel {
  readonly guildId: string;
  readonly kind: PanelKind;
  readonly channelId: string;
  /** A retry with the same key answers the first post instead of posting again. */
  readonly idempotencyKey?: string;
}

/** Where the panel was posted. */
export interface SentPanel {
  readonly messageId: string;
  readonly channelId: string;
  /** An earlier request with the same idempotency key posted it. */
  readonly replayed: boolean;
}

/** Posts module panels for the dashboard's panel sender. */
export interface PanelSender {
  send(request: SendPanel): Promise<SentPanel>;
}

/** Options of the panel sender. */
export interface PanelSenderDeps {
  readonly api: API;
  readonly guilds: GuildDirectory;
  readonly settings: SettingsClient;
  /** Where idempotency keys are kept (the effects bucket: 8 days). */
  readonly keys: KV;
}

const textTypes = new Set<number>([ChannelType.GuildText, ChannelType.GuildAnnouncement]);
/** A "posting" mark older than this was left by a crash: the post is tried again. */
const postingStaleMs = 30_000;

interface KeyRecord {
  readonly messageId?: string;
  readonly channelId: string;
  readonly since: number;
}

/**
 * Why music gets no panel: a panel's buttons must do what they say, and Guildwire plays nothing
 * (docs/bot-gateway.md, "Music").
 */
const noMusicPlayer =
  'Guildwire has no music player yet (no voice connection or audio pipeline), so a music panel would only show buttons that do nothing';

/** The panel sender: checks the channel, renders the module's panel, posts it once per key. */
export function createPanelSender(deps: PanelSenderDeps): PanelSender {
  async function render(request: SendPanel) {
    if (request.kind === 'music') throw new botErrors.DISCORD_ERR_PANEL_UNAVAILABLE('music', noMusicPlayer);
    const { lobbyChannelId } = await deps.settings.forGuild(request.guildId).voice;
    if (lobbyChannelId === '') throw new botErrors.DISCORD_ERR_VOICE_NOT_CONFIGURED(request.guildId);
    return voicePanelMessage(lobbyChannelId);
  }

  async function post(request: SendPanel): Promise<string> {
    const guild = await deps.guilds(request.guildId);
    if (!guild) throw new botErrors.DISCORD_ERR_GUILD_UNAVAILABLE(request.guildId);
    const channel = guild.channels.get(request.channelId);
    if (!channel) throw new botErrors.DISCORD_ERR_CHANNEL_NOT_FOUND(request.channelId, request.guildId);
    if (!textTypes.has(channel.type)) throw new botErrors.DISCORD_ERR_NOT_TEXT_CHANNEL(request.channelId);
    const body = await render(request);
    try {
      return (await deps.api.channels.createMessage(request.channelId, body)).id;
    } catch (err) {
      if (err instanceof DiscordAPIError && err.code === 10003)
        throw new botErrors.DISCORD_ERR_CHANNEL_NOT_FOUND(request.channelId, request.guildId);
      if (err instanceof DiscordAPIError && (err.code === 50001 || err.code === 50013))
        throw new botErrors.DISCORD_ERR_MISSING_ACCESS(request.channelId);
      throw err;
    }
  }

  return {
    async send(request) {
      if (!request.idempotencyKey) {
        return { messageId: await post(request), channelId: request.channelId, replayed: false };
      }
      // KV keys allow few characters; a digest of guild and key fits any key a client sends.
      const digest = createHash('sha256')
        .update(`${request.guildId}\n${request.idempotencyKey}`)
        .digest('hex');
      const key = `panel-send.${digest}`;
      const entry = await deps.keys.get(key);
      const found = entry?.operation === 'PUT' && entry.length > 0 ? entry.json<KeyRecord>() : undefined;
      if (found?.messageId) return { messageId: found.messageId, channelId: found.channelId, replayed: true };
      const mark = JSON.stringify({ channelId: request.channelId, since: Date.now() } satisfies KeyRecord);
      if (!found) {
        // Two requests with one key at once: the first to create the mark posts, the other waits its turn.
        await deps.keys.create(key, mark).catch(() => {
          throw new botErrors.DISCORD_ERR_PANEL_IN_PROGRESS();
        });
      } else if (Date.now() - found.since < postingStaleMs)
        throw new botErrors.DISCORD_ERR_PANEL_IN_PROGRESS();
      else await deps.keys.put(key, mark);
      let messageId: string;
      try {
        messageId = await post(request);
      } catch (err) {
        await deps.keys.delete(key);
        throw err;
      }
      await deps.keys.put(
        key,
        JSON.stringify({ messageId, channelId: request.channelId, since: Date.now() }),
      );
      return { messageId, channelId: request.channelId, replayed: false };
    },
  };
}
