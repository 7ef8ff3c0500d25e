export type { BackoffOptions } from './backoff.js';
export { backoffDelay } from './backoff.js';
export type {
  ClientError,
  ConnectionStatus,
  RealtimeClient,
  RealtimeClientOptions,
  ResyncInfo,
} from './client.js';
export { createRealtimeClient } from './client.js';
export type { CursorStore, StorageLike } from './cursor-store.js';
export { memoryCursorStore, storageCursorStore } from './cursor-store.js';
export type { EventVerdict, GuildTracker } from './guild-tracker.js';
export { createGuildTracker } from './guild-tracker.js';
export type { PresenceListener } from './presence-views.js';
export type * from './protocol/index.js';
export {
  closeCodes,
  errorCodes,
  presenceTopicPattern,
  protocolName,
  reconnectableCloseCodes,
  streamPath,
  ticketTopic,
  tokenProtocolPrefix,
} from './protocol/index.js';
export { applyBlacklistEvent } from './state/blacklist-list.js';
export { applyPanelEvent } from './state/panel-list.js';
export type { TicketDetailState } from './state/ticket-detail.js';
export { applyTicketDetailEvent } from './state/ticket-detail.js';
export type { TicketListOptions } from './state/ticket-list.js';
export { applyTicketEvent } from './state/ticket-list.js';
export type { EventLike, RealtimeEvent } from './typed-event.js';
export { definitionOf, eventData, isEventOf } from './typed-event.js';
export type { WebSocketConstructor, WebSocketLike } from './websocket-like.js';
