import type { FakeDiscordContext } from '../context.js';
import { THREAD_TYPES } from './lookup.js';
import type { GuildRecord } from './store.js';
import type { ApiMessage, JsonObject, MemberRecord, VoiceStateRecord } from './types.js';

/** Discord's guild member object for `member`. */
export function memberPayload(ctx: FakeDiscordContext, member: MemberRecord): JsonObject {
  return {
    user: ctx.store.users.get(member.userId),
    nick: member.nick,
    avatar: null,
    banner: null,
    roles: member.roles,
    joined_at: member.joined_at,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

/** Discord's guild object (as GET /guilds/{id} returns it). */
export function guildPayload(guild: GuildRecord): JsonObject {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    widget_enabled: false,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    roles: [...guild.roles.values()],
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: 0,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    max_members: 500_000,
    vanity_url_code: null,
    description: null,
    banner: null,
    premium_tier: 0,
    premium_subscription_count: 0,
    preferred_locale: 'en-US',
    nsfw_level: 0,
    premium_progress_bar_enabled: false,
  };
}

/** The GUILD_CREATE payload: the guild with its channels, active threads, roles and members. */
export function guildCreatePayload(ctx: FakeDiscordContext, guild: GuildRecord): JsonObject {
  const channels = [...ctx.store.channels.values()].filter((c) => c.guild_id === guild.id);
  const botMember = guild.members.get(ctx.botUser.id);
  return {
    ...guildPayload(guild),
    joined_at: botMember?.joined_at ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: guild.members.size,
    voice_states: [...(ctx.store.voiceStates.get(guild.id)?.values() ?? [])].map((state) =>
      voiceStatePayload(ctx, state, false),
    ),
    members: [...guild.members.values()].map((m) => memberPayload(ctx, m)),
    channels: channels.filter((c) => !THREAD_TYPES.has(c.type)),
    threads: channels.filter((c) => THREAD_TYPES.has(c.type) && !c.thread_metadata?.archived),
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** A message as the API returns it, with its reactions counted from the bot's point of view. */
export function messagePayload(ctx: FakeDiscordContext, message: ApiMessage): JsonObject {
  const reactions = ctx.store.reactions.get(message.id) ?? [];
  if (reactions.length === 0) return { ...message };
  return {
    ...message,
    reactions: reactions.map((r) => ({
      emoji: r.emoji,
      count: r.userIds.length,
      count_details: { burst: 0, normal: r.userIds.length },
      me: r.userIds.includes(ctx.botUser.id),
      me_burst: false,
      burst_colors: [],
    })),
  };
}

/**
 * Discord's voice state object. GUILD_CREATE's `voice_states` leave out `guild_id` and `member`;
 * VOICE_STATE_UPDATE and the REST answer carry both.
 */
export function voiceStatePayload(
  ctx: FakeDiscordContext,
  state: { guildId: string; userId: string; channelId: string | null; sessionId: string } & Partial<
    Pick<VoiceStateRecord, 'selfMute' | 'selfDeaf'>
  >,
  full = true,
): JsonObject {
  const payload: JsonObject = {
    channel_id: state.channelId,
    user_id: state.userId,
    session_id: state.sessionId,
    deaf: false,
    mute: false,
    self_deaf: state.selfDeaf ?? false,
    self_mute: state.selfMute ?? false,
    self_video: false,
    suppress: false,
    request_to_speak_timestamp: null,
  };
  if (!full) return payload;
  const member = ctx.store.guilds.get(state.guildId)?.members.get(state.userId);
  return { guild_id: state.guildId, ...payload, ...(member ? { member: memberPayload(ctx, member) } : {}) };
}
