import { waitUntil } from '@guildwire/testkit';
import { pino } from 'pino';
import t from 'tap';
import { createDueSweeper, type DueWork } from '../src/index.js';

// The wake-up logic only: which rows are due is the work's business (tested on Postgres in
// plugins.test.ts and in the services). Here nothing is due until `at` is set.
function workDueAt() {
  let at: Date | undefined;
  let fired = 0;
  const work: DueWork = {
    async fire() {
      if (at && at.getTime() <= Date.now()) {
        at = undefined;
        fired++;
        return { firedDueAt: [new Date()], locked: 1 };
      }
      return { firedDueAt: [], locked: 0 };
    },
    nextDue: async () => undefined,
  };
  return {
    work,
    arm: (date: Date) => {
      at = date;
    },
    fired: () => fired,
  };
}

t.test('due sweeper – wake arms an earlier sweep than the interval would', async (t) => {
  const due = workDueAt();
  // An hour-long interval: without wake, the armed row would not fire during the test.
  const sweeper = createDueSweeper({
    name: 'wake-test',
    work: due.work,
    logger: pino({ level: 'silent' }),
    intervalMs: 3_600_000,
  });
  sweeper.start();
  t.teardown(() => sweeper.stop());
  const at = new Date(Date.now() + 20);
  due.arm(at);
  sweeper.wake(at);
  await waitUntil('the woken sweep fired the row', async () => (due.fired() === 1 ? true : undefined));
  t.equal(due.fired(), 1);
  // A later wake than the armed timer changes nothing; a wake after stop is ignored.
  await sweeper.stop();
  sweeper.wake(new Date());
  t.equal(due.fired(), 1);
});

t.test('due sweeper – a due row that cannot fire is retried with a growing pause, not spun on', async (t) => {
  let sweeps = 0;
  let canFire = false;
  let fired = 0;
  const dueSince = new Date(Date.now() - 1000);
  const work: DueWork = {
    async fire() {
      sweeps++;
      if (!canFire) return { firedDueAt: [], locked: 1 };
      if (fired > 0) return { firedDueAt: [], locked: 0 };
      fired++;
      return { firedDueAt: [dueSince], locked: 1 };
    },
    nextDue: async () => (fired > 0 ? undefined : dueSince),
  };
  const sweeper = createDueSweeper({
    name: 'stuck-test',
    work,
    logger: pino({ level: 'silent' }),
    intervalMs: 1000,
  });
  sweeper.start();
  t.teardown(() => sweeper.stop());
  await new Promise((resolve) => setTimeout(resolve, 700));
  // Pauses of 10, 20, 40, 80, 160, 320 ms fit in 700 ms: a handful of sweeps, not the ~70 a fixed
  // 10 ms floor would run (and never more, however slow the machine).
  t.ok(sweeps <= 8, `${sweeps} sweeps in 700 ms`);
  canFire = true;
  await waitUntil('the row fires once it can', async () => (fired === 1 ? true : undefined));
  t.equal(fired, 1);
});
