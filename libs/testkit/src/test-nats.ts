import { containerRuntime } from './container-runtime.js';
import { testkitEnv } from './env.js';
import { startContainerNats } from './nats-container.js';
import { startLocalNats } from './nats-local.js';
import { useSharedNats } from './nats-shared.js';
import { attachToTest, type TeardownHost } from './teardown-host.js';
import type { TestNats } from './test-nats-types.js';

async function provide(): Promise<{ nats: Omit<TestNats, 'startMs'>; why: string }> {
  if (testkitEnv.natsUrl) return { nats: await useSharedNats(testkitEnv.natsUrl), why: 'NATS_URL is set' };
  const runtime = await containerRuntime();
  if (runtime.ok) return { nats: await startContainerNats(runtime.tc), why: 'Docker answers' };
  return { nats: await startLocalNats(), why: runtime.why };
}

/**
 * NATS with JetStream for one test file: NATS_URL (shared, random namespace), else a Docker
 * container, else `nats-server` from PATH. With `t`, stopping is registered as its teardown.
 */
export async function testNats(t?: TeardownHost): Promise<TestNats> {
  const started = performance.now();
  const { nats, why } = await provide();
  const startMs = Math.round(performance.now() - started);
  attachToTest(t, nats.stop, `testNats: ${nats.source} ${nats.url} ready in ${startMs} ms (${why})`);
  return { ...nats, startMs };
}
