import type { Outbox } from '@guildwire/bus';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { RandomnessSource } from '../domain/randomness.js';
import type { GiveawaySettingsSource } from '../domain/settings.js';
import type { GiveawayDatabase } from '../store/database.js';

/** What the giveaway use cases run on; tests pass their own clock and beacon. */
export interface GiveawayDeps {
  readonly db: Kysely<GiveawayDatabase>;
  readonly outbox: Outbox<GiveawayDatabase>;
  readonly settings: GiveawaySettingsSource;
  readonly logger: Logger;
  readonly clock: () => Date;
  /** The beacon of giveaways created with `useBeacon`; without one, `useBeacon` is refused. */
  readonly beacon?: RandomnessSource | undefined;
}

/** Options every change accepts. */
export interface ChangeOptions {
  /** The version the caller saw (If-Match); a different current version fails with 412. */
  readonly expectedVersion?: number | undefined;
  /** A retried request with the same key gets the first reply and changes nothing. */
  readonly idempotencyKey?: string | undefined;
}
