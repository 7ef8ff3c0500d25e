import t from 'tap';
import { commitWithEventsSql } from '../../src/outbox/commit-with-events.js';
import type { EncodedEvent } from '../../src/publish.js';

const event = (over: Partial<EncodedEvent> = {}): EncodedEvent => ({
  subject: 'guild.42.ticket.opened',
  payload: new Uint8Array([1, 2, 0xff]),
  eventId: '01890a5d-ac96-774b-bcce-b302099a8057',
  guildId: '42',
  ...over,
});

t.test('commit literal – no events is a bare COMMIT', async (t) => {
  t.equal(commitWithEventsSql([]), 'commit');
});

t.test('commit literal – one lock per guild in guild order, rows in emit order, then COMMIT', async (t) => {
  const sqlText = commitWithEventsSql([
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
  const statements = sqlText.split(';\n');
  t.equal(statements.length, 4, 'two locks, one insert, commit');
  t.match(statements[0], /'10'\)\)$/, 'guild 10 locked first (string order, same in every writer)');
  t.match(statements[1], /'9'\)\)$/);
  t.match(statements[2], /guild\.9\.ticket\.opened.*guild\.10\.ticket\.opened.*guild\.9\.ticket\.closed/s);
  t.match(statements[2], /decode\('0102ff', 'hex'\)/);
  t.equal(statements[3], 'commit');
});

t.test('commit literal – values that could escape the literal are refused', async (t) => {
  t.throws(
    () => commitWithEventsSql([event({ guildId: "42'; drop table outbox; --" })]),
    /refusing guild id/,
  );
  t.throws(() => commitWithEventsSql([event({ eventId: "x'" })]), /refusing event id/);
  t.throws(() => commitWithEventsSql([event({ subject: "guild.42.ticket.o'pened" })]), /refusing subject/);
});
