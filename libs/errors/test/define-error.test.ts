import t from 'tap';
import { defineError, errorCodes, isGuildwireError, RemoteError } from '../src/index.js';

t.test('defineError – code, status and a formatted message', async (t) => {
  const Claimed = defineError('TICKET_ERR_ALREADY_CLAIMED', 409, 'Ticket %s is claimed by %s');
  const err = new Claimed('7', '42');
  t.equal(err.code, 'TICKET_ERR_ALREADY_CLAIMED');
  t.equal(err.statusCode, 409);
  t.equal(err.message, 'Ticket 7 is claimed by 42');
  t.ok(isGuildwireError(err));
  t.equal(Claimed.code, 'TICKET_ERR_ALREADY_CLAIMED');
  t.equal(Claimed.statusCode, 409);
});

t.test('defineError – details and cause ride along', async (t) => {
  const cause = new Error('underneath');
  const err = new errorCodes.GW_ERR_STALE_VERSION(3, 4, { cause }).withDetails({ currentVersion: 4 });
  t.equal(err.message, 'Version 3 is stale; the current version is 4');
  t.same(err.details, { currentVersion: 4 });
  t.equal(err.cause, cause);
});

t.test('defineError – refuses codes and statuses outside the convention', async (t) => {
  t.throws(() => defineError('badcode', 400, 'x'), /AREA_ERR_NAME/);
  t.throws(() => defineError('X_ERR_Y', 200, 'x'), /4xx or 5xx/);
});

t.test('isGuildwireError – plain errors are not client-safe', async (t) => {
  t.notOk(isGuildwireError(new Error('boom')));
  t.notOk(isGuildwireError({ code: 'GW_ERR_INTERNAL', statusCode: 500 }));
});

t.test('RemoteError – keeps what the other service answered', async (t) => {
  const err = new RemoteError({
    code: 'TICKET_ERR_ALREADY_CLAIMED',
    statusCode: 409,
    message: 'Ticket is already claimed by 77',
    details: [{ field: '/ticket_id', message: 'x' }],
  });
  t.ok(isGuildwireError(err));
  t.equal(err.code, 'TICKET_ERR_ALREADY_CLAIMED');
  t.equal(err.statusCode, 409);
  t.same(err.details, [{ field: '/ticket_id', message: 'x' }]);
});

t.test('RemoteError – a malformed code or status from the wire is not trusted', async (t) => {
  const err = new RemoteError({ code: 'nonsense', statusCode: 200, message: 'odd' });
  t.equal(err.code, 'GW_ERR_INTERNAL');
  t.equal(err.statusCode, 500);
});
