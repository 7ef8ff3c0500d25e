// The Prometheus metric names Guildwire exports, read from the sources (every `new Counter|Gauge|
// Histogram|Summary({ name: '…' })` and the realtime gateway's gauge('…') helper), with the series a
// histogram adds. Alert rules and docs are checked against it, so a renamed metric breaks a test
// instead of silently muting an alert.
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Metrics of prometheus-nats-exporter (-jsz=all -varz …), the NATS sidecar of deploy/k8s. */
export const natsExporterMetrics: readonly string[] = [
  'jetstream_consumer_num_pending',
  'jetstream_consumer_num_ack_pending',
  'jetstream_consumer_num_redelivered',
  'jetstream_stream_total_messages',
  'jetstream_stream_total_bytes',
  'jetstream_server_jetstream_disabled',
  'gnatsd_varz_slow_consumers',
  'gnatsd_routez_num_routes',
];

/** prom-client's default process metrics (collectDefaultMetrics, on in every service). */
export const defaultProcessMetrics: readonly string[] = [
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_eventloop_lag_p99_seconds',
  'nodejs_heap_size_used_bytes',
];

/** Prometheus' own series. */
export const prometheusSeries: readonly string[] = ['up'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.includes('node_modules') && !/(^|\/)(test|testing)\//.test(f))
    .map((f) => resolve(dir, f));
}

/** Metric name → kind ('counter' | 'gauge' | 'histogram' | 'summary'), from libs/*\/src and services/*\/src. */
export function exportedMetrics(root: string): Map<string, string> {
  const metrics = new Map<string, string>();
  const roots = ['libs', 'services'].flatMap((top) =>
    readdirSync(resolve(root, top)).map((name) => resolve(root, top, name, 'src')),
  );
  for (const dir of roots) {
    let files: string[];
    try {
      files = sourceFiles(dir);
    } catch {
      continue; // a package without src/
    }
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(
        /new (Counter|Gauge|Histogram|Summary)(?:<[^>]*>)?\(\{\s*name:\s*'([a-z_:][a-z0-9_:]*)'/g,
      ))
        metrics.set(m[2]!, m[1]!.toLowerCase());
      for (const m of text.matchAll(/\bgauge\(\s*'([a-z_:][a-z0-9_:]*)'/g)) metrics.set(m[1]!, 'gauge');
    }
  }
  return metrics;
}

/** Every series name a query may use for the exported metrics (histograms add _bucket, _sum, _count). */
export function seriesNames(metrics: ReadonlyMap<string, string>): Set<string> {
  const names = new Set<string>();
  for (const [name, kind] of metrics) {
    names.add(name);
    if (kind === 'histogram' || kind === 'summary')
      for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  return names;
}

/** Metric names a PromQL expression uses (identifiers followed by `{`, `[`, or standing alone). */
export function metricsInExpression(expr: string): string[] {
  const keywords = new Set([
    'sum',
    'rate',
    'irate',
    'increase',
    'max',
    'min',
    'avg',
    'by',
    'without',
    'histogram_quantile',
    'and',
    'or',
    'unless',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'count',
    'absent',
    'max_over_time',
    'min_over_time',
    'avg_over_time',
    'delta',
    'deriv',
    'clamp_min',
    'le',
    'time',
  ]);
  // Label matchers and strings out first: their names and values are not metrics.
  const stripped = expr.replace(/\{[^}]*\}/g, '{}').replace(/"[^"]*"/g, '""');
  const byClauses = stripped.replace(
    /\b(by|without|on|ignoring|group_left|group_right)\s*\([a-z0-9_, ]*\)/g,
    '',
  );
  return [...new Set([...byClauses.matchAll(/\b([a-z_:][a-z0-9_:]*)\b(?!\s*\()/g)].map((m) => m[1]!))].filter(
    (name) => !keywords.has(name) && !/^\d/.test(name) && !/^(m|s|h|d|ms)$/.test(name),
  );
}
