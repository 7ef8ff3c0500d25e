import {
  bindCommand,
  CommandRejectedError,
  connectBus,
  NoResponderError,
  requestCommand,
} from '@guildwire/bus';
import { ActorKind, ticketCommands } from '@guildwire/contracts';
import { createDb, MigrationFailedError } from '@guildwire/db';
import { freePort, type TestNats, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import { type Migration, sql } from 'kysely';
import t from 'tap';
import {
  buildService,
  commandServer,
  createDueSweeper,
  dueSweeper,
  idempotencyKeys,
  natsBus,
  outbox,
  postgres,
  type ServiceApp,
} from '../src/index.js';
import { auth } from './fixtures/service.js';
import {
  addReminders,
  appOptions,
  clientBus,
  commandInfo,
  countingWork,
  leaveInOutbox,
  migrations,
  openedEvent,
  openTicketBinding,
  reminderWork,
  type SkeletonDatabase,
  sampleValue,
  schema,
  scrape,
  silent,
  streamEvents,
  watchSessions,
} from './fixtures/skeleton.js';

const options = { ...appOptions, auth };
const actor = { kind: ActorKind.DISCORD_USER, id: '9' };

/**
 * The whole skeleton, in the order a service registers it, on its own pool and NATS connection.
 * `relaySweepMs` is long by default: only a kick (a commit, a drain) makes the relay publish.
 */
async function skeletonService(url: string, nats: TestNats, relaySweepMs = 3_600_000): Promise<ServiceApp> {
  return buildService(options, async (app) => {
    await app.register(postgres, { schema, migrations, config: { DATABASE_URL: url, DB_POOL_SIZE: 4 } });
    await app.register(natsBus, { config: { NATS_URL: nats.url, NATS_NAMESPACE: nats.namespace } });
    await app.register(outbox, { relay: { sweepIntervalMs: relaySweepMs } });
    await app.register(idempotencyKeys, { ttlMs: 3_600_000, purgeEveryMs: 50 });
    await app.register(commandServer, { info: commandInfo, bindings: [openTicketBinding(app)] });
    await app.register(dueSweeper, {
      name: 'reminders',
      work: reminderWork(app.db, 'reminders'),
      intervalMs: 100,
    });
    await app.register(dueSweeper, {
      name: 'expiries',
      work: reminderWork(app.db, 'expiries'),
      intervalMs: 100,
    });
  });
}

const open = (bus: Parameters<typeof requestCommand>[0], subject: string) =>
  requestCommand(bus, ticketCommands.open, { guildId: '4242', subject, actor }, { timeoutMs: 5000 });

/** The app's bus has flushed what it sent (serveCommands flushes too; this keeps tests explicit). */
const serving = (app: ServiceApp): Promise<void> => app.bus.nc.flush();

t.test('skeleton – every plugin works on real Postgres and NATS, and /metrics shows it', async (t) => {
  const pg = await testPostgres(t);
  const nats = await testNats(t);
  const app = await skeletonService(pg.url, nats, 100);
  t.teardown(() => app.close());
  await serving(app);
  const client = await clientBus(t, nats);

  const ready = await app.inject({ url: '/readyz' });
  t.equal(ready.statusCode, 200, '/readyz answers ready');
  t.same(ready.json().checks, { postgres: 'ok', nats: 'ok' }, 'both infrastructure plugins added a check');

  // A command commits a row and its event through the outbox; the relay publishes the event.
  const reply = await open(client, 'printer on fire');
  t.equal(reply.ticket?.subject, 'printer on fire', 'the command answered over NATS');
  const [published] = await waitUntil('the opened event in the stream', async () => {
    const events = await streamEvents(client);
    return events.length > 0 ? events : undefined;
  });
  t.equal(published?.subject, 'guild.4242.ticket.opened');
  t.equal(published?.event.ticket?.number, reply.ticket?.number, 'the event is the committed change');
  await waitUntil('the outbox row deleted after the ack', async () =>
    (await app.db.selectFrom('outbox').selectAll().execute()).length === 0 ? true : undefined,
  );
  // A row no commit of this replica kicked for (another replica died before publishing it): the
  // relay's periodic sweep publishes it.
  const leftId = await leaveInOutbox(app.db, openedEvent('4242', 99, 'left by a replica'));
  await waitUntil('the left row published by a sweep', async () =>
    (await streamEvents(client)).some((e) => e.event.meta?.eventId === leftId) ? true : undefined,
  );

  // A refused command commits nothing and is counted under its error code.
  await t.rejects(open(client, ''), CommandRejectedError, 'a typed error reaches the caller');
  t.equal((await app.db.selectFrom('tickets').selectAll().execute()).length, 1, 'the refusal wrote nothing');

  // Due rows: two overdue (fired in one sweep), one due shortly; each fires once, each sweeper
  // only its own.
  await addReminders(app.db, 'reminders', [
    ['overdue-a', -1000],
    ['overdue-b', -900],
    ['soon', 200],
  ]);
  await addReminders(app.db, 'expiries', [['expiry', -500]]);
  const fired = await waitUntil('every reminder fired', async () => {
    const rows = await app.db
      .selectFrom('reminders')
      .select(['id', 'fired_count'])
      .where('fired_at', 'is not', null)
      .orderBy('id')
      .execute();
    return rows.length === 4 ? rows : undefined;
  });
  t.same(
    fired.map((r) => [r.id, r.fired_count]),
    [
      ['expiry', 1],
      ['overdue-a', 1],
      ['overdue-b', 1],
      ['soon', 1],
    ],
    'the overdue rows did not fire again in the sweeps that fired the later one',
  );

  // Idempotency keys older than the TTL are purged; younger ones stay.
  await sql`insert into idempotency_keys (guild_id, operation, key, fingerprint, created_at) values
    ('4242', 'open', 'old', 'f', now() - interval '2 hours'),
    ('4242', 'open', 'young', 'f', now())`.execute(app.db);
  const keys = await waitUntil('the old idempotency key purged', async () => {
    const rows = await app.db.selectFrom('idempotency_keys').select('key').execute();
    return rows.length === 1 ? rows.map((r) => r.key) : undefined;
  });
  t.same(keys, ['young']);

  const { samples } = await scrape(app);
  const service = { service: 'skeleton' };
  t.equal(sampleValue(samples, 'outbox_published_events_total', service), 2, 'both events published');
  t.equal(sampleValue(samples, 'outbox_backlog_events', service), 0, 'nothing waits in the outbox');
  t.equal(sampleValue(samples, 'outbox_oldest_event_age_seconds', service), 0);
  t.equal(sampleValue(samples, 'outbox_publish_errors_total', service), 0);
  t.ok((sampleValue(samples, 'outbox_relay_lag_seconds_count', service) ?? 0) >= 1, 'relay lag observed');
  const command = { command: 'ticket.open', ...service };
  t.equal(sampleValue(samples, 'command_duration_seconds_count', { ...command, outcome: 'ok' }), 1);
  t.equal(
    sampleValue(samples, 'command_duration_seconds_count', { ...command, outcome: 'GW_ERR_BAD_REQUEST' }),
    1,
  );
  t.equal(sampleValue(samples, 'due_sweeper_fired_total', { sweeper: 'reminders', ...service }), 3);
  t.equal(sampleValue(samples, 'due_sweeper_fired_total', { sweeper: 'expiries', ...service }), 1);
  t.equal(
    sampleValue(samples, 'due_sweeper_lateness_seconds_count', { sweeper: 'reminders', ...service }),
    3,
  );
  t.equal(
    sampleValue(samples, 'due_sweeper_failures_total', { sweeper: 'reminders' }),
    undefined,
    'no sweep failed',
  );
});

t.test('skeleton – a NATS that refuses the connection fails the start and closes the pool', async (t) => {
  const pg = await testPostgres(t);
  const sessions = watchSessions(t, pg.url);
  const closedPort = await freePort();
  await t.rejects(
    buildService(options, async (app) => {
      await app.register(postgres, { schema, migrations, config: { DATABASE_URL: pg.url } });
      await app.register(natsBus, { config: { NATS_URL: `nats://127.0.0.1:${closedPort}` } });
    }),
    { message: /ECONNREFUSED|connection refused/i },
  );
  t.ok(await sessions.tableExists('outbox'), 'postgres had connected and migrated before NATS failed');
  t.equal(await sessions.leftOpen(), 0, 'no connection is left on the database');
});

t.test('skeleton – a failing migration fails the start and leaves no connection', async (t) => {
  const pg = await testPostgres(t);
  const sessions = watchSessions(t, pg.url);
  const broken: Record<string, Migration> = {
    ...migrations,
    '0003-broken': {
      async up(db) {
        await sql`select * from no_such_table`.execute(db);
      },
    },
  };
  const failure = await buildService(options, async (app) => {
    await app.register(postgres, { schema, migrations: broken, config: { DATABASE_URL: pg.url } });
  }).catch((err: unknown) => err);
  t.type(failure, MigrationFailedError);
  t.match(failure, { message: /0003-broken/ }, 'the error names the migration');
  t.equal(await sessions.leftOpen(), 0, 'no connection is left on the database');
});

t.test('skeleton – a step failing after every plugin started stops them all', async (t) => {
  const pg = await testPostgres(t);
  const nats = await testNats(t);
  const sessions = watchSessions(t, pg.url);
  const client = await clientBus(t, nats);
  let answeredBeforeFailure = false;
  await t.rejects(
    buildService(options, async (app) => {
      await app.register(postgres, { schema, migrations, config: { DATABASE_URL: pg.url } });
      await app.register(natsBus, { config: { NATS_URL: nats.url, NATS_NAMESPACE: nats.namespace } });
      await app.register(outbox);
      await app.register(commandServer, { info: commandInfo, bindings: [openTicketBinding(app)] });
      await app.register(dueSweeper, {
        name: 'reminders',
        work: reminderWork(app.db, 'reminders'),
        intervalMs: 50,
      });
      await serving(app);
      answeredBeforeFailure = (await open(client, 'before the failure')).ticket?.number === 1;
      await app.register(async () => {
        throw new Error('routes failed');
      });
    }),
    { message: 'routes failed' },
  );
  t.ok(answeredBeforeFailure, 'the command server was serving before the failing step');
  await t.rejects(open(client, 'after the failure'), NoResponderError, 'no command server is left');
  t.equal(await sessions.leftOpen(), 0, 'no connection is left on the database');
});

t.test('skeleton – close publishes what was committed, then stops commands and ends the pool', async (t) => {
  const pg = await testPostgres(t);
  const nats = await testNats(t);
  const sessions = watchSessions(t, pg.url);
  const app = await skeletonService(pg.url, nats);
  t.teardown(() => app.close());
  await serving(app);
  const client = await clientBus(t, nats);
  t.equal((await open(client, 'before close')).ticket?.number, 1, 'commands are served');
  await waitUntil('the first event published and its row deleted', async () =>
    (await app.db.selectFrom('outbox').selectAll().execute()).length === 0 ? true : undefined,
  );

  // Committed, but no relay was kicked for it and the sweep is an hour away: only the drain on
  // close can publish it, and only while the bus is still open.
  const leftId = await leaveInOutbox(app.db, openedEvent('4242', 99, 'left behind'));
  const before = (await scrape(app)).samples;
  t.equal(sampleValue(before, 'outbox_backlog_events'), 1, 'the backlog gauge sees the waiting event');
  t.ok((sampleValue(before, 'outbox_oldest_event_age_seconds') ?? -1) >= 0);

  await app.close();

  const ids = (await streamEvents(client)).map((e) => e.event.meta?.eventId);
  t.ok(ids.includes(leftId), 'the event committed before close was published on close');
  t.equal(await sessions.leftOpen(), 0, 'the pool ended with the app');
  await t.rejects(sql`select 1`.execute(app.db), 'the app database is destroyed');
  await t.rejects(open(client, 'after close'), NoResponderError, 'the command server stopped');
});

t.test('postgres – a caller-provided db and bus are used, and left open on close', async (t) => {
  const pg = await testPostgres(t);
  const nats = await testNats(t);
  const db = createDb<SkeletonDatabase>({ url: pg.url, schema, poolSize: 2 });
  t.teardown(() => db.destroy());
  const bus = await connectBus({
    servers: nats.url,
    name: 'caller',
    namespace: nats.namespace,
    logger: silent,
  });
  t.teardown(() => bus.close());
  const swept = countingWork(reminderWork(db, 'reminders'));
  const app = await buildService(options, async (app) => {
    await app.register(postgres, { schema, migrations, db });
    await app.register(natsBus, { bus });
    await app.register(outbox);
    await app.register(commandServer, { info: commandInfo, bindings: [openTicketBinding(app)] });
    await app.register(dueSweeper, { name: 'reminders', work: swept, intervalMs: 20 });
  });
  t.equal(app.db, db, 'app.db is the caller’s');
  t.equal(app.bus, bus, 'app.bus is the caller’s');
  await serving(app);
  t.equal((await open(bus, 'served')).ticket?.number, 1, 'commands are served over the caller’s bus');
  await waitUntil('the app sweeper sweeping', async () => (swept.sweeps() >= 2 ? true : undefined));
  await app.close();
  const sweepsAtClose = swept.sweeps();

  const row = await db.selectFrom('tickets').select('subject').executeTakeFirst();
  t.equal(row?.subject, 'served', 'the caller’s db was migrated and still answers after close');
  await bus.checkReady();
  t.pass('the caller’s bus is still connected after close');
  await t.rejects(open(bus, 'after close'), NoResponderError, 'the command server stopped on its own');
  t.equal((await streamEvents(bus)).length, 1, 'the event was published through the caller’s bus');

  // A witness on the same interval: once it has swept ten times, a sweeper that close left
  // running would have swept too, on the caller's still open db.
  const witnessWork = countingWork(reminderWork(db, 'witness'));
  const witness = createDueSweeper({ name: 'witness', work: witnessWork, logger: silent, intervalMs: 20 });
  witness.start();
  t.teardown(() => witness.stop());
  await waitUntil('ten witness sweeps', async () => (witnessWork.sweeps() >= 10 ? true : undefined));
  t.equal(swept.sweeps(), sweepsAtClose, 'the due sweeper stopped with the app');
});

// serveCommands flushes its subscriptions before it resolves; without that a few in 50 lost the race.
t.test('commandServer – a command sent as soon as the app is built is answered', async (t) => {
  const nats = await testNats(t);
  const bus = await connectBus({
    servers: nats.url,
    name: 'replica',
    namespace: nats.namespace,
    logger: silent,
  });
  t.teardown(() => bus.close());
  const client = await clientBus(t, nats);
  const answer = bindCommand(ticketCommands.open, async (request) => ({
    ticket: { subject: request.subject },
  }));
  // Each start races the endpoint's SUB against the caller's request; a few in 50 lose it.
  const unanswered: string[] = [];
  for (let start = 0; start < 50; start++) {
    const app = await buildService(options, async (app) => {
      await app.register(natsBus, { bus, stream: false });
      await app.register(commandServer, { info: commandInfo, bindings: [answer] });
    });
    await open(client, 'right away').catch((err: Error) => unanswered.push(err.message));
    await app.close();
  }
  t.same(unanswered, [], 'every request sent right after buildService resolved was answered');
});
