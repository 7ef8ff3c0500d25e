/**
 * Who is connected to which voice channel, per guild, as this replica's dispatches showed it
 * (GUILD_CREATE's `voice_states`, then VOICE_STATE_UPDATE). After a RESUME Discord sends no
 * GUILD_CREATE, so a member not seen since the start is *unknown* (undefined), not "not connected"
 * (null): callers ask Discord then.
 */
export interface VoiceStates {
  /** Replaces a guild's states with a GUILD_CREATE's full list. */
  reset(guildId: string, states: readonly { user_id: string; channel_id: string | null }[]): void;
  /** Records one VOICE_STATE_UPDATE; returns the channel the member was in before (undefined: unknown). */
  set(guildId: string, userId: string, channelId: string | null): string | null | undefined;
  /** The member's channel: an id, null when not connected, undefined when this replica does not know. */
  channelOf(guildId: string, userId: string): string | null | undefined;
  /** Members this replica knows to be in `channelId`. */
  occupants(guildId: string, channelId: string): string[];
  /** Forgets a guild (GUILD_DELETE, or evicted). */
  forget(guildId: string): void;
  /** Forgets every guild `matches` names (a shard that resumed may have run elsewhere meanwhile). */
  forgetWhere(matches: (guildId: string) => boolean): void;
}

interface GuildVoice {
  /** A GUILD_CREATE's full list came: a member not in `states` is not connected. */
  complete: boolean;
  /** Connected members' channels (and, while incomplete, members seen leaving: null). */
  readonly states: Map<string, string | null>;
}

/**
 * Voice states of at most `maxGuilds` guilds (the least recently updated goes first, like the guild
 * cache). A guild holds only members in voice, so it stays small.
 */
export function createVoiceStates(maxGuilds: number): VoiceStates {
  const guilds = new Map<string, GuildVoice>();
  const touch = (guildId: string) => {
    const guild = guilds.get(guildId) ?? { complete: false, states: new Map() };
    guilds.delete(guildId);
    guilds.set(guildId, guild);
    while (guilds.size > maxGuilds) guilds.delete(guilds.keys().next().value as string);
    return guild;
  };
  const channelOf = (guild: GuildVoice | undefined, userId: string) => {
    if (!guild) return undefined;
    if (guild.states.has(userId)) return guild.states.get(userId);
    return guild.complete ? null : undefined;
  };
  return {
    reset(guildId, states) {
      const guild = touch(guildId);
      guild.states.clear();
      for (const s of states) if (s.channel_id) guild.states.set(s.user_id, s.channel_id);
      guild.complete = true;
    },
    set(guildId, userId, channelId) {
      const guild = touch(guildId);
      const before = channelOf(guild, userId);
      if (channelId === null && guild.complete) guild.states.delete(userId);
      else guild.states.set(userId, channelId);
      return before;
    },
    channelOf: (guildId, userId) => channelOf(guilds.get(guildId), userId),
    occupants(guildId, channelId) {
      const ids: string[] = [];
      for (const [userId, c] of guilds.get(guildId)?.states ?? []) if (c === channelId) ids.push(userId);
      return ids;
    },
    forget(guildId) {
      guilds.delete(guildId);
    },
    forgetWhere(matches) {
      for (const guildId of [...guilds.keys()]) if (matches(guildId)) guilds.delete(guildId);
    },
  };
}
