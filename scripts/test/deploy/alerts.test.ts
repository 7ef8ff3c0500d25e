// deploy/prometheus/alerts.yml: well-formed rules over metrics that exist (exported by the services,
// read from their sources, or by the NATS exporter), the four alerts issue #18 asks for, and runbook
// links to headings of docs/operations.md, which describes every exported metric.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import t from 'tap';
import { parse } from 'yaml';
import {
  defaultProcessMetrics,
  exportedMetrics,
  metricsInExpression,
  natsExporterMetrics,
  prometheusSeries,
  seriesNames,
} from '../../deploy/metrics.js';

const root = resolve(import.meta.dirname, '../../..');
interface Rule {
  alert: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
const file = parse(readFileSync(resolve(root, 'deploy/prometheus/alerts.yml'), 'utf8')) as {
  groups: Array<{ name: string; rules: Rule[] }>;
};
const rules = file.groups.flatMap((g) => g.rules);
const exported = exportedMetrics(root);
const known = new Set([
  ...seriesNames(exported),
  ...natsExporterMetrics,
  ...defaultProcessMetrics,
  ...prometheusSeries,
]);
const operations = readFileSync(resolve(root, 'docs/operations.md'), 'utf8');
/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
const anchors = new Set(
  [...operations.matchAll(/^#{1,6} (.+)$/gm)].map((m) =>
    m[1]!
      .trim()
      .toLowerCase()
      .replace(/[^a-z0-9 _-]/g, '')
      .replace(/ /g, '-'),
  ),
);

t.test('alerts – the metric list is read from the sources', async (t) => {
  for (const name of [
    'outbox_backlog_events',
    'outbox_oldest_event_age_seconds',
    'realtime_slow_consumer_closes_total',
    'due_sweeper_lateness_seconds',
    'http_request_duration_seconds',
  ])
    t.ok(exported.has(name), `${name} is exported`);
  t.equal(exported.get('due_sweeper_lateness_seconds'), 'histogram');
  t.ok(known.has('due_sweeper_lateness_seconds_bucket'), 'histograms have their _bucket series');
});

t.test('alerts – every rule is well formed and uses metrics that exist', async (t) => {
  t.ok(rules.length >= 4);
  const names = new Set<string>();
  for (const rule of rules) {
    t.notOk(names.has(rule.alert), `${rule.alert}: unique`);
    names.add(rule.alert);
    t.match(rule.alert, /^Guildwire[A-Z]\w+$/, `${rule.alert}: named Guildwire…`);
    t.match(rule.for ?? '', /^\d+[smh]$/, `${rule.alert}: has a for: duration`);
    t.ok(['info', 'warning', 'critical'].includes(rule.labels?.severity ?? ''), `${rule.alert}: severity`);
    t.ok(rule.annotations?.summary && rule.annotations.description, `${rule.alert}: summary and description`);
    const anchor = /^docs\/operations\.md#(.+)$/.exec(rule.annotations?.runbook ?? '')?.[1];
    t.ok(
      anchor !== undefined && anchors.has(anchor),
      `${rule.alert}: runbook ${rule.annotations?.runbook} is a heading of docs/operations.md`,
    );
    const used = metricsInExpression(rule.expr);
    t.ok(used.length > 0, `${rule.alert}: its expression names a metric`);
    for (const metric of used) t.ok(known.has(metric), `${rule.alert}: ${metric} exists`);
  }
});

t.test(
  'alerts – outbox backlog, consumer lag, realtime slow consumers and giveaway end lateness are covered',
  async (t) => {
    const using = (metric: string, filter = '') =>
      rules
        .filter((r) => metricsInExpression(r.expr).includes(metric) && r.expr.includes(filter))
        .map((r) => r.alert);
    t.ok(using('outbox_oldest_event_age_seconds').length > 0, 'outbox backlog (age)');
    t.ok(using('outbox_backlog_events').length > 0, 'outbox backlog (count)');
    t.ok(using('jetstream_consumer_num_pending').length > 0, 'consumer lag');
    t.ok(using('realtime_slow_consumer_closes_total').length > 0, 'realtime slow-consumer closes');
    t.ok(
      using('due_sweeper_lateness_seconds_bucket', 'sweeper="giveaway-scheduler"').length > 0,
      'giveaway end lateness',
    );
  },
);

t.test('alerts – docs/operations.md explains every exported metric', async (t) => {
  for (const name of exported.keys()) t.ok(operations.includes(`\`${name}`), `${name} is described`);
});

t.test('alerts – an unknown metric is caught', async (t) => {
  const used = metricsInExpression(
    'sum by (service) (rate(outbox_publish_failures_total{service="ticket"}[5m])) > 0',
  );
  t.same(used, ['outbox_publish_failures_total']);
  t.notOk(known.has('outbox_publish_failures_total'));
});
