// @types/ws does not declare `Sender`, which ws exports (CommonJS and ESM entries alike) and
// documents as its framing API; only its static `frame` is used here.
export {};

declare module 'ws' {
  /** ws's frame writer. */
  // biome-ignore lint/complexity/noStaticOnlyClass: declares ws's existing class, of which only the static method is used
  export class Sender {
    /**
     * Frames `data` per RFC 6455 §5.2: `[header, data]` (or `[header]` for an empty payload); with
     * `mask: false` the payload is not copied.
     */
    static frame(
      data: Buffer,
      options: {
        readonly fin: boolean;
        readonly opcode: number;
        readonly mask: boolean;
        readonly readOnly: boolean;
        readonly rsv1: boolean;
      },
    ): Buffer[];
  }
}
