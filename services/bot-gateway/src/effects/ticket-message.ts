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

/** Discord's limit on the characters of one message's embeds together. */
const embedBudget = 6000;

/** An answer as an embed field: the question, and the answer (a dash for one left blank). */
const answerField = (a: { label: string; value: string }) => ({
  name: a.label.slice(0, 256),
  value: (a.value || '—').slice(0, 1024),
  inline: false,
});

/**
 * The ticket's embed: subject, its category, its members, the answers to the category's form, its current status
 * and the description — cut so the whole embed stays within Discord's 6000 characters (five
 * answers of 1024 leave less room for a long description).
 */
export function ticketEmbed(ticket: Ticket, categoryName?: string): APIEmbed {
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
  if (categoryName) fields.push({ name: 'Category', value: categoryName.slice(0, 1024), inline: true });
  if (ticket.memberIds.length > 0)
    fields.push({
      name: 'Members',
      value: ticket.memberIds
        .map((id) => `<@${id}>`)
        .join(' ')
        .slice(0, 1024),
      inline: false,
    });
  fields.push(...ticket.answers.map(answerField));
  if (ticket.status === TicketStatus.CLOSED && ticket.closeReason)
    fields.push({ name: 'Close reason', value: ticket.closeReason.slice(0, 1024), inline: false });
  const title = `Ticket #${ticket.number} — ${ticket.subject}`.slice(0, 256);
  const used = title.length + fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  const room = Math.min(4096, embedBudget - used);
  return {
    title,
    ...(ticket.description && room > 0 ? { description: ticket.description.slice(0, room) } : {}),
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

/** A ticket channel or thread name from the category's template. */
export function ticketChannelName(
  template: string,
  ticket: Ticket,
  username: string,
  categoryName = '',
): string {
  const name = template
    .replaceAll('{number}', String(ticket.number))
    .replaceAll('{category}', categoryName)
    .replaceAll('{username}', username)
    .replaceAll('{subject}', ticket.subject)
    .trim()
    .slice(0, 100);
  return name === '' ? `ticket-${ticket.number}` : name;
}
