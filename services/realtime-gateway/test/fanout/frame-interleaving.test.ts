import { randomBytes } from 'node:crypto';
import net from 'node:net';
import { closeCodes, protocolName, streamPath } from '@guildwire/realtime-client/protocol';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { natsForTest, publishComment, startGateway, tokenFor } from '../fixtures.js';
import { parseServerFrames } from '../frames.js';

/** A client frame with a zero mask key (the payload goes as is); `payload` under 64 KiB. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const length =
    payload.length < 126 ? [0x80 | payload.length] : [0x80 | 126, payload.length >> 8, payload.length & 0xff];
  return Buffer.concat([Buffer.from([0x80 | opcode, ...length, 0, 0, 0, 0]), payload]);
}

/** A WebSocket client on a bare TCP socket: every byte the gateway sends after the handshake. */
async function byteRecorder(port: number, token: string) {
  const socket = net.connect({ port, host: '127.0.0.1' });
  let handshake = '';
  let bytes: Buffer = Buffer.alloc(0);
  let answered = 0;
  // Frames not seen before, up to the last complete one.
  const completeFrames = (all: Buffer) => {
    const frames = parseServerFrames(all, { partial: true });
    const fresh = frames.slice(answered);
    answered = frames.length;
    return fresh;
  };
  const opened = new Promise<void>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      if (handshake.endsWith('\r\n\r\n')) {
        bytes = Buffer.concat([bytes, chunk]);
        // Answer pings as a browser would, so the liveness check keeps the connection.
        for (const frame of completeFrames(bytes))
          if (frame.opcode === 9) socket.write(clientFrame(10, frame.payload));
        return;
      }
      const text = chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      handshake += end === -1 ? text : text.slice(0, end + 4);
      if (end !== -1) {
        if (!handshake.startsWith('HTTP/1.1 101')) reject(new Error(handshake));
        bytes = chunk.subarray(end + 4);
        resolve();
      }
    });
  });
  socket.write(
    `GET ${streamPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
      `Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n` +
      `Sec-WebSocket-Protocol: ${protocolName}\r\n\r\n`,
  );
  await opened;
  const send = (frame: unknown) => socket.write(clientFrame(1, Buffer.from(JSON.stringify(frame))));
  send({ op: 'auth', token });
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  return { send, closed, bytes: () => bytes, frames: () => parseServerFrames(bytes, { partial: true }) };
}

t.test(
  'fan-out – big pre-framed events, ws pings and the close frame follow each other whole on the socket',
  async (t) => {
    const { nats, bus } = await natsForTest(t);
    const gw = await startGateway(t, nats, { pingIntervalMs: 100 });
    const client = await byteRecorder(gw.port, tokenFor('500', { '42': 'staff' }));
    client.send({ op: 'subscribe', guildId: '42' });
    const textFrames = () => client.frames().filter((f) => f.opcode === 1);
    await waitUntil('subscribed', async () => (textFrames().length >= 2 ? true : undefined));
    // Events with a 64-bit length (over 64 KiB each): each is written while earlier ones still sit
    // in the socket's buffer, so ws's pings are queued behind (or between) them.
    const body = 'x'.repeat(70_000);
    const seqs: number[] = [];
    const pingsAfter = (textCount: number) => {
      let texts = 0;
      let pings = 0;
      for (const f of client.frames()) {
        if (f.opcode === 1) texts++;
        else if (f.opcode === 9 && texts >= textCount) pings++;
      }
      return pings;
    };
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 10; i++) seqs.push(await publishComment(bus, '42', '1000', body));
      // A ping after this round's events before the next round starts: pings land between events.
      const events = 2 + seqs.length;
      await waitUntil('a ping after the events', async () => (pingsAfter(events) > 0 ? true : undefined));
    }
    await gw.close(); // 1012 to every connection
    await client.closed;

    const frames = parseServerFrames(client.bytes()); // throws on any torn frame
    t.ok(
      frames.every((f) => f.fin && [1, 8, 9].includes(f.opcode)),
      'only whole text, ping and close frames',
    );
    const events = frames
      .filter((f) => f.opcode === 1)
      .map((f) => JSON.parse(f.payload.toString('utf8')) as { op: string; seq?: number })
      .filter((f) => f.op === 'event');
    t.same(
      events.map((e) => e.seq),
      seqs,
      'every event whole, once, in order',
    );
    const firstEvent = frames.findIndex((f) => f.opcode === 1 && f.lengthBits === 64);
    const lastEvent = frames.findLastIndex((f) => f.opcode === 1 && f.lengthBits === 64);
    t.ok(
      frames.slice(firstEvent, lastEvent).some((f) => f.opcode === 9),
      'pings were sent between big event frames',
    );
    const last = frames.at(-1)!;
    t.equal(last.opcode, 8, 'the close frame comes last');
    t.equal(last.payload.readUInt16BE(0), closeCodes.serviceRestart);
  },
);
