// bench:realtime role `peer-server`: the same fan-out through a bare `ws` broadcast loop (the
// ceiling) or Socket.IO 4 rooms, to compare the gateway with. Prints SERVER READY.
//
//   tsx bench/realtime/peer-server.ts <ws|sio> <port> <natsUrl> <namespace>
import { connectBus, readOrdered } from '@guildwire/bus';
import { allGuildEventsFilter, messageToJson } from '@guildwire/contracts';
import { pino } from 'pino';
import { Server as SocketIoServer } from 'socket.io';
import { type WebSocket, WebSocketServer } from 'ws';
import { profileIfAsked } from '../lib/cpu-profile.js';
import { enc, keepWorkerAlive } from './workload.js';

/**
 * A server of the peer kind fed exactly like the gateway (an ordered JetStream consumer over every
 * guild event, decoded through the registry, JSON once per event), broadcasting to the guild's room.
 */
export async function peerServer(kind: 'ws' | 'sio', port: number, natsUrl: string, namespace: string) {
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

const [kind, port, natsUrl, namespace] = process.argv.slice(2) as ['ws' | 'sio', string, string, string];
keepWorkerAlive(`${kind}-server`);
await profileIfAsked(`${kind}-server`);
await peerServer(kind, Number(port), natsUrl, namespace ?? '');
