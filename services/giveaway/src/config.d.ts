import { type Environment } from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';
import { type RandomnessSource } from './domain/randomness.js';
/** Everything the giveaway service reads from its environment. */
export declare const GiveawayConfigSchema: Type.TObject<{
  GIVEAWAY_SCHEDULER_INTERVAL_MS: Type.TInteger;
  GIVEAWAY_COUNT_INTERVAL_MS: Type.TInteger;
  GIVEAWAY_BEACON: Type.TEnum<['none', 'local']>;
  GIVEAWAY_BEACON_SECRET: Type.TString;
  GIVEAWAY_BEACON_PERIOD_MS: Type.TInteger;
  DATABASE_URL: Type.TString;
  DB_POOL_SIZE: Type.TInteger;
  CORS_ORIGINS: Type.TString;
  RATE_LIMIT_PER_MINUTE: Type.TInteger;
  NATS_URL: Type.TString;
  NATS_NAMESPACE: Type.TString;
  JWT_SECRET: Type.TString;
  JWT_ISSUER: Type.TString;
  JWT_AUDIENCE: Type.TString;
  PORT: Type.TInteger;
  HOST: Type.TString;
  LOG_LEVEL: Type.TEnum<['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']>;
}>;
/** The giveaway service's parsed, frozen configuration. */
export type GiveawayConfig = Static<typeof GiveawayConfigSchema>;
/** Parses the environment once; throws ConfigError naming each bad variable. */
export declare function loadGiveawayConfig(env?: Environment): GiveawayConfig;
/** The configured randomness beacon, if any. */
export declare function beaconFromConfig(
  config: GiveawayConfig,
  clock?: () => Date,
): RandomnessSource | undefined;
