import type { FakeDiscordContext } from '../context.js';
import type { ApiChannel, ApiMessage } from './types.js';

/** Deletes several messages of one channel and dispatches one MESSAGE_DELETE_BULK (as Discord does). */
export function bulkDeleteMessages(
  ctx: FakeDiscordContext,
  channel: ApiChannel,
  messages: ApiMessage[],
): void {
  for (const m of messages) {
    ctx.store.messages.delete(m.id);
    ctx.store.reactions.delete(m.id);
  }
  const data = { ids: messages.map((m) => m.id), channel_id: channel.id, guild_id: channel.guild_id };
  ctx.bus.publish({ kind: 'dispatch', name: 'MESSAGE_DELETE_BULK', guildId: channel.guild_id, data });
}
