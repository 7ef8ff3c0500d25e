import { Socket } from 'node:net';

/** Counts TCP socket writes (system calls) made while `fn` runs (not tap's own output pipe). */
export async function countWrites(fn: () => Promise<void>): Promise<number> {
  const proto = Socket.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
  const original = { write: proto._write!, writev: proto._writev! };
  let writes = 0;
  proto._write = function (this: Socket, ...a: unknown[]) {
    if (this.remotePort !== undefined) writes++;
    return original.write.apply(this, a);
  };
  proto._writev = function (this: Socket, ...a: unknown[]) {
    if (this.remotePort !== undefined) writes++;
    return original.writev.apply(this, a);
  };
  try {
    await fn();
  } finally {
    proto._write = original.write;
    proto._writev = original.writev;
  }
  return writes;
}
