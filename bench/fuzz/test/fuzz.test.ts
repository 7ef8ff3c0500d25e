// A regression check: a few hundred malformed inputs per surface (HTTP routes, realtime frames, NATS
// commands, Discord interactions) against the real services, with a fixed seed so a failure is
// reproducible (`FUZZ_SEED=<seed> npm run fuzz`). No input may get a 5xx, crash a service or go
// unanswered.
import t from 'tap';
import { runFuzz } from '../index.js';
import { startFuzzStack } from '../stack.js';

const perSurface = Number(process.env.FUZZ_TEST_INPUTS ?? 200);
const seed = Number(process.env.FUZZ_SEED ?? 20261204);

// Five services start here, and 4 × 200 inputs run through them: beyond the suite's 180 s.
t.setTimeout(600_000);

t.test(
  'malformed input on every surface gets a 4xx or a refusal, never a 5xx, a crash or a hang',
  async (t) => {
    const stack = await startFuzzStack({ fromSources: true });
    t.teardown(stack.stop);
    const report = await runFuzz({ inputs: perSurface * 4, targets: stack.targets, seed, hangMs: 20_000 });
    t.same(
      report.surfaces.map((s) => s.surface),
      ['http', 'realtime', 'nats', 'interactions'],
      'every surface ran',
    );
    for (const s of report.surfaces) t.ok(s.inputs >= perSurface, `${s.surface}: ${s.inputs} inputs`);
    // Each surface reached the service: answers other than client-side failures.
    const http = report.surfaces.find((s) => s.surface === 'http')!;
    t.ok((http.answers['4xx'] ?? 0) > 0, 'HTTP routes answered 4xx to malformed requests');
    const nats = report.surfaces.find((s) => s.surface === 'nats')!;
    t.ok((nats.answers['4xx'] ?? 0) > 0, 'commands answered typed errors to malformed requests');
    t.same(report.findings, [], 'no finding');
    t.equal(report.fuzz_5xx, 0, 'no 5xx');
    t.equal(report.crashes, 0, 'no crash');
    t.equal(report.hangs, 0, 'no hang');
    t.same(stack.exited(), [], 'every service still runs');
  },
);
