import {
  type AuthOptions,
  authOptionsFromConfig,
  ConfigError,
  type Environment,
  httpOptionsFromConfig,
  loadConfig,
  ServiceConfigSchema,
} from '@guildwire/service-kit';
import { type Static, type TInteger, Type } from 'typebox';

/** An integer variable; its default stays readable in the type (TypeBox 1.x keeps options untyped). */
const int = (minimum: number, defaultValue: number, description: string) =>
  Type.Integer({ minimum, default: defaultValue, description }) as TInteger & { readonly default: number };

// Each limit once: its environment variable, bounds, default and meaning. The schema, the defaults
// and the loaded limits are all read from this table.
const limitVariables = {
  historyEventsPerGuild: ['RT_HISTORY_EVENTS_PER_GUILD', int(1, 1000, 'events kept in memory per guild')],
  historyEventsTotal: ['RT_HISTORY_EVENTS_TOTAL', int(1, 50_000, 'events kept in memory over all guilds')],
  historyMaxAgeMs: ['RT_HISTORY_MAX_AGE_MS', int(1000, 15 * 60_000, 'oldest event kept in memory')],
  maxConcurrentReplays: ['RT_MAX_CONCURRENT_REPLAYS', int(1, 16, 'stream replays running at once')],
  sendBufferBytes: [
    'RT_SEND_BUFFER_BYTES',
    int(1024, 4 * 1024 * 1024, 'per-connection send buffer before slow-consumer close'),
  ],
  maxFrameBytes: ['RT_MAX_FRAME_BYTES', int(256, 16 * 1024, 'largest client frame')],
  maxSubscriptions: ['RT_MAX_SUBSCRIPTIONS', int(1, 100, 'subscriptions per connection')],
  maxConnectionsPerUser: ['RT_MAX_CONNECTIONS_PER_USER', int(1, 20, 'connections per user on one instance')],
  connectionsPerSecond: [
    'RT_CONNECTIONS_PER_SECOND',
    int(1, 20, 'sustained new connections per second per address'),
  ],
  connectionBurst: ['RT_CONNECTION_BURST', int(1, 60, 'burst of new connections per address')],
  pingIntervalMs: [
    'RT_PING_INTERVAL_MS',
    int(100, 25_000, 'protocol ping interval; a peer silent for two is dropped'),
  ],
  authTimeoutMs: ['RT_AUTH_TIMEOUT_MS', int(100, 10_000, 'time a new connection gets to authenticate')],
  epochCheckMs: ['RT_EPOCH_CHECK_MS', int(50, 5000, 'how often the stream incarnation is checked')],
  maxViews: ['RT_MAX_VIEWS', int(1, 8, 'presence topics one connection may view at once')],
  presenceDebounceMs: [
    'RT_PRESENCE_DEBOUNCE_MS',
    int(0, 100, 'a burst of presence changes within this becomes one frame and one NATS message'),
  ],
  presenceHeartbeatMs: [
    'RT_PRESENCE_HEARTBEAT_MS',
    int(50, 15_000, 'how often a gateway republishes its viewers to the other replicas'),
  ],
  presenceTtlMs: [
    'RT_PRESENCE_TTL_MS',
    int(100, 45_000, "how long a replica's viewers last without a heartbeat (a dead replica's expire)"),
  ],
} as const;

type LimitName = keyof typeof limitVariables;

/** Limits and tunables of one gateway instance (docs/realtime-protocol.md §Limits). */
export type GatewayLimits = { readonly [K in LimitName]: number };

type LimitVariable = (typeof limitVariables)[LimitName][0];

const limitNames = Object.keys(limitVariables) as LimitName[];

// The limits' part of the environment schema, typed variable by variable.
const limitSchemas = Object.fromEntries(limitNames.map((name) => limitVariables[name])) as {
  [K in LimitName as (typeof limitVariables)[K][0]]: (typeof limitVariables)[K][1];
};

function limitsFrom(read: (variable: LimitVariable, name: LimitName) => number): GatewayLimits {
  const limits = {} as Record<LimitName, number>;
  for (const name of limitNames) limits[name] = read(limitVariables[name][0], name);
  return Object.freeze(limits);
}

/** Environment variables of the realtime gateway, beyond what every service reads. */
export const RealtimeEnvSchema = Type.Object({
  ...ServiceConfigSchema.properties,
  ...limitSchemas,
});

/** Defaults of every limit: the environment schema's defaults. */
export const defaultLimits: GatewayLimits = limitsFrom((_variable, name) => limitVariables[name][1].default);

/** Everything `buildApp` needs; built from the environment by `loadGatewayConfig`. */
export interface GatewayConfig {
  readonly port: number;
  readonly host: string;
  readonly logLevel: string;
  readonly natsUrl: string;
  readonly natsNamespace: string;
  /** Replicas of GUILD_EVENTS when the gateway is the one creating it (STREAM_REPLICAS). */
  readonly streamReplicas: number;
  readonly auth: AuthOptions;
  /** CORS origins and the per-client HTTP rate limit of the plain HTTP routes (health, metrics). */
  readonly http: { readonly corsOrigins: readonly string[]; readonly rateLimitPerMinute: number };
  readonly limits: GatewayLimits;
}

/** Reads and validates the environment once; a bad variable throws ConfigError naming it. */
export function loadGatewayConfig(env: Environment = process.env): GatewayConfig {
  const e: Static<typeof RealtimeEnvSchema> = loadConfig(RealtimeEnvSchema, env);
  // One lost heartbeat must not make a live replica's viewers vanish.
  if (e.RT_PRESENCE_TTL_MS < 2 * e.RT_PRESENCE_HEARTBEAT_MS) {
    throw new ConfigError(
      `RT_PRESENCE_TTL_MS (${e.RT_PRESENCE_TTL_MS}) must be at least twice RT_PRESENCE_HEARTBEAT_MS (${e.RT_PRESENCE_HEARTBEAT_MS})`,
    );
  }
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    logLevel: e.LOG_LEVEL,
    natsUrl: e.NATS_URL,
    natsNamespace: e.NATS_NAMESPACE,
    streamReplicas: e.STREAM_REPLICAS,
    auth: authOptionsFromConfig(e),
    http: httpOptionsFromConfig(e),
    limits: limitsFrom((variable) => e[variable]),
  });
}
