import { defineError } from '@guildwire/errors';

/** The bot gateway's own errors, answered alike over HTTP and over NATS (cmd.discord.*). */
export const botErrors = {
  DISCORD_ERR_GUILD_UNAVAILABLE: defineError(
    'DISCORD_ERR_GUILD_UNAVAILABLE',
    404,
    'The bot is not in guild %s (or Discord does not show it)',
  ),
};
