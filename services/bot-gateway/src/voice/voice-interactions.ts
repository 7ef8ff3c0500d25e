import {
  type API,
  type APIMessageComponentInteraction,
  type APIModalSubmitInteraction,
  type APIOverwrite,
  OverwriteType,
  PermissionFlagsBits,
} from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import type { SettingsClient } from '@guildwire/settings-client';
import { commonErrorAnswer, somethingWentWrong, UserFacingError } from '../interactions/error-answers.js';
import { modalValues } from '../interactions/modal-values.js';
import type { Answer } from '../interactions/responder.js';
import type { GuildInteraction } from '../interactions/ticket-interactions.js';
import { requiredText } from '../interactions/ticket-modals.js';
import { maxNameLength, ownerOverwrite } from './room-spec.js';
import type { TempChannel } from './temp-channels.js';
import { limitModal, maxUserLimit, renameModal, type VoiceAction } from './voice-panel.js';
import type { VoiceRooms } from './voice-rooms.js';

/** What the voice panel's handlers use. */
export interface VoicePanelDeps {
  readonly voice: VoiceRooms;
  readonly api: API;
  readonly settings: SettingsClient;
}

/** What the presser reads when a voice action fails. */
export function voiceErrorAnswer(err: unknown): Answer {
  const common = commonErrorAnswer(err, 'voice');
  if (common) return common;
  if (err instanceof DiscordAPIError) {
    if (err.code === 10003) return { content: 'That voice channel no longer exists.' };
    if (err.code === 50001 || err.code === 50013)
      return {
        content:
          'I am not allowed to change that channel: the bot needs Manage Channels and Manage Roles there.',
      };
  }
  return somethingWentWrong;
}

/** The temporary channel the presser is in, or a sentence saying why there is none. */
async function roomOf(ix: GuildInteraction, deps: VoicePanelDeps): Promise<TempChannel> {
  const { lobbyChannelId } = await deps.settings.forGuild(ix.guildId).voice;
  const join = lobbyChannelId === '' ? '' : ` Join <#${lobbyChannelId}> to get one.`;
  const channelId = await deps.voice.joinToCreate.currentChannel(ix.guildId, ix.actor.userId);
  if (!channelId) throw new UserFacingError(`You are not in a temporary voice channel.${join}`);
  const temp = await deps.voice.temps.get(ix.guildId, channelId);
  if (!temp)
    throw new UserFacingError(
      `<#${channelId}> is not a temporary voice channel: these buttons manage the channels made by joining the lobby.${join}`,
    );
  return temp;
}

async function ownedRoom(ix: GuildInteraction, deps: VoicePanelDeps): Promise<TempChannel> {
  const temp = await roomOf(ix, deps);
  if (temp.ownerId !== ix.actor.userId)
    throw new UserFacingError(
      `Only <@${temp.ownerId}>, who owns <#${temp.channelId}>, can do that. If they have left, press Claim.`,
    );
  return temp;
}

/** Adds and removes bits of the @everyone overwrite (its id is the guild's), leaving the rest as it is. */
async function changeEveryone(
  deps: VoicePanelDeps,
  temp: TempChannel,
  change: { deny?: bigint; clear?: bigint },
): Promise<void> {
  const channel = await deps.api.channels.get(temp.channelId);
  const overwrites = 'permission_overwrites' in channel ? (channel.permission_overwrites ?? []) : [];
  const current = overwrites.find((o: APIOverwrite) => o.id === temp.guildId);
  const cleared = (change.deny ?? 0n) | (change.clear ?? 0n);
  const allow = BigInt(current?.allow ?? '0') & ~cleared;
  const deny = (BigInt(current?.deny ?? '0') & ~(change.clear ?? 0n)) | (change.deny ?? 0n);
  if (allow === 0n && deny === 0n) {
    if (current) await deps.api.channels.deletePermissionOverwrite(temp.channelId, temp.guildId);
    return;
  }
  await deps.api.channels.editPermissionOverwrite(temp.channelId, temp.guildId, {
    type: OverwriteType.Role,
    allow: allow.toString(),
    deny: deny.toString(),
  });
}

/** Claim: a member of the channel takes it over once its owner has left. */
async function claim(ix: GuildInteraction, deps: VoicePanelDeps): Promise<Answer> {
  const temp = await roomOf(ix, deps);
  const userId = ix.actor.userId;
  if (temp.ownerId === userId) return { content: `You already own <#${temp.channelId}>.` };
  const ownerThere =
    (await deps.voice.joinToCreate.currentChannel(ix.guildId, temp.ownerId)) === temp.channelId;
  if (ownerThere)
    throw new UserFacingError(
      `<@${temp.ownerId}> is still in <#${temp.channelId}>: only a channel whose owner left can be claimed.`,
    );
  const { api } = deps;
  await api.channels
    .deletePermissionOverwrite(temp.channelId, temp.ownerId)
    .catch((err: unknown) =>
      err instanceof DiscordAPIError && err.code === 10009 ? undefined : Promise.reject(err),
    );
  const owner = ownerOverwrite(userId);
  await api.channels.editPermissionOverwrite(temp.channelId, userId, {
    type: OverwriteType.Member,
    allow: owner.allow,
    deny: owner.deny,
  });
  await deps.voice.temps.save({ ...temp, ownerId: userId });
  await deps.voice.temps.clearOwnerMark(ix.guildId, temp.ownerId, temp.channelId);
  await deps.voice.temps.setOwnerMark(ix.guildId, userId, temp.channelId);
  return { content: `You now own <#${temp.channelId}>.` };
}

const { Connect, ViewChannel } = PermissionFlagsBits;

/** The voice panel's buttons. Work runs in the guild's voice queue, after the voice states before it. */
export async function onVoiceButton(
  ix: GuildInteraction,
  _raw: APIMessageComponentInteraction,
  action: VoiceAction,
  deps: VoicePanelDeps,
): Promise<void> {
  const inQueue = (work: () => Promise<Answer>) =>
    ix.respond.answer(() => deps.voice.queue.run(ix.guildId, work), voiceErrorAnswer);
  const onRoom = (change: { deny?: bigint; clear?: bigint }, done: (channelId: string) => string) =>
    inQueue(async () => {
      const temp = await ownedRoom(ix, deps);
      await changeEveryone(deps, temp, change);
      return { content: done(temp.channelId) };
    });
  switch (action) {
    case 'voice-lock':
      return onRoom({ deny: Connect }, (c) => `<#${c}> is locked: nobody else can join.`);
    case 'voice-unlock':
      return onRoom({ clear: Connect }, (c) => `<#${c}> is unlocked.`);
    case 'voice-hide':
      return onRoom({ deny: ViewChannel }, (c) => `<#${c}> is hidden.`);
    case 'voice-show':
      return onRoom({ clear: ViewChannel }, (c) => `<#${c}> is visible again.`);
    case 'voice-claim':
      return inQueue(() => claim(ix, deps));
    case 'voice-limit':
    case 'voice-rename': {
      // A modal must be the first answer: check ownership before showing it.
      let temp: TempChannel;
      let channel: { name?: string | null; user_limit?: number };
      try {
        temp = await ownedRoom(ix, deps);
        channel = (await deps.api.channels.get(temp.channelId)) as typeof channel;
      } catch (err) {
        return ix.respond.reply(voiceErrorAnswer(err));
      }
      return ix.respond.modal(
        action === 'voice-limit' ? limitModal(channel.user_limit ?? 0) : renameModal(channel.name ?? ''),
      );
    }
    default:
      return ix.respond.reply({ content: 'This button is no longer in use.' });
  }
}

/** A limit typed in the modal: a whole number 0–99. */
export function parseUserLimit(raw: string | undefined): number {
  const text = (raw ?? '').trim();
  const limit = /^\d{1,2}$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 0 || limit > maxUserLimit)
    throw new UserFacingError(
      `The limit must be a whole number from 0 to ${maxUserLimit} (0 means no limit); "${text.slice(0, 20)}" is not.`,
    );
  return limit;
}

/** The limit and rename modals: checked here, then applied if the presser still owns the channel. */
export async function onVoiceModal(
  ix: GuildInteraction,
  raw: APIModalSubmitInteraction,
  action: VoiceAction,
  deps: VoicePanelDeps,
): Promise<void> {
  const values = modalValues(raw.data);
  let apply: (channelId: string) => Promise<string>;
  try {
    switch (action) {
      case 'voice-limit-set': {
        const limit = parseUserLimit(values.get('limit'));
        apply = async (channelId) => {
          await deps.api.channels.edit(channelId, { user_limit: limit });
          return limit === 0
            ? `<#${channelId}> has no member limit now.`
            : `<#${channelId}> allows ${limit} members now.`;
        };
        break;
      }
      case 'voice-rename-set': {
        const name = requiredText(values.get('name'), 'name', maxNameLength);
        apply = async (channelId) => {
          await deps.api.channels.edit(channelId, { name });
          return `Renamed to **${name}**.`;
        };
        break;
      }
      default:
        return ix.respond.reply({ content: 'This form is no longer in use.' });
    }
  } catch (err) {
    return ix.respond.reply(voiceErrorAnswer(err));
  }
  return ix.respond.answer(
    () =>
      deps.voice.queue.run(ix.guildId, async () => {
        const temp = await ownedRoom(ix, deps);
        return { content: await apply(temp.channelId) };
      }),
    voiceErrorAnswer,
  );
}
