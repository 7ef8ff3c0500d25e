// Tickets for the benches that need ticket channels (bench:chat, bench:capture): each opened by a
// member over HTTP, then given its Discord channel by the bot.
import { waitUntil } from '@guildwire/testkit';
import type { BenchGuild } from '../e2e/guilds.js';
import type { BenchStack } from './stack.js';

export interface BenchTicket {
  readonly guildId: string;
  readonly openerId: string;
  readonly staffId: string;
  readonly id: string;
  readonly channelId: string;
}

/**
 * Opens `count` tickets spread over `guilds` (opener k is the k-th member of its guild round), then
 * waits until the bot has given each its channel (at most `channelTimeoutMs` per ticket).
 */
export async function openBenchTickets(
  stack: BenchStack,
  guilds: readonly BenchGuild[],
  count: number,
  channelTimeoutMs: number,
): Promise<BenchTicket[]> {
  const ticketUrl = stack.urls.ticket!;
  const opened: Omit<BenchTicket, 'channelId'>[] = [];
  for (let k = 0; k < count; k++) {
    const guild = guilds[k % guilds.length]!;
    const openerId = guild.memberIds[Math.floor(k / guilds.length)]!;
    const res = await fetch(`${ticketUrl}/v1/guilds/${guild.id}/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${stack.token(openerId, { [guild.id]: 'member' })}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify({ subject: `bench ticket ${k}` }),
    });
    if (!res.ok) throw new Error(`ticket open answered ${res.status}: ${await res.text()}`);
    const { ticket } = (await res.json()) as { ticket: { id: string } };
    opened.push({ guildId: guild.id, openerId, staffId: guild.staffUserId, id: ticket.id });
  }
  const tickets: BenchTicket[] = [];
  for (const ticket of opened) {
    const channelId = await waitUntil(
      `ticket ${ticket.id} has its channel`,
      async () => {
        const res = await fetch(`${ticketUrl}/v1/guilds/${ticket.guildId}/tickets/${ticket.id}`, {
          headers: { authorization: `Bearer ${stack.token(ticket.staffId, { [ticket.guildId]: 'staff' })}` },
        });
        return ((await res.json()) as { ticket: { channelId: string | null } }).ticket.channelId ?? undefined;
      },
      { timeoutMs: channelTimeoutMs },
    );
    tickets.push({ ...ticket, channelId });
  }
  return tickets;
}
