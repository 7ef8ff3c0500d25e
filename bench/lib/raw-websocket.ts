import { randomBytes } from 'node:crypto';
import net from 'node:net';

const readBuffer = Buffer.alloc(256 * 1024);

/**
 * A minimal WebSocket client over a raw TCP socket, the same for all three servers: it does the
 * handshake, answers pings, and walks frame headers without decoding payloads, so a client worker
 * spends a few hundred ns per received frame (a `ws` or socket.io-client client spends several
 * µs: that, not the servers, capped the peers' figures). Client frames use a zero mask key.
 */
export function rawWebSocket(
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
