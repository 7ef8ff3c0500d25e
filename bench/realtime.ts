// bench:realtime — fan-out of guild events to WebSocket clients through the realtime gateway, next to
// the same workload through Socket.IO 4 (rooms) and a bare `ws` broadcast loop (the ceiling).
// Every server runs in its own child process and the clients in worker children, so the server's
// core is measured alone; NATS comes from testkit. Ends with one line `RESULT {json}`.
//
//   npx tsx bench/realtime.ts             (full run, ~3-5 min)
//   BENCH_QUICK=1 npx tsx bench/realtime.ts   (smaller, for a smoke run)
//   BENCH_TARGETS=150000 BENCH_ONLY_1K=1 BENCH_SKIP_PEERS=1 npx tsx bench/realtime.ts
//                                             (one offered load, gateway only: ~15 s)
//
// The same file is the worker: `tsx bench/realtime.ts <role> ...` (roles below).
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { connectBus, ensureStream, readOrdered } from '@guildwire/bus';
import {
  allGuildEventsFilter,
  createEventMeta,
  createMessage,
  discordActor,
  encodeMessage,
  messageToJson,
  TicketOpenedSchema,
} from '@guildwire/contracts';
import { createRealtimeClient, type WebSocketConstructor } from '@guildwire/realtime-client';
import { signDevToken } from '@guildwire/service-kit';
import { freePort, spawnTs, type TsProcess, testNats } from '@guildwire/testkit';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { Server as SocketIoServer } from 'socket.io';
import WebSocket, { WebSocketServer } from 'ws';
import { bundlePath, bundleServices } from '../scripts/bundle.js';
import { percentile } from './lib/percentile.js';

const self = fileURLToPath(import.meta.url);
const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const auth = {
  secret: 'bench-realtime-secret-long-enough-for-hs256!!',
  issuer: 'guildwire',
  audience: 'guildwire-dashboard',
};
const quick = process.env.BENCH_QUICK === '1';
const enc = (v: unknown) => JSON.stringify(v);

type Kind = 'gw' | 'ws' | 'sio';

// ───────────────────────────── worker roles ─────────────────────────────

// Publish time travels in the ticket's `subject` as fractional Unix ms; every process reads the same
// clock through `performance.timeOrigin + performance.now()`, so cross-process latency is sub-ms.
const nowMs = () => performance.timeOrigin + performance.now();
const subjectKey = Buffer.from('"subject":"');

const readBuffer = Buffer.alloc(256 * 1024);

/**
 * A minimal WebSocket client over a raw TCP socket, the same for all three servers: it does the
 * handshake, answers pings, and walks frame headers without decoding payloads, so a client worker
 * spends a few hundred ns per received frame (a `ws` or socket.io-client client spends several
 * µs: that, not the servers, capped the peers' figures). Client frames use a zero mask key.
 */
function rawWebSocket(
  port: number,
  path: string,
  protocol: string | undefined,
  on: {
    open(send: (text: string) => void): void;
    text(buf: Buffer, start: number, end: number, send: (text: string) => void): void;
    error(err: Error): void;
  },
): { close(): void } {
  // Reads land in one buffer shared by the worker's sockets (onread): no Buffer and no stream
  // 'data' event per read. Each read is parsed before the next one, so only a partial frame
  // left at the end of a read is copied out.
  const socket = net.connect({
    port,
    host: '127.0.0.1',
    noDelay: true,
    onread: {
      buffer: readBuffer,
      callback: (n: number, buf: Uint8Array) => {
        onData(buf as Buffer, n);
        return true;
      },
    },
  });
  const frame = (opcode: number, payload: Buffer) => {
    const len = payload.length;
    const head = Buffer.alloc(len < 126 ? 6 : 8);
    head[0] = 0x80 | opcode;
    if (len < 126) head[1] = 0x80 | len;
    else {
      head[1] = 0x80 | 126;
      head.writeUInt16BE(len, 2);
    }
    socket.write(Buffer.concat([head, payload]));
  };
  const send = (text: string) => frame(1, Buffer.from(text));
  let upgraded = false;
  let rest: Buffer | undefined;
  socket.on('connect', () => {
    const key = randomBytes(16).toString('base64');
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n` +
        (protocol === undefined ? '' : `Sec-WebSocket-Protocol: ${protocol}\r\n`) +
        '\r\n',
    );
  });
  socket.on('error', (err) => on.error(err));
  socket.on('close', () => {
    if (!upgraded) on.error(new Error('closed before the upgrade'));
  });
  function onData(shared: Buffer, length: number): void {
    const chunk = shared.subarray(0, length);
    let b = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    rest = undefined;
    let i = 0;
    if (!upgraded) {
      const endOfHead = b.indexOf('\r\n\r\n');
      if (endOfHead < 0) {
        rest = Buffer.from(b);
        return;
      }
      if (!b.toString('latin1', 0, 12).startsWith('HTTP/1.1 101')) {
        on.error(new Error(`upgrade refused: ${b.toString('latin1', 0, 40)}`));
        socket.destroy();
        return;
      }
      upgraded = true;
      on.open(send);
      i = endOfHead + 4;
      if (i === b.length) return;
      b = b.subarray(i);
      i = 0;
    }
    const n = b.length;
    while (n - i >= 2) {
      let len = (b[i + 1] as number) & 0x7f;
      let h = 2;
      if (len === 126) {
        if (n - i < 4) break;
        len = b.readUInt16BE(i + 2);
        h = 4;
      } else if (len === 127) {
        if (n - i < 10) break;
        len = Number(b.readBigUInt64BE(i + 2));
        h = 10;
      }
      if (n - i < h + len) break;
      const opcode = (b[i] as number) & 0x0f;
      const s = i + h;
      i = s + len;
      if (opcode === 1) on.text(b, s, i, send);
      else if (opcode === 9) frame(10, Buffer.from(b.subarray(s, i)));
    }
    // Copied: the shared buffer is overwritten by the next read.
    if (i < n) rest = Buffer.from(b.subarray(i));
  }
  return { close: () => socket.destroy() };
}

/** Clients of one kind: count events, sample publish→receive latency, answer control requests. */
async function clientsWorker(
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
      const guildId = String(1000 + ((offset + i) % guilds));
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

/** SDK clients that go through a gateway restart; prints when all are live again with what they missed. */
async function sdkWorker(url: string, count: number, guilds: number, natsUrl: string, id: string) {
  const nc = await connect({ servers: natsUrl });
  const clients = Array.from({ length: count }, (_, i) => {
    const guildId = String(1000 + (i % guilds));
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

/**
 * A server of the peer kind fed exactly like the gateway (an ordered JetStream consumer over every
 * guild event, decoded through the registry, JSON once per event), broadcasting to the guild's room.
 */
async function peerServer(kind: 'ws' | 'sio', port: number, natsUrl: string, namespace: string) {
  const bus = await connectBus({
    servers: natsUrl,
    name: `bench-${kind}`,
    namespace,
    logger: pino({ level: 'warn' }),
  });
  let broadcast: (
    guildId: string,
    frame: { op: string; guildId: string; type: string; data: unknown },
  ) => void;
  if (kind === 'ws') {
    const rooms = new Map<string, Set<WebSocket>>();
    const wss = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
    wss.on('connection', (ws) => {
      ws.on('message', (raw) => {
        const { guildId } = JSON.parse(raw.toString()) as { guildId: string };
        let room = rooms.get(guildId);
        if (!room) {
          room = new Set();
          rooms.set(guildId, room);
        }
        const joined = room;
        joined.add(ws);
        ws.on('close', () => joined.delete(ws));
        ws.send(enc({ op: 'subscribed', guildId }));
      });
    });
    broadcast = (guildId, frame) => {
      const text = enc(frame);
      for (const ws of rooms.get(guildId) ?? []) ws.send(text);
    };
  } else {
    const io = new SocketIoServer(port, {
      transports: ['websocket'],
      perMessageDeflate: false,
      serveClient: false,
    });
    io.on('connection', (socket) => {
      socket.on('subscribe', (guildId: string, ack: () => void) => {
        void socket.join(guildId);
        ack();
      });
    });
    broadcast = (guildId, frame) => io.to(guildId).emit('event', frame);
  }
  await readOrdered(bus, {
    filter: allGuildEventsFilter,
    onEvent: (e) => {
      const data = messageToJson(e.def.schema, e.message as never);
      broadcast(e.guildId, { op: 'event', guildId: e.guildId, type: e.def.type, data });
    },
  });
  console.log('SERVER READY');
}

// ───────────────────────────── orchestration ─────────────────────────────

interface Step {
  target: number;
  delivered: number;
  p50: number;
  p99: number;
}

async function main() {
  await bundleServices(['realtime-gateway']);
  const nats = await testNats();
  const logger = pino({ level: 'warn' });
  const bus = await connectBus({
    servers: nats.url,
    name: 'bench-realtime',
    namespace: nats.namespace,
    logger,
  });
  await ensureStream(bus, { maxMsgs: 2_000_000 });
  const ctl: NatsConnection = bus.nc;
  const children: TsProcess[] = [];
  const spawn = (args: string[], env: Record<string, string> = {}) => {
    const child = spawnTs(self, { args, env, cwd: repoRoot });
    children.push(child);
    return child;
  };
  const cleanup = async () => {
    for (const c of children) await c.kill();
    await bus.close();
    await nats.stop();
  };
  process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

  const gatewayEnv = (port: number) => ({
    PORT: String(port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    NATS_URL: nats.url,
    NATS_NAMESPACE: nats.namespace,
    JWT_SECRET: auth.secret,
    RT_CONNECTIONS_PER_SECOND: '100000',
    RT_CONNECTION_BURST: '100000',
    RT_SEND_BUFFER_BYTES: String(8 * 1024 * 1024),
  });
  const startGateway = async (port: number) => {
    const child = spawnTs(self, {
      args: ['gateway'],
      env: gatewayEnv(port),
      cwd: repoRoot,
    });
    children.push(child);
    await waitForPort(port);
    return child;
  };
  const metricsOf = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const read = (name: string) =>
      Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm'))?.[1] ?? 0);
    return { rss: read('process_resident_memory_bytes'), heap: read('nodejs_heap_size_used_bytes') };
  };

  // Publishes `eventsPerSec` ticket events round-robin over the guilds for `ms`; the ticket subject
  // carries the publish time, which the clients turn into latency.
  let published = 0;
  const publishFor = async (eventsPerSec: number, ms: number, guilds: number) => {
    const start = Date.now();
    const inFlight = new Set<Promise<unknown>>();
    const total = Math.round((eventsPerSec * ms) / 1000);
    let sent = 0;
    while (sent < total) {
      const due = Math.min(total, Math.floor(((Date.now() - start) / 1000) * eventsPerSec));
      for (; sent < due; sent++) {
        const guildId = String(1000 + (published++ % guilds));
        const msg = createMessage(TicketOpenedSchema, {
          meta: createEventMeta({ guildId, actor: discordActor('1'), aggregateVersion: 1 }),
          ticket: {
            id: `t${published}`,
            guildId,
            number: published,
            subject: String(nowMs()),
            openerId: '1',
            description: 'x'.repeat(120),
          },
        });
        const p = bus.js.publish(
          bus.wire(`guild.${guildId}.ticket.opened`),
          encodeMessage(TicketOpenedSchema, msg),
        );
        inFlight.add(p);
        void p.finally(() => inFlight.delete(p));
        if (inFlight.size > 2000) await Promise.race(inFlight);
      }
      // Open loop: whatever is due by the clock is sent, whatever the servers do; 2 ms ticks keep
      // bursts small (at 150k deliveries/s over 100 recipients that is 3 events a tick).
      await new Promise((r) => setTimeout(r, 2));
    }
    await Promise.all(inFlight);
  };

  const request = async (id: string, op: string, timeout = 60_000) =>
    JSON.parse((await ctl.request(`bench.ctl.${id}`, op, { timeout })).string());

  /** Starts `clients` clients of `kind` in `workers` children; returns their ids. */
  const startClients = async (kind: Kind, url: string, clients: number, workers: number, guilds: number) => {
    const ids: string[] = [];
    const per = Math.ceil(clients / workers);
    const started = [];
    for (let w = 0; w < workers; w++) {
      const id = `${kind}-${w}-${Date.now()}`;
      ids.push(id);
      const child = spawn(['clients', kind, url, String(per), String(guilds), String(w * per), nats.url, id]);
      started.push(child.waitForLine('READY', 240_000));
    }
    await Promise.all(started);
    return ids;
  };

  /** Steps the offered load up; returns each step's delivered rate and latency. */
  const ramp = async (label: string, ids: string[], clients: number, guilds: number, targets: number[]) => {
    const steps: Step[] = [];
    const perEvent = clients / guilds;
    for (const target of targets) {
      const eventsPerSec = target / perEvent;
      const warm = publishFor(eventsPerSec, 1000 + 3000, guilds);
      await new Promise((r) => setTimeout(r, 1000));
      const before = await Promise.all(ids.map((id) => request(id, 'reset')));
      const t0 = Date.now();
      const published0 = published;
      await new Promise((r) => setTimeout(r, 3000));
      const after = await Promise.all(ids.map((id) => request(id, 'report')));
      const secs = (Date.now() - t0) / 1000;
      const publishedRate = ((published - published0) * perEvent) / secs;
      await warm;
      const delivered = after.reduce((s, a, i) => s + a.received - before[i].received, 0) / secs;
      const lat = after.flatMap((a) => a.samples as number[]).sort((a, b) => a - b);
      const step = {
        target,
        delivered: Math.round(delivered),
        p50: percentile(lat, 50),
        p99: percentile(lat, 99),
      };
      steps.push(step);
      const clientCpu = after.map((a) => `${a.cpuPct}%`).join('/');
      console.log(
        `  ${label.padEnd(10)} offered ${String(target).padStart(7)}/s  delivered ${String(step.delivered).padStart(7)}/s  p50 ${step.p50} ms  p99 ${step.p99} ms  (published ${Math.round(publishedRate)}/s, client cpu ${clientCpu})`,
      );
      // Let any backlog drain before the next step.
      await new Promise((r) => setTimeout(r, 1500));
      if (delivered < 0.9 * target || step.p99 > 1000) break;
    }
    const sustained = Math.max(
      0,
      ...steps.filter((s) => s.delivered >= 0.95 * s.target && s.p99 <= 250).map((s) => s.delivered),
    );
    // Saturation: the most it delivered at any offered load (the ratios compare these).
    const saturation = Math.max(0, ...steps.map((s) => s.delivered));
    return { steps, sustained, saturation };
  };
  const stopClients = async (ids: string[]) => {
    await Promise.all(ids.map((id) => request(id, 'stop').catch(() => undefined)));
  };

  const guilds = 10;
  const targets = quick
    ? [25_000, 50_000, 100_000]
    : process.env.BENCH_TARGETS
      ? process.env.BENCH_TARGETS.split(',').map(Number)
      : [25_000, 50_000, 100_000, 150_000, 200_000, 250_000, 300_000];
  const smallN = quick ? 200 : 1000;
  // Two client processes for every server: the 2-core machine also runs the server, NATS and the
  // publisher, and with raw clients (a few hundred ns per frame) two keep up with ~300k frames/s.
  const clientWorkers = Number(process.env.BENCH_CLIENT_WORKERS ?? 2);
  const bigN = quick ? 1000 : 10_000;
  console.log(
    `realtime fan-out: ${smallN} clients over ${guilds} guilds (${smallN / guilds} per event), ${clientWorkers} client workers (raw WebSocket clients, same for all three)\n`,
  );

  // 1) the gateway with 1k clients.
  const gwPort = await freePort();
  let gateway = await startGateway(gwPort);
  const gwUrl = `ws://127.0.0.1:${gwPort}/v1/stream`;
  let ids = await startClients('gw', gwUrl, smallN, clientWorkers, guilds);
  const gw1k =
    process.env.BENCH_SKIP_GW === '1'
      ? { steps: [], sustained: 0, saturation: 0 }
      : await ramp('gateway', ids, smallN, guilds, targets);
  await stopClients(ids);

  // 2) bare ws broadcast loop, 3) Socket.IO 4: same events from NATS, same rooms, same clients.
  const peers: Partial<Record<'ws' | 'sio', Awaited<ReturnType<typeof ramp>>>> = {};
  for (const kind of ['ws', 'sio'] as const) {
    if (process.env.BENCH_SKIP_PEERS === '1') break;
    const port = await freePort();
    const server = spawn([`${kind}-server`, String(port), nats.url, nats.namespace]);
    await server.waitForLine('SERVER READY');
    const url = kind === 'ws' ? `ws://127.0.0.1:${port}` : `http://127.0.0.1:${port}`;
    ids = await startClients(kind, url, smallN, clientWorkers, guilds);
    peers[kind] = await ramp(kind === 'ws' ? 'ws loop' : 'socket.io', ids, smallN, guilds, targets);
    await stopClients(ids);
    await server.kill();
  }

  if (process.env.BENCH_ONLY_1K === '1') {
    // A partial run for iterating on the 1k fan-out; no RESULT line.
    await cleanup();
    process.exit(0);
  }

  // 4) 10k clients: idle memory, then fan-out. A fresh gateway, so the 1k run's heap growth and
  // allocator caches are not counted as (or hidden in) the idle connections' cost.
  console.log(`\n${bigN} clients on the gateway`);
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  gateway = await startGateway(gwPort);
  await new Promise((r) => setTimeout(r, 2000)); // let the start-up garbage be collected
  const idleBefore = await metricsOf(gwPort);
  ids = await startClients('gw', gwUrl, bigN, 4, guilds * 10).catch((err) => {
    console.error(`gateway stderr:\n${gateway.stderr().slice(-3000)}`);
    throw err;
  });
  await new Promise((r) => setTimeout(r, 1000));
  const idleAfter = await metricsOf(gwPort);
  const kbPerConn = (idleAfter.rss - idleBefore.rss) / bigN / 1024;
  const heapKbPerConn = (idleAfter.heap - idleBefore.heap) / bigN / 1024;
  console.log(
    `  idle memory: rss +${(kbPerConn).toFixed(1)} KB/conn, heap +${heapKbPerConn.toFixed(1)} KB/conn`,
  );
  const gw10k = await ramp(
    'gateway',
    ids,
    bigN,
    guilds * 10,
    quick ? [50_000] : [50_000, 100_000, 150_000, 200_000],
  );
  await stopClients(ids);

  // 5) 1k SDK clients through a gateway restart.
  console.log(`\n${smallN} SDK clients through a gateway restart`);
  const sdk = spawn(['sdk', gwUrl, String(smallN), String(guilds), nats.url, 'sdk']);
  await sdk.waitForLine('LIVE', 240_000);
  const restartAt = Date.now();
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  const exitedAt = Date.now();
  // Events published while no gateway runs: each client must get its guild's share on resume.
  const missedPerGuild = 5;
  await publishFor(missedPerGuild * guilds * 10, 100, guilds); // exactly missedPerGuild per guild
  const spawnAt = Date.now();
  gateway = await startGateway(gwPort);
  const readyAt = Date.now();
  const { at } = await request('sdk', `await ${missedPerGuild}`, 120_000);
  const resumeMs = at - readyAt;
  console.log(
    `  restart to new gateway listening: ${readyAt - restartAt} ms (old one drained and exited in ${exitedAt - restartAt} ms, new process spawned to listening in ${readyAt - spawnAt} ms); listening to all ${smallN} resumed with missed events: ${resumeMs} ms`,
  );
  await request('sdk', 'stop').catch(() => undefined);

  // Latency at the highest load the gateway kept up with; RESULT's p50/p99 are at 150k/s.
  const kept = gw1k.steps.filter((s) => s.delivered >= 0.95 * s.target);
  const best = kept.at(-1) ?? gw1k.steps[0] ?? { p50: 0, p99: 0, delivered: 0 };
  const at150k = gw1k.steps.find((s) => s.target === 150_000);
  const result = {
    clients: smallN,
    deliveries_per_s: gw1k.saturation,
    sustained_deliveries_per_s: gw1k.sustained,
    // null when a partial run (BENCH_SKIP_PEERS=1) measured no peer.
    ws_deliveries_per_s: peers.ws?.saturation ?? null,
    socketio_deliveries_per_s: peers.sio?.saturation ?? null,
    ratio_vs_ws: peers.ws ? round(gw1k.saturation / peers.ws.saturation) : null,
    ratio_vs_socketio: peers.sio ? round(gw1k.saturation / peers.sio.saturation) : null,
    // Latency at the target point (150k deliveries/s, 1k clients); at saturation below.
    p50_ms: at150k?.p50 ?? null,
    p99_ms: at150k?.p99 ?? null,
    latency_at_deliveries_per_s: at150k?.delivered ?? null,
    p50_ms_at_saturation: best.p50,
    p99_ms_at_saturation: best.p99,
    saturation_latency_at_deliveries_per_s: best.delivered,
    deliveries_per_s_10k: gw10k.saturation,
    p99_ms_10k: gw10k.steps.filter((s) => s.delivered > 0).at(-1)?.p99 ?? null,
    resume_1k_ms: resumeMs,
    restart_total_ms: at - restartAt,
    kb_per_conn: round(kbPerConn),
    heap_kb_per_conn: round(heapKbPerConn),
  };
  console.log('');
  await cleanup();
  console.log(`RESULT ${JSON.stringify(result)}`);
  process.exit(0);
}

const round = (x: number) => Math.round(x * 100) / 100;

async function waitForPort(port: number) {
  for (let i = 0; i < 600; i++) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`gateway did not listen on ${port}`);
}

/**
 * With BENCH_PROFILE_DIR set, a server process records a CPU profile (`--cpu-prof` is not allowed
 * in NODE_OPTIONS) from start for BENCH_PROFILE_MS and writes `<label>-<pid>.cpuprofile` there
 * (made if missing). The window must end before the bench stops the process: a one-step run
 * (BENCH_TARGETS=150000 BENCH_ONLY_1K=1 BENCH_SKIP_PEERS=1) needs BENCH_PROFILE_MS ≈ 6500.
 */
async function profileIfAsked(label: string) {
  const dir = process.env.BENCH_PROFILE_DIR;
  if (dir === undefined || dir === '') return;
  const { Session } = await import('node:inspector/promises');
  const { mkdir, writeFile } = await import('node:fs/promises');
  await mkdir(dir, { recursive: true });
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  setTimeout(
    async () => {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(`${dir}/${label}-${process.pid}.cpuprofile`, JSON.stringify(profile));
    },
    Number(process.env.BENCH_PROFILE_MS ?? 30_000),
  ).unref();
}

const [role, ...args] = process.argv.slice(2);
if (role !== undefined && role !== 'gateway') {
  // A reset socket among thousands must not end a worker's measurement.
  process.on('uncaughtException', (err) => console.error(`worker ${role}: ${err.message}`));
}
if (role === 'clients') {
  const [kind, url, count, guilds, offset, natsUrl, id] = args as [
    Kind,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  await clientsWorker(kind, url, Number(count), Number(guilds), Number(offset), natsUrl, id);
} else if (role === 'sdk') {
  const [url, count, guilds, natsUrl, id] = args as [string, string, string, string, string];
  await sdkWorker(url, Number(count), Number(guilds), natsUrl, id);
} else if (role === 'gateway') {
  // The gateway's own entry, optionally profiled.
  await profileIfAsked('gateway');
  // Compiled as npm start and the image run it (scripts/bundle.ts; main() bundles it first).
  await import(pathToFileURL(bundlePath('realtime-gateway')).href);
} else if (role === 'ws-server' || role === 'sio-server') {
  const [port, natsUrl, namespace] = args as [string, string, string];
  await profileIfAsked(role);
  await peerServer(role === 'ws-server' ? 'ws' : 'sio', Number(port), natsUrl, namespace ?? '');
} else {
  await main();
}
