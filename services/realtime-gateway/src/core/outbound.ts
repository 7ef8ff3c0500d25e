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
