import {
  type APIOverwrite,
  ChannelType,
  OverwriteType,
  PermissionFlagsBits,
  type RESTPostAPIGuildChannelJSONBody,
} from '@discordjs/core';
import type { VoiceSettings } from '@guildwire/contracts';

/**
 * What the owner of a temporary channel may do in Discord itself: see, join, speak, rename and set
 * it up (Manage Channel), and move or disconnect members. Not Manage Permissions: an owner could
 * otherwise grant themselves more than the bot gives.
 */
export const ownerAllow =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.MoveMembers;

/** The bot keeps seeing and managing a channel its owner hid or locked (when it is not an administrator). */
export const botAllow =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.ManageChannels |
  PermissionFlagsBits.MoveMembers;

/** Discord's channel name limit. */
export const maxNameLength = 100;

/** The channel name from the settings' template: `{username}` replaced, cut to 100 characters. */
export function roomName(template: string, username: string): string {
  const name = template.replaceAll('{username}', username).trim().slice(0, maxNameLength).trim();
  return name === '' ? `${username}'s channel`.slice(0, maxNameLength) : name;
}

/** The member overwrite that makes `userId` the channel's owner. */
export function ownerOverwrite(userId: string): APIOverwrite {
  return { id: userId, type: OverwriteType.Member, allow: ownerAllow.toString(), deny: '0' };
}

/** The create-channel body of a member's temporary voice channel. */
export function roomBody(
  settings: VoiceSettings,
  ownerId: string,
  username: string,
  botUserId: string,
): RESTPostAPIGuildChannelJSONBody {
  return {
    name: roomName(settings.nameTemplate, username),
    type: ChannelType.GuildVoice,
    ...(settings.categoryId === '' ? {} : { parent_id: settings.categoryId }),
    user_limit: settings.userLimit,
    bitrate: settings.bitrate,
    permission_overwrites: [
      ownerOverwrite(ownerId),
      { id: botUserId, type: OverwriteType.Member, allow: botAllow.toString(), deny: '0' },
    ],
  };
}

/**
 * A channel that looks like one the bot made for `ownerId` (a voice channel under the configured
 * category whose member overwrite gives them Manage Channel): found again after a crash between
 * creating it and recording it.
 */
export function isRoomOf(
  channel: { type: number; parent_id?: string | null; permission_overwrites?: readonly APIOverwrite[] },
  ownerId: string,
  settings: VoiceSettings,
): boolean {
  if (channel.type !== ChannelType.GuildVoice) return false;
  if ((channel.parent_id ?? '') !== settings.categoryId) return false;
  return (channel.permission_overwrites ?? []).some(
    (o) =>
      o.id === ownerId &&
      o.type === OverwriteType.Member &&
      (BigInt(o.allow) & PermissionFlagsBits.ManageChannels) !== 0n,
  );
}
