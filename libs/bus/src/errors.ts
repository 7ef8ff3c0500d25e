import { defineError, type FieldError, RemoteError, type WireError } from '@guildwire/errors';

/**
 * The service answered a command with a typed error: its code, status, message and details, as
 * the handler threw them. A Guildwire error itself, so an HTTP route may answer with it unchanged.
 */
export class CommandRejectedError extends RemoteError {
  override name = 'CommandRejectedError';

  constructor(
    readonly subject: string,
    wire: WireError,
  ) {
    super(wire);
  }

  /** The field errors among the details (empty when the details are not field errors). */
  get fieldErrors(): readonly FieldError[] {
    return Array.isArray(this.details) ? this.details : [];
  }
}

/** No reply arrived before the request's deadline (504: the other service may still act on it). */
export const CommandTimeoutError = defineError('BUS_ERR_COMMAND_TIMEOUT', 504, 'No reply on %s within %s ms');

/** Nothing listens on the command's subject (the service is down or not deployed). */
export const NoResponderError = defineError('BUS_ERR_NO_RESPONDER', 503, 'No service answers %s');

/** A consumer handler throws this for a message that can never succeed: it is terminated, not retried. */
export class TerminalHandlerError extends Error {
  override name = 'TerminalHandlerError';
}

/**
 * A stream or KV bucket cannot have the replica count STREAM_REPLICAS asks for: JetStream runs
 * without a cluster, or the cluster has fewer JetStream nodes up than replicas. The message says which.
 */
export class StreamReplicasError extends Error {
  override name = 'StreamReplicasError';

  constructor(
    readonly stream: string,
    readonly replicas: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
