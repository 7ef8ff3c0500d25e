import { audienceAdmits, type GuildRole, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { natsForTest, publishComment, publishOpened, rawClient, startGateway, tokenFor } from './fixtures.js';

interface Published {
  seq: number;
  guildId: string;
  openerId: string;
  kind: 'opened' | 'comment';
}

// Deterministic pseudo-random sequence, so a failure can be replayed.
function prng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

t.test(
  'filtering – across thousands of random events, each user gets exactly what guild and role allow',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats);
    const users: Array<{ id: string; guilds: Record<string, GuildRole> }> = [
      { id: '100', guilds: { '7': 'staff' } },
      { id: '201', guilds: { '7': 'member', '8': 'member' } },
      { id: '202', guilds: { '7': 'member' } },
      { id: '300', guilds: { '7': 'admin', '8': 'staff' } },
      { id: '400', guilds: { '9': 'admin' } },
    ];
    const clients = [];
    for (const user of users) {
      const client = await rawClient(t, gw.url, tokenFor(user.id, user.guilds));
      for (const guildId of ['7', '8']) client.send({ op: 'subscribe', guildId });
      clients.push({ user, client });
    }
    for (const { client } of clients) await client.next((f) => f.op === 'subscribed' || f.op === 'error');
    const forbidden = await clients[4]!.client.next((f) => f.op === 'error');
    t.match(forbidden, { code: 'forbidden', guildId: '7' }, 'no subscription without a grant');
    for (const { client, user } of clients.slice(0, 4)) {
      const granted = Object.keys(user.guilds).filter((g) => g === '7' || g === '8').length;
      await client.next((f) => f.op === 'subscribed' && f.guildId === (granted === 2 ? '8' : '7'));
    }

    const random = prng(42);
    const published: Published[] = [];
    const total = 2000;
    for (let i = 0; i < total; i += 50) {
      const batch = Array.from({ length: 50 }, () => {
        const guildId = ['7', '8', '9'][Math.floor(random() * 3)]!;
        const openerId = ['201', '202', '999'][Math.floor(random() * 3)]!;
        const kind = random() < 0.5 ? 'opened' : 'comment';
        return { guildId, openerId, kind } as const;
      });
      const seqs = await Promise.all(
        batch.map((b) =>
          b.kind === 'opened'
            ? publishOpened(bus, b.guildId, b.openerId)
            : publishComment(bus, b.guildId, b.openerId),
        ),
      );
      for (const [j, b] of batch.entries()) published.push({ ...b, seq: seqs[j]! });
    }
    const lastSeq = Math.max(...published.map((p) => p.seq));
    // Markers in guild 7: delivery is in order, so a client that has its marker has everything before.
    const markers: Record<string, number> = { '201': await publishOpened(bus, '7', '201') };
    markers['202'] = await publishOpened(bus, '7', '202');

    for (const { user, client } of clients) {
      const expected = published
        .filter((p) => {
          const role = user.guilds[p.guildId];
          if (role === undefined || (p.guildId !== '7' && p.guildId !== '8')) return false;
          const def = p.kind === 'opened' ? ticketEvents.opened : ticketEvents.commentAdded;
          return audienceAdmits(
            def.audience as never,
            { ticket: { openerId: p.openerId } } as never,
            role,
            user.id,
          );
        })
        .map((p) => p.seq)
        .sort((a, b) => a - b);
      if (user.id === '400') {
        t.equal(client.events().length, 0, 'a user without grants on 7/8 gets nothing');
        continue;
      }
      const sees7 = user.guilds['7'] !== undefined;
      const marker = markers[user.id] ?? markers['202'];
      if (sees7) await client.next((f) => f.op === 'event' && f.seq === marker);
      const got = client.events().filter((e) => e.seq <= lastSeq);
      t.same(
        got.map((e) => e.seq).sort((a, b) => a - b),
        expected,
        `user ${user.id} got exactly the admitted events`,
      );
      if (user.guilds['7'] === 'member') {
        const foreign = got.filter(
          (e) => (e.data as { ticket?: { openerId?: string } }).ticket?.openerId !== user.id,
        );
        t.equal(foreign.length, 0, `member ${user.id} never sees another user's ticket`);
      }
    }
    t.ok(published.length === total);
  },
);
