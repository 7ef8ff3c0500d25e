// Child process for the crash-safety tests: commits events through the outbox until it is killed.
// RELAY=off never publishes (a crash right after every commit); otherwise the relay runs as in a service.
import { createDb } from '@guildwire/db';
import { connectBus, createOutbox } from '../../src/index.js';
import { testLogger, writeItem } from '../fixtures.js';

const env = process.env;
// As a service gets its database: the one-event tail and COMMIT leave together.
const db = createDb<any>({ url: env.DATABASE_URL!, poolSize: 4 });
const bus = await connectBus({
  servers: env.NATS_URL!,
  name: 'crash-writer',
  namespace: env.BUS_NAMESPACE ?? '',
  logger: testLogger(),
});
const outbox = createOutbox(db, bus, testLogger());
// A stopped relay ignores kicks: every commit is then followed by a "crash" before its publish.
if (env.RELAY === 'off') await outbox.relay.stop();
else outbox.relay.start();
const guilds = ['11', '22', '33'];
const limit = Number(env.LIMIT ?? 1_000_000);
for (let i = 0; i < limit; i++) {
  const { eventId } = await writeItem(outbox, guilds[i % guilds.length]!);
  process.stdout.write(`committed ${eventId}\n`);
}
process.stdout.write('done\n');
// Stay alive until killed, as a service would.
setInterval(() => {}, 1 << 30);
