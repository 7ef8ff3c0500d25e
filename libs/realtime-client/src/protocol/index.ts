export type { CloseCode } from './close-codes.js';
export { closeCodes, reconnectableCloseCodes } from './close-codes.js';
export {
  presenceTopicPattern,
  protocolName,
  streamPath,
  ticketTopic,
  tokenProtocolPrefix,
} from './endpoint.js';
export type { ErrorCode } from './error-codes.js';
export { errorCodes } from './error-codes.js';
export type {
  AuthenticatedFrame,
  AuthFrame,
  ClientFrame,
  Cursor,
  ErrorFrame,
  EventFrame,
  PingFrame,
  PongFrame,
  PresenceFrame,
  PresenceViewer,
  ServerFrame,
  SubscribedFrame,
  SubscribeFrame,
  UnsubscribedFrame,
  UnsubscribeFrame,
  UnviewFrame,
  ViewFrame,
} from './frames.js';
