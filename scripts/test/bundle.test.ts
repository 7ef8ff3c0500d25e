// The compiled services are what npm start and the container image run: each must bundle, start
// from its bundle alone (no tsx), get ready, and serve.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { freePort, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { bundleServices, serviceNames } from '../bundle.js';

const secret = 'bundle-test-secret-that-is-long-enough!!';

t.test('bundle – every service compiles to one module without tsx artefacts', async (t) => {
  const files = await bundleServices();
  t.same(
    files.map((f) => f.split('/').at(-2)),
    serviceNames(),
  );
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    t.notMatch(code, /__name\(/, `${file}: no keepNames wrappers`);
    t.notMatch(code, /from ["']@guildwire\//, `${file}: workspace code compiled in`);
    t.match(code, /from ["']fastify["']/, `${file}: npm packages stay imports`);
  }
});

t.test('bundle – the compiled services start and answer', async (t) => {
  const [ticket, gateway] = await bundleServices(['ticket', 'realtime-gateway']);
  const nats = await testNats(t);
  const natsUrl = nats.url.includes('://') ? nats.url : `nats://${nats.url}`;
  const pg = await testPostgres(t);
  const start = async (file: string, env: Record<string, string>) => {
    const port = await freePort();
    const child = spawn(process.execPath, [file], {
      env: {
        ...process.env,
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
        JWT_SECRET: secret,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += d;
    });
    t.teardown(() => {
      child.kill('SIGKILL');
    });
    const url = `http://127.0.0.1:${port}`;
    await waitUntil(
      `${file} ready`,
      async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined),
      {
        timeoutMs: 60_000,
        intervalMs: 100,
        abort: () => (child.exitCode === null ? undefined : new Error(`exited ${child.exitCode}: ${stderr}`)),
      },
    );
    return url;
  };
  const ticketUrl = await start(ticket!, {
    NATS_URL: natsUrl,
    NATS_NAMESPACE: nats.namespace,
    DATABASE_URL: pg.url,
  });
  const gatewayUrl = await start(gateway!, { NATS_URL: natsUrl, NATS_NAMESPACE: nats.namespace });
  const openapi = await (await fetch(`${ticketUrl}/openapi.json`)).json();
  t.ok(openapi.paths['/v1/guilds/{guildId}/tickets'], 'the ticket API is served');
  const unauth = await fetch(`${ticketUrl}/v1/guilds/4242/tickets`);
  t.equal(unauth.status, 401, 'guards work in the bundle');
  const plain = await fetch(`${gatewayUrl}/v1/stream`);
  t.equal(plain.status, 426, 'the gateway serves its stream route');
});
