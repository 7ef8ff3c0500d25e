import { jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import t from 'tap';
import { isPortFree, testNats } from '../src/index.js';

// With NATS_URL the server is shared: it cannot be restarted or stopped by one file.
const shared = process.env.NATS_URL ? 'the server at NATS_URL is shared' : false;

t.test('testNats – two calls are isolated', async (t) => {
  const [a, b] = await Promise.all([testNats(t), testNats(t)]);
  if (a.source === 'env') {
    t.not(a.namespace, b.namespace, 'a shared server gives distinct namespaces');
    t.match(a.namespace, /^t[0-9a-f]{6}$/);
    return;
  }
  t.equal(a.namespace, '');
  t.not(a.url, b.url, 'each call has its own server');
  const ncA = await connect({ servers: a.url });
  const ncB = await connect({ servers: b.url });
  t.teardown(() => Promise.all([ncA.close(), ncB.close()]));
  const jsmA = await jetstreamManager(ncA);
  const jsmB = await jetstreamManager(ncB);
  await jsmA.streams.add({ name: 'ONLY_IN_A', subjects: ['a.>'] });
  t.equal((await jsmA.streams.info('ONLY_IN_A')).config.name, 'ONLY_IN_A');
  await t.rejects(jsmB.streams.info('ONLY_IN_A'), 'stream is absent on the other server');
});

t.test('testNats – restart keeps JetStream data and the URL', { skip: shared }, async (t) => {
  const nats = await testNats(t);
  const before = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(before);
  await jsm.streams.add({ name: 'KEEP', subjects: ['keep.>'] });
  await jetstream(before).publish('keep.one', 'payload');
  await before.close();

  await nats.restart();

  const after = await connect({ servers: nats.url });
  t.teardown(() => after.close());
  const info = await (await jetstreamManager(after)).streams.info('KEEP');
  t.equal(info.state.messages, 1, 'the published message survived the restart');
});

t.test('testNats – stop frees the port', { skip: shared }, async (t) => {
  const nats = await testNats();
  const port = Number(new URL(nats.url).port);
  t.notOk(await isPortFree(port), 'port is taken while the server runs');
  await nats.stop();
  t.ok(await isPortFree(port), 'port can be bound after stop');
  await t.rejects(connect({ servers: nats.url, reconnect: false }));
});
