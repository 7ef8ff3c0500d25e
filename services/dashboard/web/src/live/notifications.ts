import type { GuildRole } from '@guildwire/contracts';
import { eventData, type RealtimeEvent } from '@guildwire/realtime-client';

/** A toast worth showing this person for an event, with where it leads; undefined for most events. */
export function notificationFor(
  event: RealtimeEvent,
  me: { readonly userId: string; readonly role: GuildRole },
): { text: string; href: string } | undefined {
  const known = eventData(event);
  if (known === undefined) return undefined;
  const actor = 'meta' in known.data ? known.data.meta?.actor?.id : undefined;
  if (actor === me.userId) return undefined; // one's own doings need no toast
  const base = `/g/${event.guildId}`;
  if (known.type.startsWith('ticket.') && 'ticket' in known.data && known.data.ticket) {
    const t = known.data.ticket;
    const href = `${base}/tickets/${t.id}`;
    const mine = t.openerId === me.userId;
    switch (known.type) {
      case 'ticket.opened':
        return me.role === 'member' ? undefined : { text: `New ticket #${t.number}: ${t.subject}`, href };
      case 'ticket.assigned':
        if (t.assigneeId === me.userId) return { text: `Ticket #${t.number} was assigned to you`, href };
        return undefined;
      case 'ticket.claimed':
        return mine ? { text: `Staff picked up your ticket #${t.number}`, href } : undefined;
      case 'ticket.comment_added':
        return mine || t.assigneeId === me.userId
          ? { text: `New comment on ticket #${t.number}`, href }
          : undefined;
      case 'ticket.closed':
        return mine || t.assigneeId === me.userId
          ? { text: `Ticket #${t.number} was closed`, href }
          : undefined;
      case 'ticket.close_requested':
        return mine ? { text: `Staff asks to close your ticket #${t.number}`, href } : undefined;
      default:
        return undefined;
    }
  }
  if ((known.type === 'giveaway.ended' || known.type === 'giveaway.rerolled') && known.data.giveaway) {
    const g = known.data.giveaway;
    if (known.data.winnerIds.includes(me.userId))
      return { text: `You won “${g.prize}”!`, href: `${base}/giveaways/${g.id}` };
    return undefined;
  }
  if (known.type === 'config.updated' && known.data.settings && me.role === 'admin')
    return {
      text: `Settings “${known.data.settings.module}” changed (version ${known.data.settings.version})`,
      href: `${base}/settings/${known.data.settings.module}`,
    };
  return undefined;
}
