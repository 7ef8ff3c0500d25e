import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** The gateway's Prometheus metrics, registered on the app's registry. */
export interface GatewayMetrics {
  readonly eventsDelivered: Counter;
  readonly resumes: Counter<'source'>;
  readonly unrecovered: Counter<'reason'>;
  readonly slowConsumerCloses: Counter;
  readonly rejectedConnections: Counter<'reason'>;
  readonly fanoutLag: Histogram;
  readonly presenceMessages: Counter<'kind'>;
}

/** Live counts the gauges read when scraped. */
export interface GaugeSources {
  connections(): number;
  subscriptions(): number;
  historyEvents(): number;
  streamReplaysActive(): number;
  presenceViews(): number;
}

/** Creates the gateway's metrics on `registry` (names prefixed `realtime_`). */
export function createGatewayMetrics(registry: Registry, sources: GaugeSources): GatewayMetrics {
  const registers = [registry];
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        this.set(read());
      },
    });
  gauge('realtime_connections', 'Open WebSocket connections', sources.connections);
  gauge('realtime_subscriptions', 'Guild subscriptions over all connections', sources.subscriptions);
  gauge('realtime_history_events', 'Events held in the in-process history', sources.historyEvents);
  gauge(
    'realtime_stream_replays_active',
    'Short-lived stream consumers filling gaps older than the in-process history',
    sources.streamReplaysActive,
  );
  gauge(
    'realtime_presence_views',
    'Presence topics viewed by connections of this instance',
    sources.presenceViews,
  );
  return {
    eventsDelivered: new Counter({
      name: 'realtime_events_delivered_total',
      help: 'Event frames sent to clients',
      registers,
    }),
    resumes: new Counter({
      name: 'realtime_resumes_total',
      help: 'Resumes (subscribe with since) by where the missed events came from: memory or stream',
      labelNames: ['source'] as const,
      registers,
    }),
    unrecovered: new Counter({
      name: 'realtime_resume_unrecovered_total',
      help: 'Subscriptions answered recovered:false, by reason (epoch, retention, cursor_ahead, no_since)',
      labelNames: ['reason'] as const,
      registers,
    }),
    slowConsumerCloses: new Counter({
      name: 'realtime_slow_consumer_closes_total',
      help: 'Connections closed because their send buffer overflowed',
      registers,
    }),
    rejectedConnections: new Counter({
      name: 'realtime_connections_rejected_total',
      help: 'Connections closed by a limit or an auth failure, by reason',
      labelNames: ['reason'] as const,
      registers,
    }),
    fanoutLag: new Histogram({
      name: 'realtime_fanout_lag_seconds',
      help: 'From the stream storing an event to the gateway handing it to every live subscriber',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    presenceMessages: new Counter({
      name: 'realtime_presence_messages_total',
      help: 'Presence messages between instances (core NATS), by kind: published, received, rejected',
      labelNames: ['kind'] as const,
      registers,
    }),
  };
}
