import { createServer } from 'node:net';
import t from 'tap';
import { freePort, isPortFree } from '../src/index.js';

t.test('freePort – hands out distinct ports that can be bound', async (t) => {
  const ports = await Promise.all([freePort(), freePort(), freePort()]);
  t.equal(new Set(ports).size, 3);
  for (const port of ports) t.ok(await isPortFree(port));
});

t.test('isPortFree – false while something listens', async (t) => {
  const port = await freePort();
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  t.notOk(await isPortFree(port));
  await new Promise((resolve) => server.close(resolve));
  t.ok(await isPortFree(port));
});
