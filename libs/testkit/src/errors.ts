/** `nats-server` is not on PATH and neither NATS_URL nor Docker can stand in for it. */
export class NatsServerMissingError extends Error {
  override readonly name = 'NatsServerMissingError';
  constructor(options?: ErrorOptions) {
    super(
      'testkit needs NATS: set NATS_URL, or run a Docker engine, or install nats-server ' +
        '(Debian/Ubuntu: `apt-get install -y nats-server`; elsewhere: https://github.com/nats-io/nats-server/releases)',
      options,
    );
  }
}

/** A server testkit started exited before it became ready. */
export class ServerExitedError extends Error {
  override readonly name = 'ServerExitedError';
  constructor(what: string, code: number | null, signal: NodeJS.Signals | null, output: string) {
    super(`${what} exited before it was ready (code ${code}, signal ${signal})\n${output.slice(-4_000)}`);
  }
}
