import type { StartedTestContainer } from 'testcontainers';
import type { Testcontainers } from './container-runtime.js';
import { freePort } from './free-port.js';
import type { TestNats } from './test-nats-types.js';

const IMAGE = 'nats:2';
const CLIENT_PORT = 4222;

/** Start a `nats:2 -js` container; the host port is fixed so a restart keeps the URL. */
export async function startContainerNats({
  GenericContainer,
  Wait,
}: Testcontainers): Promise<Omit<TestNats, 'startMs'>> {
  const hostPort = await freePort();
  const container: StartedTestContainer = await new GenericContainer(IMAGE)
    .withCommand(['-js', '-sd', '/data'])
    .withExposedPorts({ container: CLIENT_PORT, host: hostPort })
    .withWaitStrategy(Wait.forLogMessage(/Server is ready/))
    .start();
  let stopped = false;
  return {
    url: `nats://${container.getHost()}:${hostPort}`,
    namespace: '',
    source: 'docker',
    async stop() {
      if (stopped) return;
      stopped = true;
      await container.stop({ remove: true, removeVolumes: true });
    },
    async restart() {
      if (stopped) throw new Error('testNats: restart() after stop()');
      // A container restart keeps its filesystem, so the JetStream store in /data survives.
      await container.restart();
    },
  };
}
