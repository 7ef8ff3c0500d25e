import type { RealtimeEvent } from '@guildwire/realtime-client';
import { type InfiniteData, QueryClient } from '@tanstack/react-query';
import t from 'tap';
import type { Ticket, TicketPage } from '../../web/src/api/types.js';
import { applyEventToCache } from '../../web/src/live/cache-updates.js';
import { keys } from '../../web/src/live/query-keys.js';
import { replayOverFetches } from '../../web/src/live/replay-over-fetches.js';
import { filtersFromSearch } from '../../web/src/tickets/ticket-filters.js';

// A refetch that started before an event and answers without it must not wipe the event out of the
// cache (the resync after `subscribed` refetches every list while events already flow).

const guildId = '4242';
const allTickets = keys.ticketList(guildId, filtersFromSearch(''));

function ticket(n: number, fields: Partial<Ticket> = {}): Ticket {
  return {
    id: `0190c1d2-0000-7000-8000-00000000000${n}`,
    guildId,
    number: n,
    subject: `ticket ${n}`,
    description: '',
    status: 'open',
    priority: 'normal',
    categoryId: 'default',
    answers: [],
    version: 1,
    ...fields,
  } as Ticket;
}

const opened = (tk: Ticket, seq: number, guild = guildId): RealtimeEvent => ({
  guildId: guild,
  seq,
  type: 'ticket.opened',
  data: { ticket: tk } as never,
  ts: 0,
  def: undefined,
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A list refetch held open until `answer` is given: what the server read before the events. */
function slowRefetch(client: QueryClient) {
  const held = deferred<TicketPage>();
  const done = client.fetchInfiniteQuery({
    queryKey: allTickets,
    queryFn: () => held.promise,
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page: TicketPage) => page.nextCursor,
  });
  return { answer: (page: TicketPage) => held.resolve(page), done };
}

const numbers = (client: QueryClient) =>
  client
    .getQueryData<InfiniteData<TicketPage>>(allTickets)
    ?.pages.flatMap((p) => p.items.map((x) => x.number));

function live(client: QueryClient) {
  const replays = replayOverFetches(client, (e) => applyEventToCache(client, e, true));
  return {
    deliver(event: RealtimeEvent) {
      replays.record(event);
      applyEventToCache(client, event);
    },
    stop: replays.stop,
  };
}

t.test(
  'a ticket opened while the list refetches stays in the list when the stale answer lands',
  async (t) => {
    const client = new QueryClient();
    const stream = live(client);
    t.teardown(() => {
      stream.stop();
      client.clear();
    });
    client.setQueryData<InfiniteData<TicketPage>>(allTickets, {
      pages: [{ items: [ticket(1)] }],
      pageParams: [undefined],
    });
    const fetch = slowRefetch(client);
    stream.deliver(opened(ticket(2), 2));
    stream.deliver(opened(ticket(3), 3, '9999'));
    t.same(numbers(client), [2, 1], 'the event shows at once');
    fetch.answer({ items: [ticket(1, { version: 2, subject: 'renamed' })] });
    await fetch.done;
    t.same(numbers(client), [2, 1], 'the stale answer does not wipe it out');
    const items = client.getQueryData<InfiniteData<TicketPage>>(allTickets)!.pages[0]!.items;
    t.equal(items[1]!.subject, 'renamed', "the fetch's newer data is kept");

    // A fetch started after the event, whose answer holds it, does not get it twice.
    const later = slowRefetch(client);
    later.answer({ items: [ticket(2), ticket(1, { version: 2 })] });
    await later.done;
    t.same(numbers(client), [2, 1]);
  },
);

t.test('without the replay the stale answer loses the event (what the replay is for)', async (t) => {
  const client = new QueryClient();
  t.teardown(() => client.clear());
  client.setQueryData<InfiniteData<TicketPage>>(allTickets, {
    pages: [{ items: [ticket(1)] }],
    pageParams: [undefined],
  });
  const fetch = slowRefetch(client);
  applyEventToCache(client, opened(ticket(2), 2));
  t.same(numbers(client), [2, 1]);
  fetch.answer({ items: [ticket(1)] });
  await fetch.done;
  t.same(numbers(client), [1], 'the event is gone');
});

t.test('a failed fetch replays nothing and a later one only what arrived during it', async (t) => {
  const client = new QueryClient();
  const stream = live(client);
  t.teardown(() => {
    stream.stop();
    client.clear();
  });
  client.setQueryData<InfiniteData<TicketPage>>(allTickets, {
    pages: [{ items: [ticket(1)] }],
    pageParams: [undefined],
  });
  const failing = client
    .fetchInfiniteQuery({
      queryKey: allTickets,
      queryFn: () => Promise.reject(new Error('offline')),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (page: TicketPage) => page.nextCursor,
      retry: false,
    })
    .catch(() => undefined);
  await failing;
  stream.deliver(opened(ticket(2), 2));
  const fetch = slowRefetch(client);
  stream.deliver(opened(ticket(3), 3));
  fetch.answer({ items: [ticket(2), ticket(1)] });
  await fetch.done;
  t.same(numbers(client), [3, 2, 1], 'ticket 3 replayed on top; ticket 2 came with the answer, once');
});
