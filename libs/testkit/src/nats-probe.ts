import { connect } from 'node:net';

/**
 * Resolves `true` once a NATS server at host:port greets a new connection with its `INFO` line
 * (the server only does so when it accepts clients); rejects on refusal.
 */
export function natsGreets(host: string, port: number, timeoutMs = 1_000): Promise<true> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    let received = '';
    const fail = (error: Error) => {
      socket.destroy();
      reject(error);
    };
    socket.setTimeout(timeoutMs, () =>
      fail(new Error(`no INFO from ${host}:${port} within ${timeoutMs} ms`)),
    );
    socket.on('error', fail);
    socket.on('data', (chunk) => {
      received += chunk.toString('utf8');
      if (!received.includes('\r\n')) return;
      socket.destroy();
      if (received.startsWith('INFO ')) resolve(true);
      else reject(new Error(`unexpected greeting from ${host}:${port}: ${received.slice(0, 80)}`));
    });
  });
}
