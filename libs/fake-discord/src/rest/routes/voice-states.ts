import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { requireGuild } from '../../state/lookup.js';
import { voiceStatePayload } from '../../state/payloads.js';
import type { GuildRecord } from '../../state/store.js';
import { requireVoiceChannel, setVoiceChannel, voiceStateOf } from '../../state/voice.js';
import { createFormErrors } from '../validation/form-errors.js';

interface VoiceParams {
  guildId: string;
  userId: string;
}

/**
 * The `channel_id` of PATCH /guilds/{id}/members/{user}: validated now, applied by the returned
 * function (after the other fields are checked). Discord answers 40032 when the member is not
 * connected to voice, and refuses a channel that is not a voice channel of the guild.
 */
export function parseMemberMove(
  ctx: FakeDiscordContext,
  guild: GuildRecord,
  userId: string,
  body: Record<string, unknown>,
): (() => void) | undefined {
  if (!('channel_id' in body)) return undefined;
  const channelId = body.channel_id;
  if (channelId !== null && typeof channelId !== 'string') {
    const errors = createFormErrors();
    errors.add(['channel_id'], 'NUMBER_TYPE_COERCE', 'Value is not snowflake.');
    errors.throwIfAny();
  }
  if (!voiceStateOf(ctx, guild.id, userId)) throw discordErrors.userNotConnected();
  if (typeof channelId === 'string') requireVoiceChannel(ctx, guild, channelId);
  return () => setVoiceChannel(ctx, guild.id, userId, channelId as string | null);
}

/** GET /guilds/{id}/voice-states/{user|@me}: a connected member's voice state, else 10065. */
export function registerVoiceStateRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  app.get<{ Params: VoiceParams }>('/guilds/:guildId/voice-states/:userId', async (request) => {
    const guild = requireGuild(ctx.store, request.params.guildId);
    const userId = request.params.userId === '@me' ? ctx.botUser.id : request.params.userId;
    const state = voiceStateOf(ctx, guild.id, userId);
    if (!state) throw discordErrors.unknownVoiceState();
    return voiceStatePayload(ctx, state);
  });
}
