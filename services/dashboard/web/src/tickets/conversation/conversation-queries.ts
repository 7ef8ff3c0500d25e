import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useCallback, useMemo, useState } from 'react';
import { unwrap } from '../../api/clients.js';
import { useApp } from '../../app-context.js';
import { keys } from '../../live/query-keys.js';
import {
  type ConversationView,
  conversationView,
  emptyLive,
  type LiveConversation,
} from './conversation-state.js';

/** Messages a page asks for at a time: the first screen costs the same at 10 messages or 10,000. */
export const messagePageSize = 50;

/**
 * A ticket's conversation: the newest page first (`order=desc`), older pages on demand, what the
 * stream brings (conversation-cache.ts), and the replies not posted yet.
 */
export function useConversation(guildId: string, ticketId: string) {
  const { api } = useApp();
  const params = { path: { guildId, ticketId } };
  // Subscribes the live entry before the first page is asked for: see applyConversationEvent.
  const live = useQuery<LiveConversation>({
    queryKey: keys.conversationLive(guildId, ticketId),
    queryFn: () => emptyLive,
    initialData: emptyLive,
    staleTime: Number.POSITIVE_INFINITY,
  });
  const pages = useInfiniteQuery({
    queryKey: keys.ticketMessages(guildId, ticketId),
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      unwrap(
        await api.tickets.GET('/v1/guilds/{guildId}/tickets/{ticketId}/messages', {
          params: {
            ...params,
            query: {
              order: 'desc',
              limit: messagePageSize,
              ...(pageParam === undefined ? {} : { cursor: pageParam }),
            },
          },
        }),
      ),
    getNextPageParam: (last) => last.nextCursor,
    // Live events keep the pages current; refetching every loaded page on focus would not.
    refetchOnWindowFocus: false,
  });
  const replies = useQuery({
    queryKey: keys.ticketReplies(guildId, ticketId),
    queryFn: async () =>
      unwrap(await api.tickets.GET('/v1/guilds/{guildId}/tickets/{ticketId}/replies', { params })),
    refetchOnWindowFocus: false,
  });
  const hidden = useHiddenReplies(ticketId);
  const view: ConversationView = useMemo(
    () => conversationView(pages.data?.pages ?? [], live.data, replies.data?.items ?? [], hidden.ids),
    [pages.data, live.data, replies.data, hidden.ids],
  );
  return { pages, replies, view, hide: hidden.hide };
}

/**
 * Failed replies the person dismissed or sent again: the server keeps a failed reply (its record of
 * what Discord refused), so hiding it is this browser's choice, kept per ticket.
 */
function useHiddenReplies(ticketId: string) {
  const storageKey = `gw.hidden-replies.${ticketId}`;
  const [ids, setIds] = useState<ReadonlySet<string>>(() => {
    try {
      const stored: unknown = JSON.parse(localStorage.getItem(storageKey) ?? '[]');
      return new Set(Array.isArray(stored) ? stored.filter((x): x is string => typeof x === 'string') : []);
    } catch {
      return new Set();
    }
  });
  const hide = useCallback(
    (replyId: string) =>
      setIds((current) => {
        const next = new Set(current).add(replyId);
        try {
          localStorage.setItem(storageKey, JSON.stringify([...next].slice(-200)));
        } catch {
          // Private mode or a full storage: hidden for this visit only.
        }
        return next;
      }),
    [storageKey],
  );
  return { ids, hide };
}
