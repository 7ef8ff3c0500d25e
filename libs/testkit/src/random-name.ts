import { randomBytes } from 'node:crypto';

/** `prefix` followed by `bytes` random bytes in hex, e.g. `t3f9a2c`; safe in SQL identifiers and subjects. */
export function randomName(prefix: string, bytes = 3): string {
  return `${prefix}${randomBytes(bytes).toString('hex')}`;
}
