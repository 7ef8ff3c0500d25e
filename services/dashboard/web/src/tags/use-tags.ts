import { useQuery } from '@tanstack/react-query';
import { unwrap } from '../api/clients.js';
import { useApp } from '../app-context.js';
import { keys } from '../live/query-keys.js';

/** The guild's tags, by name (staff and admins; `enabled: false` for members, who may not read them). */
export function useTags(guildId: string, enabled = true) {
  const { api } = useApp();
  return useQuery({
    queryKey: keys.tags(guildId),
    enabled,
    queryFn: async () =>
      unwrap(await api.tickets.GET('/v1/guilds/{guildId}/tickets/tags', { params: { path: { guildId } } })),
  });
}
