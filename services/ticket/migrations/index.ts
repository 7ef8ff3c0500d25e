import type { Migration } from 'kysely';
import * as m0001 from './0001-outbox.js';
import * as m0002 from './0002-tickets.js';
import * as m0003 from './0003-panels.js';
import * as m0004 from './0004-opener-slots.js';
import * as m0005 from './0005-conversations.js';
import * as m0008 from './0008-ticket-categories.js';
import * as m0009 from './0009-message-search.js';
import * as m0010 from './0010-ticket-members.js';
import * as m0011 from './0011-ticket-blacklist.js';
import * as m0012 from './0012-ticket-tags.js';
import * as m0013 from './0013-ticket-feedback.js';

/** Every migration of the `ticket` schema by name, for migrateToLatest. */
export const ticketMigrations: Readonly<Record<string, Migration>> = {
  '0001-outbox': m0001,
  '0002-tickets': m0002,
  '0003-panels': m0003,
  '0004-opener-slots': m0004,
  '0005-conversations': m0005,
  '0008-ticket-categories': m0008,
  '0009-message-search': m0009,
  '0010-ticket-members': m0010,
  '0011-ticket-blacklist': m0011,
  '0012-ticket-tags': m0012,
  '0013-ticket-feedback': m0013,
};
