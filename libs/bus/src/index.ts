export type { ErrorReply } from './commands/reply.js';
export { errorReply, errorReplyHeader } from './commands/reply.js';
export type { RequestOptions } from './commands/request.js';
export { requestCommand } from './commands/request.js';
export type {
  CommandBinding,
  CommandContext,
  CommandHandler,
  CommandOutcome,
  CommandServer,
  CommandServiceInfo,
  ServeOptions,
} from './commands/serve.js';
export { bindCommand, serveCommands } from './commands/serve.js';
export type { Bus, BusOptions } from './connection.js';
export { connectBus } from './connection.js';
export type { DurableConsumerOptions, RunningConsumer } from './consume/durable.js';
export { consumeDurable } from './consume/durable.js';
export type { OrderedRead, OrderedReadOptions } from './consume/ordered.js';
export { readOrdered } from './consume/ordered.js';
export type { RawStreamMessage, ReceivedEvent } from './consume/received-event.js';
export { decodeJsMsg, decodeStreamMessage, UndecodableEventError } from './consume/received-event.js';
export {
  CommandRejectedError,
  CommandTimeoutError,
  NoResponderError,
  StreamReplicasError,
  TerminalHandlerError,
} from './errors.js';
export type { ChangeStatement, EmitEvent, Outbox } from './outbox/outbox.js';
export { createOutbox } from './outbox/outbox.js';
export type { OutboxDatabase, OutboxTable } from './outbox/outbox-table.js';
export type { OutboxRelay, RelayOptions } from './outbox/relay.js';
export { createOutboxRelay } from './outbox/relay.js';
export type { EncodedEvent, PublishResult } from './publish.js';
export { encodeEvent, publishEncoded, publishEvent } from './publish.js';
export { matchReplicas, placingReplicas } from './replicas.js';
export type { StreamInfoSummary, StreamLimits } from './stream.js';
export { ensureStream, streamSummary } from './stream.js';
