/** Path of the WebSocket endpoint on a gateway. */
export const streamPath = '/v1/stream';

/** Subprotocol a client offers (and the gateway selects) for protocol version 1. */
export const protocolName = 'guildwire.v1';

/** Prefix of the subprotocol that carries the token: `guildwire.token.<jwt>`. */
export const tokenProtocolPrefix = 'guildwire.token.';

/**
 * A presence topic: a kind and an id, `ticket:<ticketId>`. Ids are letters, digits, `-` and `_`,
 * 1–64 of them (ticket ids are UUIDs).
 */
export const presenceTopicPattern = /^ticket:[A-Za-z0-9_-]{1,64}$/;

/** The presence topic of a ticket. */
export function ticketTopic(ticketId: string): string {
  return `ticket:${ticketId}`;
}
