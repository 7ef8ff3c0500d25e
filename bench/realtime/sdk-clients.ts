// bench:realtime role `sdk-clients`: SDK clients (`@guildwire/realtime-client` on `ws`) that go
// through a gateway restart; prints LIVE, then answers `await <n>` once every client is live again
// with n events (the missed ones).
//
//   tsx bench/realtime/sdk-clients.ts <url> <count> <guilds> <natsUrl> <id>
import { createRealtimeClient, type WebSocketConstructor } from '@guildwire/realtime-client';
import { signDevToken } from '@guildwire/service-kit';
import { connect } from '@nats-io/transport-node';
import WebSocket from 'ws';
import { auth, enc, guildIdOf, keepWorkerAlive } from './workload.js';

/** SDK clients that go through a gateway restart; prints when all are live again with what they missed. */
export async function sdkWorker(url: string, count: number, guilds: number, natsUrl: string, id: string) {
  const nc = await connect({ servers: natsUrl });
  const clients = Array.from({ length: count }, (_, i) => {
    const guildId = guildIdOf(i, guilds);
    const client = createRealtimeClient({
      url,
      getToken: () => signDevToken({ sub: String(200_000 + i), guilds: { [guildId]: 'staff' } }, auth),
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      backoff: { initialMs: 50, maxMs: 500 },
    });
    let received = 0;
    client.onEvent(() => received++);
    client.subscribe(guildId);
    return { client, received: () => received };
  });
  const allLive = () => clients.every((c) => c.client.status === 'live');
  while (!allLive()) await new Promise((r) => setTimeout(r, 20));
  console.log('LIVE');
  nc.subscribe(`bench.ctl.${id}`, {
    callback: (_err, msg) => {
      const [op, arg] = msg.string().split(' ');
      if (op === 'await') {
        // Answers when every client is live and has `arg` events in total (the missed ones).
        const want = Number(arg);
        const poll = () => {
          if (allLive() && clients.every((c) => c.received() >= want)) msg.respond(enc({ at: Date.now() }));
          else setTimeout(poll, 2);
        };
        poll();
      } else if (op === 'stop') {
        for (const c of clients) c.client.close();
        msg.respond('{}');
        setTimeout(() => process.exit(0), 100);
      }
    },
  });
}

keepWorkerAlive('sdk');
const [url, count, guilds, natsUrl, id] = process.argv.slice(2) as [string, string, string, string, string];
await sdkWorker(url, Number(count), Number(guilds), natsUrl, id);
