/** Path of the WebSocket endpoint on a gateway. */
export const streamPath = '/v1/stream';

/** Subprotocol a client offers (and the gateway selects) for protocol version 1. */
export const protocolName = 'guildwire.v1';

/** Prefix of the subprotocol that carries the token: `guildwire.token.<jwt>`. */
export const tokenProtocolPrefix = 'guildwire.token.';
