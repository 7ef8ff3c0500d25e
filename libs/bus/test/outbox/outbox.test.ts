import { fileURLToPath } from 'node:url';
import { guildEventsStream, ticketEvents } from '@guildwire/contracts';
import { spawnTs, testNats, waitUntil } from '@guildwire/testkit';
import { sql } from 'kysely';
import t, { type Test } from 'tap';
import { connectBus, createOutbox, ensureStream, publishEncoded } from '../../src/index.js';
import {
  busForTest,
  dbForTest,
  holdGuildOrderLock,
  oneWaitsForALock,
  openedEvent,
  openTransactions,
  secondBus,
  streamContents,
  testLogger,
  writeItem,
  writeItems,
} from '../fixtures.js';

const crashWriter = fileURLToPath(new URL('./crash-writer.ts', import.meta.url));

/** Stream order per guild must be 1..N with no gap or repeat; every committed item exactly once. */
async function assertExactlyOnceInOrder(
  t: Test,
  bus: Parameters<typeof streamContents>[0],
  db: import('kysely').Kysely<any>,
) {
  const contents = await streamContents(bus);
  const items = await db.selectFrom('items').select(['event_id', 'guild_id', 'n']).execute();
  const ids = contents.map((c) => c.eventId);
  t.equal(new Set(ids).size, ids.length, 'no event appears twice in the stream');
  t.same(
    new Set(ids),
    new Set(items.map((i) => i.event_id)),
    'the stream holds exactly the committed events',
  );
  const byGuild = new Map<string, number[]>();
  for (const c of contents) {
    const guild = c.subject.split('.')[1]!;
    byGuild.set(guild, [...(byGuild.get(guild) ?? []), c.n]);
  }
  for (const [guild, ns] of byGuild) {
    t.same(
      ns,
      ns.map((_, i) => i + 1),
      `guild ${guild}: events in commit order`,
    );
  }
  const left = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<string>().as('c'))
    .executeTakeFirst();
  t.equal(Number(left?.c), 0, 'the outbox is empty');
  return contents.length;
}

t.test('outbox – a committed change publishes its event right after commit', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  await writeItem(outbox, '4242');
  await outbox.relay.drain();
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 1);
});

t.test(
  'outbox – a change whose failed statement was swallowed fails instead of passing for committed',
  async (t) => {
    const bus = await busForTest(t);
    const { db } = await dbForTest(t);
    const outbox = createOutbox(db, bus, testLogger());
    t.teardown(() => outbox.relay.stop());
    const swallowing = (withEvent: boolean) =>
      outbox.transaction(async (trx, emit) => {
        await sql`insert into items (event_id, guild_id, n) values (gen_random_uuid(), '1', 1)`.execute(trx);
        await sql`select 1 / 0`.execute(trx).catch(() => undefined);
        if (withEvent) emit(ticketEvents.opened, openedEvent('1', 1));
      });
    await t.rejects(
      swallowing(true),
      { code: 'GW_DB_ROLLED_BACK', cause: { code: '25P02' } },
      'with an event: the outbox insert finds the transaction aborted',
    );
    await t.rejects(
      swallowing(false),
      { code: 'GW_DB_ROLLED_BACK', cause: { name: 'AbortedTransactionError' } },
      'without: COMMIT answered ROLLBACK',
    );
    await outbox.relay.drain();
    t.equal((await streamContents(bus)).length, 0);
    t.equal((await db.selectFrom('items').select('n').execute()).length, 0, 'nothing was written');
  },
);

t.test('outbox – a rolled back change publishes nothing', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  await t.rejects(
    outbox.transaction(async (_trx, emit) => {
      emit(ticketEvents.opened, openedEvent('4242', 1));
      throw new Error('validation failed');
    }),
  );
  await outbox.relay.drain();
  t.equal((await streamContents(bus)).length, 0);
});

t.test(
  'outbox – killed between commit and publish: nothing lost, each event once after restart',
  async (t) => {
    const bus = await busForTest(t);
    const { db, url } = await dbForTest(t);
    const child = spawnTs(crashWriter, {
      t,
      env: {
        DATABASE_URL: url,
        NATS_URL: bus.nc.getServer(),
        BUS_NAMESPACE: bus.namespace,
        RELAY: 'off',
        LIMIT: '30',
      },
    });
    await child.waitForLine('done');
    await child.kill();
    t.equal((await streamContents(bus)).length, 0, 'the crash left every event unpublished');
    // The restarted service's relay sweeps on start.
    const outbox = createOutbox(db, bus, testLogger());
    outbox.relay.start();
    t.teardown(() => outbox.relay.stop());
    await outbox.relay.drain();
    t.equal(await assertExactlyOnceInOrder(t, bus, db), 30);
  },
);

t.test(
  'outbox – killed at a random moment while relaying: after restart every event exactly once',
  async (t) => {
    const bus = await busForTest(t);
    const { db, url } = await dbForTest(t);
    const child = spawnTs(crashWriter, {
      t,
      env: { DATABASE_URL: url, NATS_URL: bus.nc.getServer(), BUS_NAMESPACE: bus.namespace },
    });
    for (let i = 0; i < 300; i++) await child.waitForLine('committed');
    await child.kill();
    const outbox = createOutbox(db, bus, testLogger());
    outbox.relay.start();
    t.teardown(() => outbox.relay.stop());
    await outbox.relay.drain();
    t.ok((await assertExactlyOnceInOrder(t, bus, db)) >= 300);
  },
);

t.test('outbox – killed after the ack but before the delete: the re-publish is deduplicated', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const dead = createOutbox(db, bus, testLogger());
  await dead.relay.stop();
  await writeItem(dead, '7');
  // What the dead relay had done: published, never deleted.
  const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
  await publishEncoded(bus, {
    subject: row.subject,
    payload: row.payload,
    eventId: row.event_id,
    guildId: row.guild_id,
  });
  const restarted = createOutbox(db, bus, testLogger());
  await restarted.relay.drain();
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 1);
});

t.test('outbox – two relays on one table publish each event once and keep per-guild order', async (t) => {
  const bus = await busForTest(t);
  const bus2 = await secondBus(t, bus);
  const { db, connect } = await dbForTest(t);
  const a = createOutbox(db, bus, testLogger(), { batchSize: 7 });
  const b = createOutbox(connect(), bus2, testLogger(), { batchSize: 7 });
  a.relay.start();
  b.relay.start();
  t.teardown(() => Promise.all([a.relay.stop(), b.relay.stop()]));
  const guilds = ['1', '2', '3'];
  await Promise.all(
    Array.from({ length: 8 }, async (_, w) => {
      for (let i = 0; i < 40; i++) await writeItem(w % 2 === 0 ? a : b, guilds[(w + i) % 3]!);
    }),
  );
  await Promise.all([a.relay.drain(), b.relay.drain()]);
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 320);
});

t.test('outbox – changes with one and with several events, side by side, keep per-guild order', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger(), { batchSize: 5 });
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  // A change with events of several guilds takes each guild's lock; writers that share a guild
  // serialize on it. Guild lists are sorted, as their counter locks need.
  const shapes = [['1'], ['1', '1', '2'], ['2'], ['1', '2', '3'], ['3', '3']];
  const written = await Promise.all(
    Array.from({ length: 6 }, async (_, w) => {
      let n = 0;
      for (let i = 0; i < 15; i++) n += (await writeItems(outbox, shapes[(w + i) % shapes.length]!)).length;
      return n;
    }),
  );
  await outbox.relay.drain();
  t.equal(
    await assertExactlyOnceInOrder(t, bus, db),
    written.reduce((a, b) => a + b, 0),
  );
});

t.test('outbox – a change waits for its guild’s order lock held by another writer', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger());
  t.teardown(() => outbox.relay.stop());
  // Another writer of guild 5 between its outbox rows and COMMIT holds the guild's order lock; this
  // change's outbox rows must wait for its commit, or their ids could precede the other's.
  const holder = await holdGuildOrderLock(db, '5');
  let done = false;
  const write = writeItem(outbox, '5').then(() => {
    done = true;
  });
  await oneWaitsForALock(db, 'the outbox insert');
  t.equal(done, false, 'not committed while the other writer holds the lock');
  await holder.release();
  await write;
  await outbox.relay.drain();
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 1);
});

t.test(
  'outbox – a relay pass whose statement fails logs that error and leaves no transaction open',
  async (t) => {
    const bus = await busForTest(t);
    const { db } = await dbForTest(t);
    const lines: string[] = [];
    const outbox = createOutbox(db, bus, testLogger(lines));
    t.teardown(() => outbox.relay.stop());
    await writeItem(outbox, '6');
    await sql`alter table outbox rename to outbox_away`.execute(db);
    await outbox.relay.drain();
    const failure = lines.map((l) => JSON.parse(l)).find((l) => l.msg === 'outbox pass failed; will retry');
    t.match(failure?.err?.message, /relation "outbox" does not exist/, 'the read’s own error, not COMMIT’s');
    t.equal(await openTransactions(db), 0);
    await sql`alter table outbox_away rename to outbox`.execute(db);
    await outbox.relay.drain();
    t.equal(await assertExactlyOnceInOrder(t, bus, db), 1, 'published once the table is back');
  },
);

t.test('outbox – a failed publish keeps the row and the relay delivers once JetStream is back', async (t) => {
  const bus = await busForTest(t);
  const { db } = await dbForTest(t);
  await bus.jsm.streams.delete(bus.streamName(guildEventsStream));
  const outbox = createOutbox(db, bus, testLogger(), { publishTimeoutMs: 500 });
  await writeItem(outbox, '5');
  await outbox.relay.drain();
  const kept = await db.selectFrom('outbox').selectAll().execute();
  t.equal(kept.length, 1, 'the row survives a publish with no stream');
  await ensureStream(bus);
  await outbox.relay.drain();
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 1);
});

t.test('outbox – the relay survives a NATS restart and publishes what was committed meanwhile', async (t) => {
  const nats = await testNats(t);
  if (nats.source !== 'local') {
    t.pass('skipped: needs a NATS server of its own to restart');
    return;
  }
  const bus = await connectBus({
    servers: nats.url,
    name: 'restart',
    namespace: nats.namespace,
    logger: testLogger(),
  });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  const { db } = await dbForTest(t);
  const outbox = createOutbox(db, bus, testLogger(), { publishTimeoutMs: 300, sweepIntervalMs: 100 });
  outbox.relay.start();
  t.teardown(() => outbox.relay.stop());
  await writeItem(outbox, '9');
  await outbox.relay.drain();
  await nats.restart();
  await writeItem(outbox, '9');
  await writeItem(outbox, '9');
  // Wait on the condition: the outbox empties once the reconnected relay publishes.
  await waitUntil('the outbox to empty after the NATS restart', async () => {
    await outbox.relay.drain();
    const left = await db.selectFrom('outbox').select('id').execute();
    return left.length === 0 ? true : undefined;
  });
  t.equal(await assertExactlyOnceInOrder(t, bus, db), 3);
});
