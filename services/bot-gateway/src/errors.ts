import { defineError } from '@guildwire/errors';

/** The bot gateway's own errors, answered alike over HTTP and over NATS (cmd.discord.*). */
export const botErrors = {
  DISCORD_ERR_GUILD_UNAVAILABLE: defineError(
    'DISCORD_ERR_GUILD_UNAVAILABLE',
    404,
    'The bot is not in guild %s (or Discord does not show it)',
  ),
  DISCORD_ERR_CHANNEL_NOT_FOUND: defineError(
    'DISCORD_ERR_CHANNEL_NOT_FOUND',
    404,
    'Channel %s is not a channel of guild %s',
  ),
  DISCORD_ERR_NOT_TEXT_CHANNEL: defineError(
    'DISCORD_ERR_NOT_TEXT_CHANNEL',
    400,
    'Channel %s is not a text channel: panels are posted in text or announcement channels',
  ),
  DISCORD_ERR_PANEL_UNAVAILABLE: defineError(
    'DISCORD_ERR_PANEL_UNAVAILABLE',
    400,
    'There is no %s panel: %s',
  ),
  DISCORD_ERR_VOICE_NOT_CONFIGURED: defineError(
    'DISCORD_ERR_VOICE_NOT_CONFIGURED',
    409,
    "Join to create is off in guild %s: set the voice module's lobbyChannelId before posting its panel",
  ),
  DISCORD_ERR_MISSING_ACCESS: defineError(
    'DISCORD_ERR_MISSING_ACCESS',
    403,
    'The bot may not post in channel %s (it needs View Channel, Send Messages and Embed Links there)',
  ),
  DISCORD_ERR_PANEL_IN_PROGRESS: defineError(
    'DISCORD_ERR_PANEL_IN_PROGRESS',
    409,
    'A panel with this idempotency key is being posted right now; retry in a few seconds',
  ),
};
