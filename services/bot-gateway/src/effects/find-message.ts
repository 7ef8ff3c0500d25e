import type { API } from '@discordjs/core';

/**
 * A recent message of the channel whose buttons carry `customId`: what an attempt killed after
 * Discord stored the message, but before its id was recorded, left behind.
 */
export async function findMessageWithButton(api: API, channelId: string, customId: string) {
  const recent = await api.channels.getMessages(channelId, { limit: 50 });
  return recent.find((m) => JSON.stringify(m.components ?? []).includes(`"custom_id":"${customId}"`));
}
