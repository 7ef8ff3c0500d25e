import type { Migration } from 'kysely';
import * as m0001 from './0001-outbox.js';
import * as m0002 from './0002-settings.js';

/** Every migration of the `config` schema by name, for migrateToLatest. */
export const configMigrations: Readonly<Record<string, Migration>> = {
  '0001-outbox': m0001,
  '0002-settings': m0002,
};
