import type { Outbox } from '@guildwire/bus';
import type { Kysely } from 'kysely';
import type { SettingsValidator } from '../domain/validate-settings.js';
import type { ConfigDatabase } from '../store/database.js';

/** What the config use cases run on; tests pass their own clock or validator. */
export interface ConfigDeps {
  readonly db: Kysely<ConfigDatabase>;
  readonly outbox: Outbox<ConfigDatabase>;
  readonly validator: SettingsValidator;
  readonly clock: () => Date;
  /** Largest settings document or patch accepted, in bytes of JSON (413 beyond). */
  readonly maxDocumentBytes: number;
}

/** Options every write takes. */
export interface WriteOptions {
  /** The version the caller saw (If-Match, `expected_version`); required: 428 without, 412 when stale. */
  readonly expectedVersion: number | undefined;
  /** A retried request with the same key gets the first reply and changes nothing. */
  readonly idempotencyKey?: string | undefined;
  /** Why, for the history (at most 500 characters). */
  readonly reason?: string | undefined;
}
