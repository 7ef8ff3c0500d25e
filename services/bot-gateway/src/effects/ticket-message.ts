import type { APIActionRowComponent, APIComponentInMessageActionRow, APIEmbed } from '@discordjs/core';
import { type Ticket, TicketStatus } from '@guildwire/contracts';
import { customId } from '../interactions/custom-ids.js';

const statusLine: Record<TicketStatus, string> = {
  [TicketStatus.UNSPECIFIED]: 'Unknown',
  [TicketStatus.OPEN]: 'Open — waiting for staff',
  [TicketStatus.CLAIMED]: 'Claimed',
  [TicketStatus.CLOSED]: 'Closed',
};
const statusColour: Record<TicketStatus, number> = {
  [TicketStatus.UNSPECIFIED]: 0x99aab5,
  [TicketStatus.OPEN]: 0x5865f2,
  [TicketStatus.CLAIMED]: 0xfee75c,
  [TicketStatus.CLOSED]: 0x99aab5,
};

/** The ticket's embed: subject, description and its current status. */
export function ticketEmbed(ticket: Ticket): APIEmbed {
  const fields = [
    { name: 'Opened by', value: `<@${ticket.openerId}>`, inline: true },
    {
      name: 'Status',
      value: ticket.assigneeId
        ? `${statusLine[ticket.status]} by <@${ticket.assigneeId}>`
        : statusLine[ticket.status],
      inline: true,
    },
  ];
  if (ticket.status === TicketStatus.CLOSED && ticket.closeReason)
    fields.push({ name: 'Close reason', value: ticket.closeReason.slice(0, 1024), inline: false });
  return {
    title: `Ticket #${ticket.number} — ${ticket.subject}`.slice(0, 256),
    ...(ticket.description ? { description: ticket.description.slice(0, 4096) } : {}),
    color: statusColour[ticket.status],
    fields,
  };
}

/**
 * Claim / Close / Close with reason, while the ticket is not closed; once closed, a link to its
 * sealed transcript on the dashboard when there is one.
 */
export function ticketButtons(
  ticket: Ticket,
  transcriptUrl?: string,
): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  if (ticket.status === TicketStatus.CLOSED) {
    if (!transcriptUrl || !ticket.transcript) return [];
    return [{ type: 1, components: [{ type: 2, style: 5, label: 'Transcript', url: transcriptUrl }] }];
  }
  return [
    {
      type: 1,
      components: [
        {
          type: 2,
          style: 1,
          label: 'Claim',
          custom_id: customId('ticket-claim', ticket.id),
          disabled: ticket.status === TicketStatus.CLAIMED,
        },
        { type: 2, style: 4, label: 'Close', custom_id: customId('ticket-close', ticket.id) },
        {
          type: 2,
          style: 2,
          label: 'Close with reason',
          custom_id: customId('ticket-close-reason', ticket.id),
        },
      ],
    },
  ];
}

/** The welcome text of the tickets settings, `{user}` mentioning the opener; support roles pinged. */
export function welcomeContent(
  ticket: Ticket,
  welcomeMessage: string,
  supportRoleIds: readonly string[],
): string {
  const text = welcomeMessage.replaceAll('{user}', `<@${ticket.openerId}>`);
  const roles = supportRoleIds.map((id) => `<@&${id}>`).join(' ');
  return (roles ? `${text}\n${roles}` : text).slice(0, 2000);
}

/** A ticket channel or thread name from the settings' template. */
export function ticketChannelName(template: string, ticket: Ticket, username: string): string {
  const name = template
    .replaceAll('{number}', String(ticket.number))
    .replaceAll('{username}', username)
    .replaceAll('{subject}', ticket.subject)
    .trim()
    .slice(0, 100);
  return name === '' ? `ticket-${ticket.number}` : name;
}
