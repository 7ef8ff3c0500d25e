import type { Migration } from 'kysely';
import * as m0001 from './0001-outbox.js';
import * as m0002 from './0002-settings.js';
import * as m0003 from './0003-one-statement-writes.js';

/** Every migration of the `config` schema by name, for migrateToLatest. */
export const configMigrations: Readonly<Record<string, Migration>> = {
  '0001-outbox': m0001,
  '0002-settings': m0002,
  '0003-one-statement-writes': m0003,
};
