/** One WebSocket frame read back from bytes a server wrote (RFC 6455 §5.2). */
export interface ParsedFrame {
  readonly fin: boolean;
  readonly opcode: number;
  /** How the length was encoded: in the 7-bit field, or the 16- or 64-bit extension. */
  readonly lengthBits: 7 | 16 | 64;
  readonly payload: Buffer;
}

/**
 * Splits `bytes` into the server frames they hold (server frames are unmasked; a masked one is an
 * error). Throws on a truncated frame or on RSV bits: anything but a clean sequence of frames.
 * With `partial`, a truncated last frame (a read that ended inside it) is left out instead.
 */
export function parseServerFrames(bytes: Buffer, options: { partial?: boolean } = {}): ParsedFrame[] {
  const frames: ParsedFrame[] = [];
  let at = 0;
  const cut = (what: string): true => {
    if (options.partial) return true;
    throw new Error(`truncated ${what} at ${at}`);
  };
  while (at < bytes.length) {
    if (bytes.length - at < 2 && cut('header')) break;
    const b0 = bytes[at]!;
    const b1 = bytes[at + 1]!;
    if ((b0 & 0x70) !== 0) throw new Error(`RSV bits set at ${at}`);
    if ((b1 & 0x80) !== 0) throw new Error(`masked server frame at ${at}`);
    const length7 = b1 & 0x7f;
    const lengthBits = length7 === 126 ? 16 : length7 === 127 ? 64 : 7;
    const headerLength = lengthBits === 16 ? 4 : lengthBits === 64 ? 10 : 2;
    if (bytes.length - at < headerLength && cut('header')) break;
    const length =
      lengthBits === 16
        ? bytes.readUInt16BE(at + 2)
        : lengthBits === 64
          ? Number(bytes.readBigUInt64BE(at + 2))
          : length7;
    const end = at + headerLength + length;
    if (end > bytes.length && cut('payload')) break;
    frames.push({
      fin: (b0 & 0x80) !== 0,
      opcode: b0 & 0x0f,
      lengthBits,
      payload: bytes.subarray(at + headerLength, end),
    });
    at = end;
  }
  return frames;
}
