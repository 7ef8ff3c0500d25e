import type { AddressInfo } from 'node:net';
import type WebSocket from 'ws';
import { WebSocketServer } from 'ws';

// A scripted protocol peer on a real WebSocket server: lets the test send frames a well-behaved
// gateway never would (a broken prev chain, duplicates) and see what the client answers.
export async function scriptedGateway(t: { teardown(fn: () => unknown): void }) {
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await new Promise((resolve) => wss.once('listening', resolve));
  t.teardown(() => {
    for (const client of wss.clients) client.terminate();
    return new Promise((resolve) => wss.close(resolve));
  });
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  let peer: WebSocket | undefined;
  wss.on('connection', (ws) => {
    peer = ws;
    ws.on('message', (data) => {
      received.push(JSON.parse(data.toString()));
      for (const w of waiters.splice(0)) w();
    });
  });
  const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  return {
    url,
    received,
    send: (frame: object) => peer!.send(JSON.stringify(frame)),
    close: (code: number) => peer!.close(code),
    async until(pred: (f: Record<string, unknown>) => boolean, from = 0) {
      for (;;) {
        const hit = received.slice(from).find(pred);
        if (hit) return hit;
        await new Promise<void>((resolve) => waiters.push(resolve));
      }
    },
  };
}
