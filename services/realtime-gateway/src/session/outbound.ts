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
const corked = new Set<SocketOutbound>();
let flushScheduled = false;
const flushCorked = (): void => {
  flushScheduled = false;
  for (const outbound of corked) outbound.flush();
  corked.clear();
};

// A batch larger than this is written out at once instead of waiting for the end of the turn.
const maxBatchBytes = 64 * 1024;

/**
 * The Outbound of one connection. A class, not a closure bundle: thousands of idle connections
 * each carry only their fields, the methods are shared.
 */
class SocketOutbound implements Outbound {
  #closed = false;
  #batchBytes = 0;
  // 'drain' only follows a write that crossed the socket's high-water mark: never wait below it.
  readonly #lowWater: number;
  #finished: Promise<void> | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly socket: Socket,
    private readonly options: OutboundOptions,
  ) {
    this.#lowWater = Math.max(options.maxBufferedBytes / 2, socket.writableHighWaterMark);
    ws.once('close', () => {
      this.#closed = true;
    });
  }

  get finished(): Promise<void> {
    // Made on first use (shutdown), not for every connection.
    this.#finished ??=
      this.ws.readyState === this.ws.CLOSED
        ? Promise.resolve()
        : new Promise<void>((resolve) => this.ws.once('close', () => resolve()));
    return this.#finished;
  }

  get closed(): boolean {
    return this.#closed || this.ws.readyState !== this.ws.OPEN;
  }

  get buffered(): number {
    return this.ws.bufferedAmount;
  }

  get congested(): boolean {
    return this.ws.bufferedAmount >= this.#lowWater;
  }

  send(frame: Buffer | string): boolean {
    return this.#write(frame, false);
  }

  sendFramed(wire: Buffer): boolean {
    return this.#write(wire, true);
  }

  /** Uncorks this turn's batch (called by the end-of-turn flush or when the batch grows large). */
  flush(): void {
    if (this.#batchBytes === 0) return;
    this.#batchBytes = 0;
    this.socket.uncork();
  }

  drained(): Promise<void> {
    const { ws, socket } = this;
    if (this.#closed || ws.bufferedAmount < this.#lowWater) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.#closed || ws.readyState !== ws.OPEN || ws.bufferedAmount < this.#lowWater) {
          socket.off('drain', check);
          ws.off('close', check);
          resolve();
        }
      };
      socket.on('drain', check);
      ws.on('close', check);
    });
  }

  close(code: number, reason: string): void {
    this.#closed = true;
    const { ws } = this;
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason);
  }

  terminate(): void {
    this.ws.terminate();
  }

  #write(frame: Buffer | string, framed: boolean): boolean {
    const { ws, socket } = this;
    if (this.#closed || ws.readyState !== ws.OPEN) return false;
    // The bound applies to what earlier turns left unsent (the peer is not reading), not to the
    // batch being corked right now.
    if (ws.bufferedAmount - this.#batchBytes + frame.length > this.options.maxBufferedBytes) {
      this.#closed = true;
      this.options.onOverflow();
      return false;
    }
    if (this.#batchBytes === 0) {
      socket.cork();
      corked.add(this);
      if (!flushScheduled) {
        flushScheduled = true;
        setImmediate(flushCorked);
      }
    }
    if (framed) socket.write(frame);
    else ws.send(frame, { binary: false });
    this.#batchBytes += frame.length;
    if (this.#batchBytes > maxBatchBytes) {
      corked.delete(this);
      this.flush();
    }
    return true;
  }
}

/** Wraps a ws socket (and the net socket beneath it, for corking and drain) with a byte bound. */
export function createOutbound(ws: WebSocket, socket: Socket, options: OutboundOptions): Outbound {
  return new SocketOutbound(ws, socket, options);
}
