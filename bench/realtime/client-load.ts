// bench:realtime role `client-load`: one child process of raw WebSocket clients of one server kind,
// counting events and sampling latency; the driver reads them over NATS (`bench.ctl.<id>`).
//
//   tsx bench/realtime/client-load.ts <kind> <url> <count> <guilds> <offset> <natsUrl> <id>
import { signDevToken } from '@guildwire/service-kit';
import { connect } from '@nats-io/transport-node';
import { rawWebSocket } from '../lib/raw-websocket.js';
import { auth, enc, guildIdOf, type Kind, keepWorkerAlive, nowMs, subjectKey } from './workload.js';

/** Clients of one kind: count events, sample publish→receive latency, answer control requests. */
export async function clientsWorker(
  kind: Kind,
  url: string,
  count: number,
  guilds: number,
  offset: number,
  natsUrl: string,
  id: string,
) {
  const nc = await connect({ servers: natsUrl });
  const { port } = new URL(url);
  let received = 0;
  let samples: number[] = [];
  // Every 16th frame's latency: the count stays exact, the clock and search cost 1/16 of frames.
  const sampleEvery = 16;
  const onEvent = (buf: Buffer, start: number, end: number) => {
    if (++received % sampleEvery !== 0) return;
    const at = buf.subarray(start, end).indexOf(subjectKey);
    if (at < 0) return;
    const from = start + at + subjectKey.length;
    const sentAt = Number(buf.toString('latin1', from, buf.indexOf(0x22, from)));
    samples.push(Math.round((nowMs() - sentAt) * 100) / 100);
  };
  const sockets: Array<{ close(): void }> = [];
  const openOne = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const guildId = guildIdOf(offset + i, guilds);
      let ready = false;
      const fail = (err: Error) => {
        if (!ready) reject(err);
        ready = true;
      };
      if (kind === 'sio') {
        // Socket.IO 4 over the websocket transport: engine.io open `0{…}`, namespace connect `40`,
        // `subscribe` emitted with an ack (`420[…]` → `430[]`), events as `42["event",{…}]`,
        // and engine.io pings (`2`) answered with `3`.
        const socket = rawWebSocket(Number(port), '/socket.io/?EIO=4&transport=websocket', undefined, {
          open() {},
          text(b, s, e, send) {
            const c0 = b[s];
            const c1 = b[s + 1];
            if (c0 === 0x34 && c1 === 0x32 && b[s + 4] === 0x65) onEvent(b, s, e);
            else if (c0 === 0x32 && e - s === 1) send('3');
            else if (c0 === 0x30) send('40');
            else if (c0 === 0x34 && c1 === 0x30) send(`420${enc(['subscribe', guildId])}`);
            else if (c0 === 0x34 && c1 === 0x33 && !ready) {
              ready = true;
              resolve();
            }
          },
          error: fail,
        });
        sockets.push(socket);
        return;
      }
      const socket = rawWebSocket(Number(port), new URL(url).pathname, 'guildwire.v1', {
        open(send) {
          if (kind === 'gw') {
            const token = signDevToken(
              { sub: String(100_000 + offset + i), guilds: { [guildId]: 'staff' } },
              auth,
            );
            send(enc({ op: 'auth', token }));
          }
          send(enc({ op: 'subscribe', guildId }));
        },
        text(b, s, e) {
          // Frames start with {"op":"event" (byte 7 is the 'e'); only those are counted.
          if (b[s + 7] === 0x65) onEvent(b, s, e);
          else if (!ready && b.toString('latin1', s, e).includes('"subscribed"')) {
            ready = true;
            resolve();
          }
        },
        error: fail,
      });
      sockets.push(socket);
    });
  // Opened in batches; a refused or reset connection attempt (a full accept queue) is retried.
  const openWithRetry = async (i: number) => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await openOne(i);
      } catch (err) {
        if (attempt >= 8) throw err;
        await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
  };
  for (let i = 0; i < count; i += 200) {
    await Promise.all(Array.from({ length: Math.min(200, count - i) }, (_, j) => openWithRetry(i + j)));
  }
  let cpu = process.cpuUsage();
  let cpuAt = nowMs();
  nc.subscribe(`bench.ctl.${id}`, {
    callback: (_err, msg) => {
      const op = msg.string();
      if (op === 'reset') samples = [];
      const used = process.cpuUsage(cpu);
      const cpuPct = Math.round(((used.user + used.system) / 1000 / (nowMs() - cpuAt)) * 100);
      cpu = process.cpuUsage();
      cpuAt = nowMs();
      msg.respond(enc({ received, cpuPct, samples: op === 'report' ? samples : [] }));
      if (op === 'stop') {
        for (const s of sockets) s.close();
        setTimeout(() => process.exit(0), 100);
      }
    },
  });
  console.log(`READY ${count}`);
}

keepWorkerAlive('clients');
const [kind, url, count, guilds, offset, natsUrl, id] = process.argv.slice(2) as [
  Kind,
  string,
  string,
  string,
  string,
  string,
  string,
];
await clientsWorker(kind, url, Number(count), Number(guilds), Number(offset), natsUrl, id);
