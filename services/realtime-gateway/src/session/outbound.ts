import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** The sending side of one connection, bounded in bytes. */
export interface Outbound {
  readonly closed: boolean;
  /** Bytes written but not yet handed to the kernel. */
  readonly buffered: number;
  /** Over half the bound: catch-ups pause until `drained()`. Live sends still go out. */
  readonly congested: boolean;
  /** Sends a text frame; false (and the connection closes as a slow consumer) when over the bound. */
  send(frame: Buffer | string): boolean;
  /**
   * Writes an already framed WebSocket message (header included) straight to the socket, bounded
   * like `send`. Safe beside ws's own sends: without permessage-deflate ws writes synchronously,
   * so frames keep their order on the socket.
   */
  sendFramed(wire: Buffer): boolean;
  /** Resolves once the buffer is below half its bound (or the socket's high-water mark), or on close. */
  drained(): Promise<void>;
  /** Closes with a close frame; a peer that never reads it is cut off by ws after its close timeout. */
  close(code: number, reason: string): void;
  /** Destroys the socket without a close handshake. */
  terminate(): void;
  /** Settles once the socket is closed. */
  readonly finished: Promise<void>;
}

/** Options of an outbound side. */
export interface OutboundOptions {
  readonly maxBufferedBytes: number;
  /** Called once when a send would exceed the bound (before the connection is closed). */
  readonly onOverflow: () => void;
}

// Outbounds corked during this turn of the event loop; uncorked together once it ends, so frames
// for one socket from a whole NATS batch leave in one write.
const corked = new Set<{ flush(): void }>();
let flushScheduled = false;
const flushCorked = (): void => {
  flushScheduled = false;
  for (const outbound of corked) outbound.flush();
  corked.clear();
};

// A batch larger than this is written out at once instead of waiting for the end of the turn.
const maxBatchBytes = 64 * 1024;

/** Wraps a ws socket (and the net socket beneath it, for corking and drain) with a byte bound. */
export function createOutbound(ws: WebSocket, socket: Socket, options: OutboundOptions): Outbound {
  let closed = false;
  // 'drain' only follows a write that crossed the socket's high-water mark: never wait below it.
  const lowWater = Math.max(options.maxBufferedBytes / 2, socket.writableHighWaterMark);
  const markClosed = () => {
    closed = true;
  };
  ws.once('close', markClosed);
  const finished = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  let batchBytes = 0;
  const batch = {
    flush() {
      if (batchBytes === 0) return;
      batchBytes = 0;
      socket.uncork();
    },
  };
  const write = (frame: Buffer | string, framed: boolean): boolean => {
    if (closed || ws.readyState !== ws.OPEN) return false;
    // The bound applies to what earlier turns left unsent (the peer is not reading), not to the
    // batch being corked right now.
    if (ws.bufferedAmount - batchBytes + frame.length > options.maxBufferedBytes) {
      closed = true;
      options.onOverflow();
      return false;
    }
    if (batchBytes === 0) {
      socket.cork();
      corked.add(batch);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushCorked);
      }
    }
    if (framed) socket.write(frame);
    else ws.send(frame, { binary: false });
    batchBytes += frame.length;
    if (batchBytes > maxBatchBytes) {
      corked.delete(batch);
      batch.flush();
    }
    return true;
  };
  return {
    finished,
    terminate: () => ws.terminate(),
    get closed() {
      return closed || ws.readyState !== ws.OPEN;
    },
    get buffered() {
      return ws.bufferedAmount;
    },
    get congested() {
      return ws.bufferedAmount >= lowWater;
    },
    send(frame) {
      return write(frame, false);
    },
    sendFramed(wire) {
      return write(wire, true);
    },
    drained() {
      if (closed || ws.bufferedAmount < lowWater) return Promise.resolve();
      return new Promise((resolve) => {
        const check = () => {
          if (closed || ws.readyState !== ws.OPEN || ws.bufferedAmount < lowWater) {
            socket.off('drain', check);
            ws.off('close', check);
            resolve();
          }
        };
        socket.on('drain', check);
        ws.on('close', check);
      });
    },
    close(code, reason) {
      closed = true;
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
    },
  };
}
