import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import type { Outbound } from '../core/outbound.js';
import type { Corked, CorkQueue } from './cork-queue.js';

/** Options of an outbound side. */
export interface OutboundOptions {
  readonly maxBufferedBytes: number;
  /** The gateway's queue of sockets corked during this turn. */
  readonly corkQueue: CorkQueue;
  /** Called once when a send would exceed the bound (before the connection is closed). */
  readonly onOverflow: () => void;
}

// A batch larger than this is written out at once instead of waiting for the end of the turn.
const maxBatchBytes = 64 * 1024;

/**
 * The Outbound of one connection. A class, not a closure bundle: thousands of idle connections
 * each carry only their fields, the methods are shared.
 */
class SocketOutbound implements Outbound, Corked {
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
      this.options.corkQueue.add(this);
    }
    if (framed) socket.write(frame);
    else ws.send(frame, { binary: false });
    this.#batchBytes += frame.length;
    if (this.#batchBytes > maxBatchBytes) {
      this.options.corkQueue.delete(this);
      this.flush();
    }
    return true;
  }
}

/** Wraps a ws socket (and the net socket beneath it, for corking and drain) with a byte bound. */
export function createOutbound(ws: WebSocket, socket: Socket, options: OutboundOptions): Outbound {
  return new SocketOutbound(ws, socket, options);
}
