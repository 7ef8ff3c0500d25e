import { PreparingClient } from './preparing-client.js';

/**
 * A pg client whose queries submitted within one tick of the event loop leave in one write: the
 * first query of a tick corks the socket, which is uncorked once the tick's callbacks and promise
 * jobs have run. With pipeline mode, a deferred BEGIN and the statement behind it (or queries issued
 * side by side) then cost one write system call instead of one each — a loopback write costs
 * 10–15 µs on our machines. Nothing waits beyond the end of the tick.
 */
export class TickCorkedClient extends PreparingClient {
  #corked = false;

  // One signature for all of pg's query overloads; arguments and result pass through unchanged.
  // biome-ignore lint/suspicious/noExplicitAny: mirrors pg's overloaded query()
  override query(...args: any[]): any {
    if (!this.#corked) {
      // Read per call: an SSL upgrade replaces the stream.
      const stream = this.connection.stream;
      this.#corked = true;
      stream.cork();
      process.nextTick(() => {
        this.#corked = false;
        stream.uncork();
      });
    }
    return (super.query as (...a: unknown[]) => unknown)(...args);
  }
}
