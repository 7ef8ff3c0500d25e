// What every process of bench:realtime agrees on: the token secret, the clock that turns a
// ticket's subject into latency, and the kinds of server measured.

/** HS256 settings shared by the driver (gateway env) and the client workers (tokens). */
export const auth = {
  secret: 'bench-realtime-secret-long-enough-for-hs256!!',
  issuer: 'guildwire',
  audience: 'guildwire-dashboard',
};

/** The servers compared: the gateway, a bare `ws` broadcast loop, Socket.IO 4. */
export type Kind = 'gw' | 'ws' | 'sio';

// Publish time travels in the ticket's `subject` as fractional Unix ms; every process reads the same
// clock through `performance.timeOrigin + performance.now()`, so cross-process latency is sub-ms.
export const nowMs = () => performance.timeOrigin + performance.now();

/** Where the publish time starts in an event frame's JSON. */
export const subjectKey = Buffer.from('"subject":"');

/** JSON text of `v`. */
export const enc = (v: unknown) => JSON.stringify(v);

/** Guild ids of the workload: 1000, 1001, … */
export const guildIdOf = (i: number, guilds: number) => String(1000 + (i % guilds));

/**
 * A worker is one of thousands of sockets' owner: a reset socket must not end its measurement.
 * `role` names it in the log.
 */
export function keepWorkerAlive(role: string): void {
  process.on('uncaughtException', (err) => console.error(`worker ${role}: ${err.message}`));
}
