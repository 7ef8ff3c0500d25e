import { guildEventsStream, ticketEvents } from '@guildwire/contracts';
import { startNatsCluster, testNats, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import {
  type Bus,
  connectBus,
  ensureStream,
  matchReplicas,
  publishEvent,
  StreamReplicasError,
} from '../src/index.js';
import { openedEvent, streamContents, testLogger } from './fixtures.js';

type Tap = Parameters<typeof testNats>[0] & { teardown(fn: () => unknown): void };

async function busOn(t: Tap, servers: string, replicas: number, namespace = ''): Promise<Bus> {
  const bus = await connectBus({ servers, name: `r${replicas}`, namespace, replicas, logger: testLogger() });
  t.teardown(() => bus.close());
  return bus;
}

/** Publishes until JetStream acks (a leader election answers nothing for a moment); same id each try. */
async function publishSurely(bus: Bus, guildId: string, n: number): Promise<void> {
  const event = openedEvent(guildId, n);
  await waitUntil(`event ${n} acked`, () => publishEvent(bus, ticketEvents.opened, event), {
    timeoutMs: 30_000,
    intervalMs: 100,
  });
}

t.test(
  'replicas – an R3 stream takes and serves events with a node killed; the node catches up',
  async (t) => {
    const cluster = await startNatsCluster({ t });
    const bus = await busOn(t, cluster.url, 3);
    const summary = await ensureStream(bus);
    const info = await bus.jsm.streams.info(summary.name);
    t.equal(info.config.num_replicas, 3, 'created at R3');
    for (let n = 1; n <= 20; n++) await publishSurely(bus, '7001', n);

    // The stream's leader is the node that matters most: kill -9 it.
    const leader = await waitUntil(
      'a stream leader',
      async () => (await bus.jsm.streams.info(summary.name)).cluster?.leader,
    );
    const victim = cluster.nodes.find((n) => n.name === leader)!;
    await victim.kill();
    for (let n = 21; n <= 40; n++) await publishSurely(bus, '7001', n);
    const read = await waitUntil('all 40 events readable', async () => {
      const contents = await streamContents(bus);
      return contents.length === 40 ? contents : undefined;
    });
    t.same(
      read.map((e) => e.n),
      Array.from({ length: 40 }, (_, i) => i + 1),
      'every event once, in order, with 2 of 3 nodes',
    );
    t.not((await bus.jsm.streams.info(summary.name)).cluster?.leader, victim.name, 'another node leads');

    await victim.start();
    await cluster.waitForMetaLeader();
    const caughtUp = await waitUntil(`${victim.name} holds all 40 events`, async () => {
      const jsz = await victim.jsz('streams=true');
      const stream = jsz.account_details
        ?.flatMap((a) => a.stream_detail ?? [])
        .find((s) => s.name === summary.name);
      return stream?.state.messages === 40 ? stream : undefined;
    });
    t.equal(caughtUp.state.last_seq, 40, 'the returned node has the events it missed');
  },
);

t.test('replicas – an existing stream and KV bucket follow a changed STREAM_REPLICAS', async (t) => {
  const cluster = await startNatsCluster({ t });
  const r1 = await busOn(t, cluster.url, 1);
  const name = (await ensureStream(r1)).name;
  t.equal((await r1.jsm.streams.info(name)).config.num_replicas, 1);
  await r1.jsm.streams.add({ name: 'KV_replicas_test', subjects: ['$KV.replicas_test.>'], num_replicas: 1 });

  const r3 = await busOn(t, cluster.url, 3);
  const summary = await ensureStream(r3);
  t.equal(summary.name, name);
  t.equal((await r3.jsm.streams.info(name)).config.num_replicas, 3, 'the stream is updated to R3');
  const bucket = await matchReplicas(r3, await r3.jsm.streams.info('KV_replicas_test'));
  t.equal(bucket.config.num_replicas, 3, 'the bucket is updated to R3');
  t.same(bucket.config.subjects, ['$KV.replicas_test.>'], 'and keeps the rest of its configuration');
});

t.test('replicas – more replicas than the cluster has nodes fail with a clear message', async (t) => {
  const cluster = await startNatsCluster({ t });
  const bus = await busOn(t, cluster.url, 5);
  const err = await ensureStream(bus).catch((e: unknown) => e);
  t.ok(err instanceof StreamReplicasError, String(err));
  t.match((err as Error).message, /STREAM_REPLICAS=5, but JetStream cannot place 5 replicas/);
});

t.test(
  'replicas – STREAM_REPLICAS=3 on a single node fails clearly, before and after creation',
  async (t) => {
    const nats = await testNats(t);
    const r3 = await busOn(t, nats.url, 3, nats.namespace);
    const err = await ensureStream(r3).catch((e: unknown) => e);
    t.ok(err instanceof StreamReplicasError, String(err));
    t.match(
      (err as Error).message,
      /STREAM_REPLICAS=3, but the NATS server runs JetStream without a cluster/,
    );
    await t.rejects(r3.jsm.streams.info(r3.streamName(guildEventsStream)), 'nothing was created');

    // An R1 stream made earlier is left as it is: JetStream would take the update and never place it.
    const r1 = await busOn(t, nats.url, 1, nats.namespace);
    const name = (await ensureStream(r1)).name;
    await t.rejects(ensureStream(r3), StreamReplicasError);
    t.equal((await r1.jsm.streams.info(name)).config.num_replicas, 1, 'still R1');
  },
);

t.test('replicas – connectBus refuses a count JetStream cannot keep', async (t) => {
  for (const replicas of [0, 6, 1.5])
    await t.rejects(
      connectBus({ servers: 'nats://127.0.0.1:1', name: 'x', replicas, logger: testLogger() }),
      { message: `invalid stream replicas ${replicas}: JetStream keeps 1 to 5` },
    );
});
