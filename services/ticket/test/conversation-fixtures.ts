import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { createMessage, TicketMessageSchema } from '@guildwire/contracts';
import type { Caller } from '../src/domain/ticket.js';
import type { TicketUseCases } from '../src/use-cases/ticket-use-cases.js';

/** The bot as the ticket service sees it over NATS: a trusted system actor. */
export const bot = (guildId: string): Caller => ({
  guildId,
  userId: 'bot-gateway',
  kind: 'system',
  staff: true,
  admin: true,
});

const discordEpoch = 1_420_070_400_000n;
let seq = 0n;
/** A Discord-like snowflake for `at` (increasing within the process). */
export function snowflake(at = Date.now()): string {
  seq = (seq + 1n) % 4096n;
  return String(((BigInt(at) - discordEpoch) << 22n) | seq);
}

/** A message as the bot reports it (proto), with defaults. */
export function reported(fields: {
  id: string;
  channelId?: string;
  authorId?: string;
  authorName?: string;
  /** A bot wrote it (the bot's own welcome or close-request message). */
  bot?: boolean;
  content?: string;
  editedAt?: Date;
  mentions?: { kind: 1 | 2 | 3; id: string; name: string }[];
  attachments?: { id: string; filename: string; url: string; contentType: string; size: bigint }[];
}) {
  return createMessage(TicketMessageSchema, {
    id: fields.id,
    channelId: fields.channelId ?? '9000',
    author: { id: fields.authorId ?? '100', name: fields.authorName ?? 'alice', bot: fields.bot ?? false },
    content: fields.content ?? '',
    mentions: fields.mentions ?? [],
    attachments: fields.attachments ?? [],
    ...(fields.editedAt ? { editedAt: timestampFromDate(fields.editedAt) } : {}),
  });
}

/** Opens a ticket for `openerId` and gives it a Discord channel, as the bot would. */
export async function ticketWithChannel(
  uses: Pick<TicketUseCases, 'tickets'>,
  guildId: string,
  openerId = '100',
  channelId = '9000',
) {
  const opener: Caller = { guildId, userId: openerId, kind: 'discord', staff: false, admin: false };
  const { ticket } = await uses.tickets.open(opener, { subject: 'Printer on fire', description: '' });
  await uses.tickets.setChannel(bot(guildId), ticket.id, channelId);
  return ticket;
}
