// bench:realtime — fan-out of guild events to WebSocket clients through the realtime gateway, next to
// the same workload through Socket.IO 4 (rooms) and a bare `ws` broadcast loop (the ceiling).
// Every server runs in its own child process and the clients in worker children, so the server's
// core is measured alone; NATS comes from testkit. Ends with one line `RESULT {json}`.
//
//   npm run bench:realtime                    (full run, ~3-5 min)
//   BENCH_QUICK=1 npm run bench:realtime      (smaller, for a smoke run)
//   BENCH_TARGETS=150000 BENCH_ONLY_1K=1 BENCH_SKIP_PEERS=1 npm run bench:realtime
//                                             (one offered load, gateway only: ~15 s)
//
// This file is the driver; each other process runs a role file of this folder: gateway-server,
// peer-server (ws loop or Socket.IO), client-load (raw WebSocket clients) and sdk-clients.
import { fileURLToPath } from 'node:url';
import { connectBus, ensureStream } from '@guildwire/bus';
import { freePort, spawnTs, type TsProcess, testNats } from '@guildwire/testkit';
import type { NatsConnection } from '@nats-io/transport-node';
import { pino } from 'pino';
import { bundleServices } from '../../scripts/bundle.js';
import { waitForPort } from '../lib/wait-for-port.js';
import { createLoadSteps } from './load-steps.js';
import { createPublisher } from './publisher.js';
import { auth } from './workload.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const role = (name: string) => fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
const quick = process.env.BENCH_QUICK === '1';
const round = (x: number) => Math.round(x * 100) / 100;

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
  const spawn = (file: string, args: string[], env: Record<string, string> = {}) => {
    const child = spawnTs(file, { args, env, cwd: repoRoot });
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
    const child = spawn(role('gateway-server'), [], gatewayEnv(port));
    await waitForPort(port);
    return child;
  };
  const metricsOf = async (port: number) => {
    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const read = (name: string) =>
      Number(text.match(new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.e+]+)$`, 'm'))?.[1] ?? 0);
    return { rss: read('process_resident_memory_bytes'), heap: read('nodejs_heap_size_used_bytes') };
  };

  const publisher = createPublisher(bus);
  const { request, startClients, ramp, stopClients } = createLoadSteps({
    ctl,
    natsUrl: nats.url,
    publisher,
    spawn,
  });

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
    const server = spawn(role('peer-server'), [kind, String(port), nats.url, nats.namespace]);
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
  const sdk = spawn(role('sdk-clients'), [gwUrl, String(smallN), String(guilds), nats.url, 'sdk']);
  await sdk.waitForLine('LIVE', 240_000);
  const restartAt = Date.now();
  gateway.child.kill('SIGTERM');
  await gateway.exited;
  const exitedAt = Date.now();
  // Events published while no gateway runs: each client must get its guild's share on resume.
  const missedPerGuild = 5;
  await publisher.publishFor(missedPerGuild * guilds * 10, 100, guilds); // exactly missedPerGuild per guild
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

await main();
