import type { JsonObject } from '../state/types.js';
import { Intent } from './constants.js';

const INTENT_OF_EVENT: Record<string, number> = {
  GUILD_CREATE: Intent.Guilds,
  GUILD_UPDATE: Intent.Guilds,
  GUILD_DELETE: Intent.Guilds,
  GUILD_ROLE_CREATE: Intent.Guilds,
  GUILD_ROLE_UPDATE: Intent.Guilds,
  GUILD_ROLE_DELETE: Intent.Guilds,
  CHANNEL_CREATE: Intent.Guilds,
  CHANNEL_UPDATE: Intent.Guilds,
  CHANNEL_DELETE: Intent.Guilds,
  THREAD_CREATE: Intent.Guilds,
  THREAD_UPDATE: Intent.Guilds,
  THREAD_DELETE: Intent.Guilds,
  THREAD_MEMBERS_UPDATE: Intent.Guilds,
  GUILD_MEMBER_ADD: Intent.GuildMembers,
  GUILD_MEMBER_UPDATE: Intent.GuildMembers,
  GUILD_MEMBER_REMOVE: Intent.GuildMembers,
  VOICE_STATE_UPDATE: Intent.GuildVoiceStates,
  MESSAGE_CREATE: Intent.GuildMessages,
  MESSAGE_UPDATE: Intent.GuildMessages,
  MESSAGE_DELETE: Intent.GuildMessages,
  MESSAGE_DELETE_BULK: Intent.GuildMessages,
  MESSAGE_REACTION_ADD: Intent.GuildMessageReactions,
  MESSAGE_REACTION_REMOVE: Intent.GuildMessageReactions,
};

/** True when a session with `intents` receives the dispatch `name` (no intent needed: always). */
export function intentAllows(name: string, intents: number): boolean {
  const required = INTENT_OF_EVENT[name];
  return required === undefined || (intents & required) !== 0;
}

/**
 * Without MESSAGE_CONTENT, Discord blanks content, embeds, attachments and components of
 * messages the bot neither wrote nor is mentioned in (docs: "Message Content Intent").
 */
export function applyMessageContentIntent(
  name: string,
  data: object,
  intents: number,
  botUserId: string,
): object {
  if (name !== 'MESSAGE_CREATE' && name !== 'MESSAGE_UPDATE') return data;
  if ((intents & Intent.MessageContent) !== 0) return data;
  const message = data as JsonObject & { author?: { id?: string }; mentions?: { id?: string }[] };
  if (message.author?.id === botUserId) return data;
  if (message.mentions?.some((u) => u.id === botUserId)) return data;
  return { ...message, content: '', embeds: [], attachments: [], components: [] };
}
