import { hintPrefix } from '@guildwire/db';
import t from 'tap';
import { eventTail } from '../../src/outbox/commit-with-events.js';
import type { EncodedEvent } from '../../src/publish.js';

const event = (over: Partial<EncodedEvent> = {}): EncodedEvent => ({
  subject: 'guild.42.ticket.opened',
  payload: new Uint8Array([1, 2, 0xff]),
  eventId: '01890a5d-ac96-774b-bcce-b302099a8057',
  guildId: '42',
  ...over,
});

const tailSql = (events: EncodedEvent[]) => eventTail(events)!.sql;

t.test('event tail – none without events: the transaction ends with a plain COMMIT', async (t) => {
  t.equal(eventTail([]), undefined);
});

t.test('event tail – one event: one prepared statement, COMMIT sent with it', async (t) => {
  const tail = eventTail([event()])!;
  t.ok(tail.sql.startsWith(hintPrefix({ prepare: true, commit: true })));
  t.match(tail.sql, /pg_advisory_xact_lock\(\$5::int4/, 'the guild order lock');
  t.same(tail.parameters.slice(0, 3), [event().eventId, '42', 'guild.42.ticket.opened']);
  t.same([...(tail.parameters[3] as Buffer)], [1, 2, 0xff], 'the payload as a binary parameter');
});

t.test(
  'event tail – several: one lock per guild in guild order, rows in emit order, then COMMIT',
  async (t) => {
    const sqlText = tailSql([
      event({ guildId: '9', subject: 'guild.9.ticket.opened' }),
      event({
        guildId: '10',
        subject: 'guild.10.ticket.opened',
        eventId: '01890a5d-ac96-774b-bcce-b302099a8058',
      }),
      event({
        guildId: '9',
        subject: 'guild.9.ticket.closed',
        eventId: '01890a5d-ac96-774b-bcce-b302099a8059',
      }),
    ]);
    t.ok(sqlText.startsWith(hintPrefix({ commit: true })), 'COMMIT is sent with it');
    const statements = sqlText.slice(hintPrefix({ commit: true }).length).split(';\n');
    t.equal(statements.length, 3, 'two locks, one insert');
    t.match(statements[0], /'10'\)\)$/, 'guild 10 locked first (string order, same in every writer)');
    t.match(statements[1], /'9'\)\)$/);
    t.match(statements[2], /guild\.9\.ticket\.opened.*guild\.10\.ticket\.opened.*guild\.9\.ticket\.closed/s);
    t.match(statements[2], /decode\('0102ff', 'hex'\)/);
  },
);

t.test('event tail – values that could escape the literal are refused', async (t) => {
  t.throws(() => tailSql([event(), event({ guildId: "42'; drop table outbox; --" })]), /refusing guild id/);
  t.throws(() => tailSql([event(), event({ eventId: "x'" })]), /refusing event id/);
  t.throws(() => tailSql([event(), event({ subject: "guild.42.ticket.o'pened" })]), /refusing subject/);
});
