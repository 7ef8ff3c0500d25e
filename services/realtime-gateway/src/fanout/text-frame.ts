import { Sender } from 'ws';

const textOpcode = 0x01;

/**
 * A final, unmasked server→client text frame around `payload`, header included, in one buffer
 * ready for the socket. Framed by ws's own `Sender.frame`, so the header is exactly what ws would
 * write; framed once per event (and `prev`), the same bytes then go to every recipient, where
 * `ws.send` would frame, allocate and dispatch once per recipient. Never compressed: the gateway
 * runs without permessage-deflate because a compressed frame depends on each socket's deflate
 * context and could not be shared across sockets.
 */
export function textFrame(payload: Buffer): Buffer {
  const [header, data] = Sender.frame(payload, {
    fin: true,
    opcode: textOpcode,
    mask: false,
    readOnly: true,
    rsv1: false,
  });
  if (header === undefined) throw new Error('ws produced no frame header');
  return data === undefined ? header : Buffer.concat([header, data], header.length + data.length);
}
