/** A JSON object passed through as the bot sent it (embeds, components, options). */
export type JsonObject = Record<string, unknown>;

/** Discord's user object (the fields the fake keeps). */
export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot: boolean;
  system: boolean;
  public_flags: number;
  flags: number;
}

/** Discord's role object. */
export interface ApiRole {
  id: string;
  name: string;
  color: number;
  hoist: boolean;
  icon: string | null;
  unicode_emoji: string | null;
  position: number;
  permissions: string;
  managed: boolean;
  mentionable: boolean;
  flags: number;
}

/** Discord's guild member object, without the user. */
export interface MemberRecord {
  userId: string;
  nick: string | null;
  roles: string[];
  joined_at: string;
}

/** A permission overwrite on a channel: type 0 is a role, 1 a member. */
export interface ApiOverwrite {
  id: string;
  type: 0 | 1;
  allow: string;
  deny: string;
}

/** Metadata Discord keeps for a thread channel. */
export interface ApiThreadMetadata {
  archived: boolean;
  auto_archive_duration: number;
  archive_timestamp: string;
  locked: boolean;
  invitable?: boolean;
  create_timestamp: string;
}

/** Discord's channel object for guild channels and threads. */
export interface ApiChannel {
  id: string;
  type: number;
  guild_id: string;
  name: string;
  position: number;
  flags: number;
  parent_id: string | null;
  permission_overwrites?: ApiOverwrite[];
  topic?: string | null;
  nsfw?: boolean;
  rate_limit_per_user?: number;
  last_message_id?: string | null;
  owner_id?: string;
  thread_metadata?: ApiThreadMetadata;
  member_count?: number;
  message_count?: number;
  total_message_sent?: number;
  bitrate?: number;
  user_limit?: number;
}

/** One reaction on a message, with the users who reacted. */
export interface ReactionRecord {
  emoji: { id: string | null; name: string };
  userIds: string[];
}

/** Discord's message object (stored as sent over the API). */
export interface ApiMessage {
  id: string;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: string[];
  attachments: JsonObject[];
  embeds: JsonObject[];
  components: JsonObject[];
  pinned: boolean;
  type: number;
  flags: number;
  webhook_id?: string;
  application_id?: string;
  interaction_metadata?: JsonObject;
  message_reference?: JsonObject;
  nonce?: string | number;
}

/** Discord's application command object. */
export interface ApiCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  guild_id?: string;
  options?: JsonObject[];
  default_member_permissions: string | null;
  nsfw: boolean;
  contexts?: number[] | null;
  integration_types?: number[];
}

/** Where an interaction is in its life: waiting for the bot, answered, or past Discord's deadline. */
export type InteractionStatus = 'pending' | 'acknowledged' | 'expired';

/** The bot's answer to an interaction (its callback type and data). */
export interface InteractionCallback {
  type: number;
  data: JsonObject | undefined;
  at: number;
}

/** An interaction the fake created for a user, and what the bot did with it. */
export interface InteractionRecord {
  id: string;
  token: string;
  type: number;
  guildId: string;
  channelId: string;
  userId: string;
  createdAt: number;
  deadlineAt: number;
  status: InteractionStatus;
  callback: InteractionCallback | undefined;
  /** The message the clicked component belongs to (components and modals opened from them). */
  sourceMessageId: string | undefined;
  /** The message that `@original` refers to once the bot answered. */
  originalMessageId: string | undefined;
  followupMessageIds: string[];
  /** The INTERACTION_CREATE payload sent to the bot. */
  payload: JsonObject;
}

/** A member connected to a voice channel (Discord's voice state object, the fields the fake keeps). */
export interface VoiceStateRecord {
  guildId: string;
  userId: string;
  channelId: string;
  /** The voice session; a new one each time the member connects (not when moved). */
  sessionId: string;
  selfMute: boolean;
  selfDeaf: boolean;
}
