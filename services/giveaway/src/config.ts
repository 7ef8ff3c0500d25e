import {
  DatabaseConfigSchema,
  type Environment,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';
import { localBeacon, type RandomnessSource } from './domain/randomness.js';

/** Everything the giveaway service reads from its environment. */
export const GiveawayConfigSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...DatabaseConfigSchema.properties,
  // Longest sleep of the scheduler: how soon a start or end armed by another replica is noticed
  // (this replica's own are armed at once).
  GIVEAWAY_SCHEDULER_INTERVAL_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 250 }),
  // Least time between two entrant-count events of one giveaway.
  GIVEAWAY_COUNT_INTERVAL_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 1000 }),
  // The randomness beacon of giveaways created with useBeacon: `none`, or `local` (this machine
  // cannot reach drand; docs/giveaway.md). The local beacon's secret must be the same on every replica.
  GIVEAWAY_BEACON: Type.Enum(['none', 'local'], { default: 'local' }),
  GIVEAWAY_BEACON_SECRET: Type.String({ minLength: 16, default: 'guildwire-local-beacon-dev-secret' }),
  GIVEAWAY_BEACON_PERIOD_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 3000 }),
});

/** The giveaway service's parsed, frozen configuration. */
export type GiveawayConfig = Static<typeof GiveawayConfigSchema>;

/** Parses the environment once; throws ConfigError naming each bad variable. */
export function loadGiveawayConfig(env: Environment = process.env): GiveawayConfig {
  return loadConfig(GiveawayConfigSchema, env);
}

/** The configured randomness beacon, if any. */
export function beaconFromConfig(config: GiveawayConfig, clock?: () => Date): RandomnessSource | undefined {
  if (config.GIVEAWAY_BEACON === 'none') return undefined;
  return localBeacon({
    secret: config.GIVEAWAY_BEACON_SECRET,
    periodMs: config.GIVEAWAY_BEACON_PERIOD_MS,
    ...(clock ? { clock } : {}),
  });
}
