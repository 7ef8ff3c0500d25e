import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t from 'tap';
import { startNatsCluster, waitUntil } from '../src/index.js';

t.test('startNatsCluster – three routed JetStream nodes agree on a meta leader', async (t) => {
  const cluster = await startNatsCluster({ t });
  t.equal(cluster.nodes.length, 3);
  t.equal(cluster.url.split(',').length, 3);
  const leader = await cluster.waitForMetaLeader();
  t.ok(['n1', 'n2', 'n3'].includes(leader), `leader ${leader}`);
  for (const node of cluster.nodes) t.equal((await node.jsz()).meta_cluster?.cluster_size, 3, node.name);
});

t.test('startNatsCluster – kill, pause and restart a node', async (t) => {
  const cluster = await startNatsCluster({ t });
  const leader = await cluster.waitForMetaLeader();
  const victim = cluster.nodes.find((n) => n.name === leader)!;
  const pid = victim.pid();
  await victim.kill();
  t.notOk(victim.running(), 'killed');
  t.equal(victim.pid(), undefined);
  const next = await waitUntil('a new meta leader', async () => {
    const l = await cluster.waitForMetaLeader();
    return l === victim.name ? undefined : l;
  });
  t.not(next, victim.name, 'the two left elect another leader');
  await victim.start();
  t.ok(victim.running(), 'started again');
  t.not(victim.pid(), pid, 'as a new process');
  await cluster.waitForMetaLeader();

  // A paused node keeps its port but answers nothing; after SIGCONT it serves again.
  const other = cluster.nodes.find((n) => n !== victim)!;
  other.pause();
  t.ok(other.paused() && other.running(), 'paused');
  await t.rejects(other.jsz(), 'a paused node does not answer');
  other.resume();
  t.notOk(other.paused());
  const nc = await connect({ servers: other.url });
  t.teardown(() => nc.close());
  const jsm = await jetstreamManager(nc);
  await waitUntil('JetStream through the resumed node', () =>
    jsm.streams.add({ name: 'AFTER_PAUSE', subjects: ['after.>'], num_replicas: 3 }),
  );
  t.equal((await jsm.streams.info('AFTER_PAUSE')).config.num_replicas, 3);
});
