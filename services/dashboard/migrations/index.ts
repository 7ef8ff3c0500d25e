import type { Migration } from 'kysely';
import * as m0001 from './0001-sessions.js';

/** Every migration of the `dashboard` schema by name, for migrateToLatest. */
export const dashboardMigrations: Readonly<Record<string, Migration>> = {
  '0001-sessions': m0001,
};
