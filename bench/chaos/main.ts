// npm run chaos — fault drill of the whole stack on this machine (loopback only, bounded).
//
// Postgres (embedded, its own process), a 3-node NATS cluster with every stream at R3, the fake
// Discord, and two replicas of every service as child processes (compiled as `npm start` runs
// them); dashboards on the realtime SDK; a steady load of ticket and giveaway changes over HTTP.
// Rounds of faults: kill -9 a random service replica and restart it; kill -9 one NATS node and
// bring it back; restart Postgres; a rolling restart of the realtime gateways; SIGSTOP one NATS
// node for a few seconds, then SIGCONT. At the end the database is compared with the stream, each
// dashboard and the fake Discord's messages (verify.ts).
//
//   CHAOS_PROFILE=short npm run chaos   (default: 5 rounds, one of each fault, a few minutes)
//   CHAOS_PROFILE=full npm run chaos    (25 rounds, by hand)
//   CHAOS_SEED=7                        (which faults after the first five, and their targets)
// Prints a table of rounds and counts and ends with one line `RESULT {json}`.
import { runFuzz } from '../fuzz/index.js';
import { type FuzzHook, profiles, runChaosDrill } from './drill.js';

const profileName = process.env.CHAOS_PROFILE ?? 'short';
if (profileName !== 'short' && profileName !== 'full') {
  console.error(`CHAOS_PROFILE must be short or full (got ${JSON.stringify(profileName)})`);
  process.exit(2);
}
const profile = profiles[profileName];
const seed = Number(process.env.CHAOS_SEED ?? Date.now() % 100_000);

// The fuzzer (bench/fuzz) runs on the stack after the rounds, while the load goes on, in a guild of
// its own (the drill's guilds are compared with the database): CHAOS_FUZZ_INPUTS inputs (default
// 1000 in the short profile, 10,000 in the full one; 0 = none), every replica of every service.
const fuzzInputs = Number(process.env.CHAOS_FUZZ_INPUTS ?? (profileName === 'full' ? 10_000 : 1000));
const fuzz: FuzzHook | undefined =
  fuzzInputs > 0
    ? async ({ urls, natsUrl, discord, token, exited }) => {
        const http = Object.fromEntries(
          (['config', 'ticket', 'giveaway'] as const).flatMap((service) =>
            urls[service].map((url, i) => [`${service}#${i + 1}`, url]),
          ),
        );
        const report = await runFuzz({
          inputs: fuzzInputs,
          seed,
          targets: {
            http,
            realtime: urls['realtime-gateway'][0]!,
            nats: { url: natsUrl, namespace: '' },
            discord,
            token,
            exited,
          },
        });
        for (const f of report.findings.slice(0, 20))
          console.log(`[fuzz] ${f.kind} ${f.surface} ${f.target}: ${f.input} → ${f.answer}`);
        return report;
      }
    : undefined;

const started = Date.now();
const result = await runChaosDrill({
  profile,
  seed,
  ...(fuzz ? { fuzz } : {}),
  log: (line) => console.log(`[chaos ${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`),
});

console.log(`\nchaos ${profile.name}, seed ${seed}: ${result.rows.length} rounds`);
console.log(' #  fault             target                ms   opened  5xx  unreachable');
for (const r of result.rows)
  console.log(
    `${String(r.n).padStart(2)}  ${r.kind.padEnd(17)} ${r.target.padEnd(18)} ${String(r.ms).padStart(6)}  ${String(r.opened).padStart(6)}  ${String(r.http5xx).padStart(3)}  ${String(r.unreachable).padStart(11)}`,
  );
const v = result.verdict;
console.log(
  `\nload: ${result.load.ticketsOpened} tickets opened, ${result.load.ticketsClosed} closed, ` +
    `${result.load.giveawaysCreated} giveaways; ${result.load.gaveUp} requests given up`,
);
const counts: Array<[string, number]> = [
  ['events on the stream', v.events_total],
  ['events lost (in the database, not on the stream)', v.events_lost],
  ['events stored twice on the stream', v.events_duplicated],
  ['outbox rows never published', v.outbox_unpublished],
  ['events a dashboard missed', v.dashboard_events_lost],
  ['events a dashboard got twice', v.dashboard_events_duplicated],
  ['dashboards whose view differs from the database', v.dashboard_mismatches],
  ['dashboard resyncs (reload over HTTP)', v.dashboard_resyncs],
  ['ticket numbers given twice', v.ticket_numbers_twice],
  ['ticket number gaps', v.ticket_number_gaps],
  ['giveaways ended twice', v.double_ends],
  ['giveaways never ended', v.never_ended],
  ['Discord side effects posted twice', v.double_side_effects],
  ['Discord side effects missing', v.missing_side_effects],
  ['service crashes', result.crashes],
];
for (const [what, n] of counts) console.log(`  ${String(n).padStart(6)}  ${what}`);
if (v.details.length > 0) {
  console.log('\nfindings:');
  for (const d of v.details.slice(0, 40)) console.log(`  - ${d}`);
}
const summary = {
  profile: profile.name,
  seed,
  rounds: result.rows.length,
  events_total: v.events_total,
  events_lost: v.events_lost + v.outbox_unpublished,
  events_duplicated: v.events_duplicated,
  dashboard_events_lost: v.dashboard_events_lost,
  dashboard_events_duplicated: v.dashboard_events_duplicated,
  dashboard_mismatches: v.dashboard_mismatches,
  ticket_numbers_twice: v.ticket_numbers_twice,
  ticket_number_gaps: v.ticket_number_gaps,
  double_ends: v.double_ends,
  never_ended: v.never_ended,
  double_side_effects: v.double_side_effects,
  missing_side_effects: v.missing_side_effects,
  fuzz_inputs: result.fuzz.fuzz_inputs,
  fuzz_5xx: result.fuzz.fuzz_5xx,
  fuzz_hangs: result.fuzz.hangs,
  crashes: result.crashes,
  duration_s: Math.round((Date.now() - started) / 1000),
};
console.log(`RESULT ${JSON.stringify(summary)}`);
process.exit(0);
