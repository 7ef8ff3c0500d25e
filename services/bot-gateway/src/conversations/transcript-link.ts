import type { Ticket } from '@guildwire/contracts';

/**
 * Where the dashboard shows a ticket's transcript (`<DASHBOARD_URL>/guilds/<g>/tickets/<id>/transcript`);
 * undefined when no dashboard URL is configured. The page signs the user in and reads
 * `GET …/tickets/:id/transcript.html` from the ticket service with their token.
 */
export function transcriptLink(
  dashboardUrl: string,
  ticket: Pick<Ticket, 'guildId' | 'id'>,
): string | undefined {
  if (dashboardUrl === '') return undefined;
  return `${dashboardUrl.replace(/\/+$/, '')}/guilds/${ticket.guildId}/tickets/${ticket.id}/transcript`;
}
