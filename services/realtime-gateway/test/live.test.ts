import { ticketEvents } from '@guildwire/contracts';
import { eventData } from '@guildwire/realtime-client';
import t from 'tap';
import { chainProblems, natsForTest, publishOpened, rawClient, startGateway, tokenFor } from './fixtures.js';

t.test(
  'live – a subscribed client receives new events of its guild in order with a prev chain',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats);
    const client = await rawClient(t, gw.url, tokenFor('500', { '42': 'staff' }));
    await client.next((f) => f.op === 'authenticated');
    client.send({ op: 'subscribe', guildId: '42' });
    const subscribed = await client.next((f) => f.op === 'subscribed');
    t.match(subscribed, { guildId: '42', recovered: false, head: 0 });
    const seqs: number[] = [];
    for (let i = 0; i < 5; i++) seqs.push(await publishOpened(bus, '42'));
    await client.next((f) => f.op === 'event' && f.seq === seqs.at(-1));
    const events = client.events('42');
    t.same(
      events.map((e) => e.seq),
      seqs,
    );
    t.same(chainProblems(events, 0), []);
    t.equal(events[0]?.type, 'ticket.opened');
    t.match(events[0]?.data, { ticket: { guildId: '42', openerId: '1000' } });
    // The dashboard dialect (docs/realtime-protocol.md): every field present, unset ones null.
    t.match(events[0]?.data, {
      meta: { guildId: '42', actor: { kind: 'discord_user', id: '1000' }, aggregateVersion: 1 },
      ticket: { status: 'open', priority: null, assigneeId: null, closeRequest: null, tags: [] },
    });
    const opened = eventData(events[0]!, ticketEvents.opened);
    t.match(opened.meta?.occurredAt, /^\d{4}-\d\d-\d\dT.*\.\d{3}Z$/, 'timestamps are ISO-8601 with ms');
  },
);
