import type { API, APIChannel } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { VoiceSettings } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { Logger } from 'pino';
import type { GuildQueue } from './guild-queue.js';
import { isRoomOf, roomBody } from './room-spec.js';
import { type TempChannel, TempChannelConflictError, type TempChannels } from './temp-channels.js';
import type { VoiceStates } from './voice-states.js';

/** What join-to-create works with. */
export interface JoinToCreateDeps {
  readonly api: API;
  readonly states: VoiceStates;
  readonly temps: TempChannels;
  readonly settings: SettingsClient;
  readonly queue: GuildQueue;
  readonly botUserId: string;
  readonly logger: Logger;
}

/** A VOICE_STATE_UPDATE, reduced to what join-to-create reads. */
export interface VoiceChange {
  readonly guildId: string;
  readonly userId: string;
  readonly channelId: string | null;
  readonly username: string;
}

/** Join-to-create: the lobby makes channels, empty ones go. Every method runs in the guild's queue. */
export interface JoinToCreate {
  onVoiceState(change: VoiceChange): Promise<void>;
  /** A GUILD_CREATE (a fresh session): records are brought in line with Discord's full picture. */
  onGuildCreate(guildId: string, channelIds: ReadonlySet<string>): Promise<void>;
  onChannelDelete(guildId: string, channelId: string): Promise<void>;
  /** Where the member is in voice now: the dispatches seen, else Discord (null: not connected). */
  currentChannel(guildId: string, userId: string): Promise<string | null>;
}

const codeOf = (err: unknown) =>
  err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : undefined;
/** 10003 Unknown Channel: deleted already. */
const unknownChannel = 10003;
/** 40032 Target user is not connected to voice; 10065 Unknown Voice State. */
const notConnected = new Set([40032, 10065]);
/** A creation mark younger than this may be another replica still at work (a shard moving). */
const creationInProgressMs = 15_000;

/** Join-to-create over the Discord API and the temp-channel records. */
export function createJoinToCreate(deps: JoinToCreateDeps): JoinToCreate {
  const { api, states, temps, queue, logger } = deps;

  /** Runs in the guild's queue; a write that lost to another replica reloads the records and runs again. */
  const inGuild = (guildId: string, what: string, task: () => Promise<void>) =>
    queue.run(guildId, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await task();
        } catch (err) {
          if (err instanceof TempChannelConflictError && attempt < 3) continue;
          logger.error({ err, guildId, what }, 'join-to-create step failed');
          return;
        }
      }
    });

  async function askDiscord(guildId: string, userId: string): Promise<string | null> {
    try {
      return (await api.voice.getUserVoiceState(guildId, userId)).channel_id ?? null;
    } catch (err) {
      if (notConnected.has(codeOf(err) ?? 0)) return null;
      throw err;
    }
  }

  async function deleteRoom(temp: TempChannel): Promise<void> {
    try {
      await api.channels.delete(temp.channelId, { reason: 'Temporary voice channel is empty' });
    } catch (err) {
      if (codeOf(err) !== unknownChannel) throw err;
    }
    await forget(temp);
    logger.info({ guildId: temp.guildId, channelId: temp.channelId }, 'temporary voice channel deleted');
  }

  async function forget(temp: TempChannel): Promise<void> {
    await temps.remove(temp.guildId, temp.channelId);
    await temps.clearOwnerMark(temp.guildId, temp.ownerId, temp.channelId);
  }

  /** Sets a record's occupants; an empty channel is deleted unless this replica saw someone in it. */
  async function occupy(temp: TempChannel, occupants: readonly string[]): Promise<void> {
    const seen = states.occupants(temp.guildId, temp.channelId);
    const everyone = [...new Set([...occupants, ...seen])];
    if (everyone.length === 0) return deleteRoom(temp);
    if (everyone.length === temp.occupants.length && everyone.every((id) => temp.occupants.includes(id)))
      return;
    await temps.save({ ...temp, occupants: everyone });
  }

  /** The member moved: the records they left and entered follow. */
  async function track(change: VoiceChange): Promise<void> {
    for (const temp of await temps.list(change.guildId)) {
      const inside = temp.occupants.includes(change.userId);
      if (temp.channelId === change.channelId && !inside)
        await temps.save({ ...temp, occupants: [...temp.occupants, change.userId] });
      else if (temp.channelId !== change.channelId && inside)
        await occupy(
          temp,
          temp.occupants.filter((id) => id !== change.userId),
        );
    }
  }

  /** Moves the member into their room; a member who left voice meanwhile leaves it empty, so it goes. */
  async function moveInto(temp: TempChannel, userId: string): Promise<void> {
    try {
      await api.guilds.editMember(temp.guildId, userId, { channel_id: temp.channelId });
    } catch (err) {
      if (!notConnected.has(codeOf(err) ?? 0)) throw err;
      if (temp.occupants.length === 0) await deleteRoom(temp);
    }
  }

  async function adoptOrCreate(change: VoiceChange, settings: VoiceSettings): Promise<void> {
    const { guildId, userId } = change;
    const mark = await temps.ownerMark(guildId, userId);
    if (mark?.channelId) {
      const existing = await temps.get(guildId, mark.channelId);
      // Joining the lobby again while owning a channel: back into it, never a second one.
      if (existing) return moveInto(existing, userId);
      await temps.clearOwnerMark(guildId, userId, mark.channelId);
    } else if (mark) {
      if (Date.now() - mark.since < creationInProgressMs) return;
      // A creation that never finished (the replica died): the channel may exist unrecorded.
      const known = new Set((await temps.list(guildId)).map((t) => t.channelId));
      const orphan = (await api.guilds.getChannels(guildId)).find(
        (c) => !known.has(c.id) && isRoomOf(c, userId, settings),
      );
      if (orphan) return record(orphan.id, change);
    } else if (!(await temps.claimCreation(guildId, userId))) return;
    let channel: APIChannel;
    try {
      channel = await api.guilds.createChannel(
        guildId,
        roomBody(settings, userId, change.username, deps.botUserId),
        { reason: `Join to create: ${change.username}` },
      );
    } catch (err) {
      await temps.clearOwnerMark(guildId, userId);
      throw err;
    }
    logger.info({ guildId, channelId: channel.id, ownerId: userId }, 'temporary voice channel created');
    return record(channel.id, change);
  }

  async function record(channelId: string, change: VoiceChange): Promise<void> {
    const temp: TempChannel = {
      guildId: change.guildId,
      channelId,
      ownerId: change.userId,
      occupants: [],
      createdAt: Date.now(),
    };
    await temps.save(temp);
    await temps.setOwnerMark(change.guildId, change.userId, channelId);
    await moveInto(temp, change.userId);
  }

  return {
    onVoiceState: (change) =>
      inGuild(change.guildId, 'voice state', async () => {
        await track(change);
        if (change.channelId === null) return;
        const settings = await deps.settings.forGuild(change.guildId).voice;
        if (settings.lobbyChannelId === '' || change.channelId !== settings.lobbyChannelId) return;
        // A replayed dispatch, or a member who moved on before this ran: act on where they are now.
        if ((await askDiscord(change.guildId, change.userId)) !== settings.lobbyChannelId) return;
        await adoptOrCreate(change, settings);
      }),
    onGuildCreate: (guildId, channelIds) =>
      inGuild(guildId, 'guild create', async () => {
        temps.invalidate(guildId);
        for (const temp of await temps.list(guildId)) {
          if (!channelIds.has(temp.channelId)) await forget(temp);
          else await occupy(temp, []);
        }
      }),
    onChannelDelete: (guildId, channelId) =>
      inGuild(guildId, 'channel delete', async () => {
        const temp = await temps.get(guildId, channelId);
        if (temp) await forget(temp);
      }),
    async currentChannel(guildId, userId) {
      const known = states.channelOf(guildId, userId);
      return known === undefined ? askDiscord(guildId, userId) : known;
    },
  };
}
