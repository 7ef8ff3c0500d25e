// npm run fuzz — malformed input against the whole stack on this machine: every HTTP route of the
// services' OpenAPI documents, realtime frames, NATS `cmd.*` commands and Discord interactions
// (bench/fuzz/index.ts). Counts 5xx answers, crashed services and hangs.
//
// The services run as `npm start` runs them (NATS and Postgres from testkit, a fake Discord here).
//   npm run fuzz                                    (2000 inputs)
//   FUZZ_INPUTS=10000 FUZZ_SEED=42 npm run fuzz     (a full run; the same seed sends the same inputs)
// Prints a table per surface, each finding, and ends with one line `RESULT {json}`.
import { type FuzzReport, runFuzz } from './index.js';
import { startFuzzStack } from './stack.js';

const inputs = Number(process.env.FUZZ_INPUTS ?? 2000);
const seed = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const hangMs = Number(process.env.FUZZ_HANG_MS ?? 10_000);
// A comma-separated subset of http,realtime,nats,interactions (default all).
const only = process.env.FUZZ_SURFACES?.split(',');

const stack = await startFuzzStack();
let report: FuzzReport;
try {
  const { http, realtime, nats, discord, ...rest } = stack.targets;
  const pick = <T>(surface: string, target: T) => (!only || only.includes(surface) ? target : undefined);
  const targets = {
    ...rest,
    http: pick('http', http),
    realtime: pick('realtime', realtime),
    nats: pick('nats', nats),
    discord: pick('interactions', discord),
  };
  report = await runFuzz({ inputs, targets, hangMs, ...(seed === undefined ? {} : { seed }) });
  for (const service of stack.exited())
    console.log(`${service} exited; its output:\n${stack.stderr(service)}`);
} finally {
  await stack.stop();
}

console.log(`\nfuzz: ${report.fuzz_inputs} inputs, seed ${report.seed}\n`);
console.log('| surface | inputs | 5xx | hangs | answers |');
console.log('|---|---|---|---|---|');
for (const s of report.surfaces) {
  const answers = Object.entries(s.answers)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  console.log(`| ${s.surface} | ${s.inputs} | ${s.fivexx} | ${s.hangs} | ${answers} |`);
}
console.log(`\ncrashes: ${report.crashes}`);
for (const f of report.findings)
  console.log(`\n[${f.surface} ${f.kind}] ${f.target}\n  input:  ${f.input}\n  answer: ${f.answer}`);
const { findings, surfaces: _s, ...figures } = report;
console.log(`RESULT ${JSON.stringify({ ...figures, findings: findings.length })}`);
process.exit(0);
