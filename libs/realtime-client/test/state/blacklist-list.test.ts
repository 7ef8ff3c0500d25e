import { create } from '@bufbuild/protobuf';
import {
  TicketBlacklistEntryJson,
  TicketBlacklistKind,
  ticketEvents,
  toDashboardJson,
} from '@guildwire/contracts';
import t from 'tap';
import { applyBlacklistEvent } from '../../src/index.js';
import { frame, ticket } from './fixtures.js';

const entry = (targetId: string, version: number, reason = 'spam', kind = TicketBlacklistKind.USER) =>
  toDashboardJson(
    TicketBlacklistEntryJson,
    create(TicketBlacklistEntryJson['~message'], { guildId: '42', kind, targetId, reason, version }),
  );

t.test('blacklist list – added puts first, a newer re-add replaces, removed takes out', async (t) => {
  const first = applyBlacklistEvent([], frame(ticketEvents.blacklistAdded, { entry: entry('7', 1) }));
  const both = applyBlacklistEvent(
    first,
    frame(ticketEvents.blacklistAdded, { entry: entry('7', 1, 'role', TicketBlacklistKind.ROLE) }),
  );
  t.same(
    both.map((e) => [e.kind, e.targetId]),
    [
      ['role', '7'],
      ['user', '7'],
    ],
    'a user and a role with the same id are two entries, newest first',
  );
  const replaced = applyBlacklistEvent(
    both,
    frame(ticketEvents.blacklistAdded, { entry: entry('7', 2, 'spam again'), replaced: true }),
  );
  t.same(
    replaced.map((e) => [e.kind, e.reason]),
    [
      ['user', 'spam again'],
      ['role', 'role'],
    ],
  );
  t.equal(
    applyBlacklistEvent(replaced, frame(ticketEvents.blacklistAdded, { entry: entry('7', 2, 'old') })),
    replaced,
    'a replayed or stale add changes nothing',
  );
  const removed = applyBlacklistEvent(
    replaced,
    frame(ticketEvents.blacklistRemoved, { entry: entry('7', 2) }),
  );
  t.same(
    removed.map((e) => e.kind),
    ['role'],
  );
  t.equal(
    applyBlacklistEvent(removed, frame(ticketEvents.blacklistRemoved, { entry: entry('9', 1) })),
    removed,
    'removing what is not listed changes nothing',
  );
  t.equal(
    applyBlacklistEvent(removed, frame(ticketEvents.opened, { ticket: ticket('a', 1) })),
    removed,
    'ticket event',
  );
});
