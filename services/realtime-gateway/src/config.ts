import {
  type AuthOptions,
  authOptionsFromConfig,
  type Environment,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

const int = (minimum: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum, default: defaultValue, description });

/** Environment variables of the realtime gateway, beyond what every service reads. */
export const RealtimeEnvSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  RT_HISTORY_EVENTS_PER_GUILD: int(1, 1000, 'events kept in memory per guild'),
  RT_HISTORY_EVENTS_TOTAL: int(1, 50_000, 'events kept in memory over all guilds'),
  RT_HISTORY_MAX_AGE_MS: int(1000, 15 * 60_000, 'oldest event kept in memory'),
  RT_MAX_CONCURRENT_REPLAYS: int(1, 16, 'stream replays running at once'),
  RT_SEND_BUFFER_BYTES: int(1024, 4 * 1024 * 1024, 'per-connection send buffer before slow-consumer close'),
  RT_MAX_FRAME_BYTES: int(256, 16 * 1024, 'largest client frame'),
  RT_MAX_SUBSCRIPTIONS: int(1, 100, 'subscriptions per connection'),
  RT_MAX_CONNECTIONS_PER_USER: int(1, 20, 'connections per user on one instance'),
  RT_CONNECTIONS_PER_SECOND: int(1, 20, 'sustained new connections per second per address'),
  RT_CONNECTION_BURST: int(1, 60, 'burst of new connections per address'),
  RT_PING_INTERVAL_MS: int(100, 25_000, 'protocol ping interval; a peer silent for two is dropped'),
  RT_AUTH_TIMEOUT_MS: int(100, 10_000, 'time a new connection gets to authenticate'),
  RT_EPOCH_CHECK_MS: int(50, 5000, 'how often the stream incarnation is checked'),
});

/** Limits and tunables of one gateway instance (docs/realtime-protocol.md §Limits). */
export interface GatewayLimits {
  readonly historyEventsPerGuild: number;
  readonly historyEventsTotal: number;
  readonly historyMaxAgeMs: number;
  readonly maxConcurrentReplays: number;
  readonly sendBufferBytes: number;
  readonly maxFrameBytes: number;
  readonly maxSubscriptions: number;
  readonly maxConnectionsPerUser: number;
  readonly connectionsPerSecond: number;
  readonly connectionBurst: number;
  readonly pingIntervalMs: number;
  readonly authTimeoutMs: number;
  readonly epochCheckMs: number;
}

/** Everything `buildApp` needs; built from the environment by `loadGatewayConfig`. */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly natsUrl: string;
  readonly natsNamespace: string;
  readonly auth: AuthOptions;
  readonly limits: GatewayLimits;
}

/** Defaults of every limit (the environment schema's defaults). */
export const defaultLimits: GatewayLimits = Object.freeze({
  historyEventsPerGuild: 1000,
  historyEventsTotal: 50_000,
  historyMaxAgeMs: 15 * 60_000,
  maxConcurrentReplays: 16,
  sendBufferBytes: 4 * 1024 * 1024,
  maxFrameBytes: 16 * 1024,
  maxSubscriptions: 100,
  maxConnectionsPerUser: 20,
  connectionsPerSecond: 20,
  connectionBurst: 60,
  pingIntervalMs: 25_000,
  authTimeoutMs: 10_000,
  epochCheckMs: 5000,
});

/** Reads and validates the environment once; a bad variable throws ConfigError naming it. */
export function loadGatewayConfig(env: Environment = process.env): GatewayConfig {
  const e: Static<typeof RealtimeEnvSchema> = loadConfig(RealtimeEnvSchema, env);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    natsUrl: e.NATS_URL,
    natsNamespace: e.NATS_NAMESPACE,
    auth: authOptionsFromConfig(e),
    limits: Object.freeze({
      historyEventsPerGuild: e.RT_HISTORY_EVENTS_PER_GUILD,
      historyEventsTotal: e.RT_HISTORY_EVENTS_TOTAL,
      historyMaxAgeMs: e.RT_HISTORY_MAX_AGE_MS,
      maxConcurrentReplays: e.RT_MAX_CONCURRENT_REPLAYS,
      sendBufferBytes: e.RT_SEND_BUFFER_BYTES,
      maxFrameBytes: e.RT_MAX_FRAME_BYTES,
      maxSubscriptions: e.RT_MAX_SUBSCRIPTIONS,
      maxConnectionsPerUser: e.RT_MAX_CONNECTIONS_PER_USER,
      connectionsPerSecond: e.RT_CONNECTIONS_PER_SECOND,
      connectionBurst: e.RT_CONNECTION_BURST,
      pingIntervalMs: e.RT_PING_INTERVAL_MS,
      authTimeoutMs: e.RT_AUTH_TIMEOUT_MS,
      epochCheckMs: e.RT_EPOCH_CHECK_MS,
    }),
  });
}
