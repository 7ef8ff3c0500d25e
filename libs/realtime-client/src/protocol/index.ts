export type { CloseCode } from './close-codes.js';
export { closeCodes, reconnectableCloseCodes } from './close-codes.js';
export { protocolName, streamPath, tokenProtocolPrefix } from './endpoint.js';
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
  ServerFrame,
  SubscribedFrame,
  SubscribeFrame,
  UnsubscribedFrame,
  UnsubscribeFrame,
} from './frames.js';
