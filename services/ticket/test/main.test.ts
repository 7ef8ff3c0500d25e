import { fileURLToPath } from 'node:url';
import { TicketCloseCause, ticketEvents } from '@guildwire/contracts';
import { createDb } from '@guildwire/db';
import { spawnService, spawnTs, testPostgres, waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t from 'tap';
import type { TicketDatabase } from '../src/store/database.js';
import {
  answerTicketSettings,
  collectEvents,
  freshGuild,
  jwtSecret,
  ticketBus,
  tokenFor,
} from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test(
  'main – killed with a timer armed, two restarted replicas close the ticket exactly once',
  async (t) => {
    const pg = await testPostgres(t);
    const bus = await ticketBus(t);
    const events = await collectEvents(t, bus);
    // The guild's tickets module (as the config service serves it) closes quiet tickets after 4 s.
    await answerTicketSettings(t, bus, { autoCloseAfterMs: 4000 });
    const env = {
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: pg.url,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
      TICKET_TIMER_INTERVAL_MS: '100',
    };
    const start = () => spawnService(main, { t, env });

    const guild = freshGuild();
    const first = await start();
    const res = await fetch(`${first.url}/v1/guilds/${guild}/tickets`, {
      method: 'POST',
      headers: { ...tokenFor('1', { [guild]: 'member' }), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'will go quiet' }),
    });
    t.equal(res.status, 201);
    const { ticket } = (await res.json()) as { ticket: { id: string; autoCloseAt: string } };
    await first.child.kill();
    t.ok(Date.now() < Date.parse(ticket.autoCloseAt), 'the first process died before the timer was due');

    // The kill may also have beaten the relay: the replicas' relays publish what it left behind.
    const replicas = await Promise.all([start(), start()]);
    await events.waitFor(ticketEvents.opened, guild);
    const [closed] = await events.waitFor(ticketEvents.closed, guild);
    t.equal(closed?.cause, TicketCloseCause.INACTIVITY);
    const db = createDb<TicketDatabase>({ url: pg.url, schema: 'ticket' });
    t.teardown(() => db.destroy());
    // Once the outbox is empty every committed event is in the stream: count closes there and in history.
    await waitUntil('the outbox drained', async () => {
      const row = await sql<{ n: string }>`select count(*) as n from outbox`.execute(db);
      return row.rows[0]?.n === '0' ? true : undefined;
    });
    const closes = await db
      .selectFrom('ticket_history')
      .select('id')
      .where('ticket_id', '=', ticket.id)
      .where('action', '=', 'closed')
      .execute();
    t.equal(closes.length, 1, 'closed once in the audit trail');
    t.equal(events.of(ticketEvents.closed, guild).length, 1, 'one ticket.closed event');
    for (const r of replicas) await r.child.kill();
  },
);

t.test('main – a bad environment stops the process with a message naming the variable', async (t) => {
  const child = spawnTs(main, {
    t,
    env: { JWT_SECRET: 'short', NATS_URL: 'nats://127.0.0.1:1', DATABASE_URL: 'postgres://x@127.0.0.1/x' },
  });
  const exit = await child.exited;
  t.not(exit.code, 0);
  t.match(child.stderr(), /JWT_SECRET/);
  t.notMatch(child.stderr(), /short/, 'the secret value is not printed');
});
