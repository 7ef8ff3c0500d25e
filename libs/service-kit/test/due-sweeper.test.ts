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
