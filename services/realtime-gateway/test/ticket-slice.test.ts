// The first end-to-end slice, with both services as the processes `npm start` runs: a ticket change
// made over HTTP reaches a dashboard over WebSocket, and a dashboard that was offline gets exactly
// what it missed when it comes back. The ticket service is started from its main.ts (a process, not
// an import: services never import each other).
import { fileURLToPath } from 'node:url';
import { ticketEvents } from '@guildwire/contracts';
import { memoryCursorStore } from '@guildwire/realtime-client';
import { freePort, spawnTs, type TeardownHost, testNats, testPostgres, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { auth, sdkClient, tokenFor, whenLive } from './fixtures.js';

const ticketMain = fileURLToPath(new URL('../../ticket/src/main.ts', import.meta.url));
const gatewayMain = fileURLToPath(new URL('../src/main.ts', import.meta.url));

async function startService(t: TeardownHost, file: string, env: Record<string, string>) {
  const port = await freePort();
  const child = spawnTs(file, {
    t,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(
    `${file} ready`,
    async () => ((await fetch(`${url}/readyz`).catch(() => undefined))?.ok ? true : undefined),
    {
      timeoutMs: 60_000,
      intervalMs: 100,
      abort: () => (child.child.exitCode !== null ? new Error(`exited: ${child.stderr()}`) : undefined),
    },
  );
  return url;
}

t.test(
  'slice – a ticket opened over HTTP reaches the dashboard; an offline dashboard resumes without a gap',
  async (t) => {
    const [nats, postgres] = await Promise.all([testNats(t), testPostgres(t)]);
    const env = {
      NATS_URL: nats.url,
      NATS_NAMESPACE: nats.namespace,
      DATABASE_URL: postgres.url,
      JWT_SECRET: auth.secret!,
    };
    const ticketUrl = await startService(t, ticketMain, env);
    const gatewayUrl = await startService(t, gatewayMain, env);
    const wsUrl = `${gatewayUrl.replace('http', 'ws')}/v1/stream`;
    const guildId = '4242';
    // The page's cursor storage outlives the client (as localStorage outlives a page).
    const cursors = memoryCursorStore();
    const staff = sdkClient(t, wsUrl, '900', { [guildId]: 'staff' }, { cursors });
    staff.client.subscribe(guildId);
    await whenLive(staff.client);

    const opener = tokenFor('901', { [guildId]: 'member' });
    const staffToken = tokenFor('900', { [guildId]: 'staff' });
    const post = (path: string, token: string, body?: unknown) =>
      fetch(`${ticketUrl}/v1/guilds/${guildId}${path}`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const opened = await post('/tickets', opener, {
      subject: 'printer on fire',
      description: 'smoke everywhere',
    });
    t.equal(opened.status, 201);
    const { ticket } = (await opened.json()) as { ticket: { id: string; version: number } };
    await waitUntil('ticket.opened on the dashboard', async () =>
      staff.received.length >= 1 ? true : undefined,
    );
    t.equal(staff.received[0]?.type, ticketEvents.opened.type);
    t.match(staff.received[0]?.data, {
      ticket: { id: ticket.id, subject: 'printer on fire', openerId: '901' },
    });

    // The dashboard goes away; two changes happen meanwhile.
    t.equal(cursors.get(guildId)?.seq, staff.received[0]?.seq, 'the cursor points at the last event seen');
    staff.client.close();
    t.equal((await post(`/tickets/${ticket.id}/claim`, staffToken)).status, 200);
    t.equal((await post(`/tickets/${ticket.id}/comments`, staffToken, { body: 'on it' })).status, 201);

    // It comes back with its cursor: exactly the missed events, in order, then live.
    const back = sdkClient(t, wsUrl, '900', { [guildId]: 'staff' }, { cursors });
    back.client.subscribe(guildId);
    await waitUntil('missed events', async () => (back.received.length >= 2 ? true : undefined));
    t.same(
      back.received.map((e) => e.type),
      [ticketEvents.claimed.type, ticketEvents.commentAdded.type],
      'exactly the two missed events',
    );
    const seqs = back.received.map((e) => e.seq);
    t.same(
      seqs,
      [...seqs].sort((a, b) => a - b),
      'in stream order',
    );
    t.equal(new Set(seqs).size, seqs.length, 'no duplicate');
  },
);
