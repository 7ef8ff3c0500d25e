import { connectBus, StreamReplicasError } from '@guildwire/bus';
import { startNatsCluster, testNats } from '@guildwire/testkit';
import { pino } from 'pino';
import t from 'tap';
import { openBotBuckets, openLeaseBucket } from '../../src/state/buckets.js';
import { openVoiceBucket } from '../../src/voice/temp-channels.js';

const logger = pino({ level: 'silent' });
const bucketStreams = [
  'KV_bot_gateway_sessions',
  'KV_bot_gateway_effects',
  'KV_bot_gateway_tickets',
  'KV_bot_gateway_giveaways',
  'KV_bot_gateway_commands',
  'KV_bot_gateway_shard_leases',
  'KV_bot_gateway_voice',
];

t.test('buckets – made with STREAM_REPLICAS, and brought to it when it changes', async (t) => {
  const cluster = await startNatsCluster({ t });
  const open = async (replicas: number) => {
    const bus = await connectBus({ servers: cluster.url, name: `bot-r${replicas}`, replicas, logger });
    t.teardown(() => bus.close());
    await openBotBuckets(bus);
    await openLeaseBucket(bus, 15_000);
    await openVoiceBucket(bus);
    return bus;
  };
  const r1 = await open(1);
  for (const stream of bucketStreams)
    t.equal((await r1.jsm.streams.info(stream)).config.num_replicas, 1, `${stream} R1`);
  const r3 = await open(3);
  for (const stream of bucketStreams)
    t.equal((await r3.jsm.streams.info(stream)).config.num_replicas, 3, `${stream} now R3`);
  const leases = await r3.jsm.streams.info('KV_bot_gateway_shard_leases');
  t.equal(leases.config.max_age, 15_000 * 1e6, 'the lease bucket keeps its lease period');
});

t.test('buckets – STREAM_REPLICAS=3 on a single NATS node stops the bot with a clear message', async (t) => {
  const nats = await testNats(t);
  const bus = await connectBus({
    servers: nats.url,
    name: 'bot',
    namespace: nats.namespace,
    replicas: 3,
    logger,
  });
  t.teardown(() => bus.close());
  const err = await openBotBuckets(bus).catch((e: unknown) => e);
  t.ok(err instanceof StreamReplicasError, String(err));
  t.match((err as Error).message, /STREAM_REPLICAS=3, but the NATS server runs JetStream without a cluster/);
});
