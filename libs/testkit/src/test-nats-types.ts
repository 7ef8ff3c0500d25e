/** Where a test's NATS comes from. */
export type NatsSource = 'env' | 'docker' | 'local';

/** A JetStream-enabled NATS server (or a namespace on a shared one) for one test file. */
export interface TestNats {
  /** Client URL, e.g. `nats://127.0.0.1:43121`. */
  readonly url: string;
  /** Prefix the bus puts on subjects and stream names; `''` when the server is this file's own. */
  readonly namespace: string;
  /** Which source provided the server. */
  readonly source: NatsSource;
  /** Milliseconds from the call until the server accepted connections. */
  readonly startMs: number;
  /** Stop the server and remove its store (own server) or delete this namespace's streams (shared). */
  stop(): Promise<void>;
  /** Stop and start the same server on the same port and store; throws for a shared server. */
  restart(): Promise<void>;
}
