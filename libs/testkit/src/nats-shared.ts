import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { randomName } from './random-name.js';
import type { TestNats } from './test-nats-types.js';

// Streams of a namespace carry it in their name (the bus prefixes them), so teardown can find
// and delete them; the random token makes a false match on another file's stream negligible.
async function deleteNamespaceStreams(url: string, namespace: string): Promise<void> {
  const nc = await connect({ servers: url, reconnect: false });
  try {
    const jsm = await jetstreamManager(nc);
    const names: string[] = [];
    for await (const name of jsm.streams.names()) names.push(name);
    for (const name of names.filter((n) => n.toLowerCase().includes(namespace.toLowerCase()))) {
      await jsm.streams.delete(name);
    }
  } finally {
    await nc.close();
  }
}

/** Use the server at NATS_URL, isolated by a random namespace such as `t3f9a2c`. */
export async function useSharedNats(url: string): Promise<Omit<TestNats, 'startMs'>> {
  const namespace = randomName('t');
  // Fail here, with the URL in the message, rather than in the first test.
  const nc = await connect({ servers: url, reconnect: false }).catch((cause: unknown) => {
    throw new Error(`testNats: NATS_URL=${url} does not accept connections`, { cause });
  });
  await nc.close();
  let stopped = false;
  return {
    url,
    namespace,
    source: 'env',
    async stop() {
      if (stopped) return;
      stopped = true;
      await deleteNamespaceStreams(url, namespace);
    },
    async restart() {
      throw new Error('testNats: restart() needs a server of its own; unset NATS_URL for restart tests');
    },
  };
}
