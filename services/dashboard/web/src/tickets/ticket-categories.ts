import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/clients.js';
import type { TicketCategory } from '../api/types.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';

/** The guild's ticket categories (the default one first), kept current by config.updated. */
export function useTicketCategories(guildId: string) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.ticketCategories(guildId),
    queryFn: async () => {
      const page = await unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/categories', { params: { path: { guildId } } }),
      );
      return page.items;
    },
    staleTime: 60_000,
  });
}

/**
 * How a ticket's category reads: its name (with its emoji), or "deleted category" when the settings
 * no longer have it (the ticket keeps the id); the id while the list loads.
 */
export function categoryLabel(categories: readonly TicketCategory[] | undefined, id: string): string {
  if (categories === undefined) return id;
  const found = categories.find((c) => c.id === id);
  if (!found) return `${id} (deleted category)`;
  return found.emoji && !found.emoji.startsWith('<') ? `${found.emoji} ${found.name}` : found.name;
}
