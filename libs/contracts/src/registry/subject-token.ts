/** Thrown when a value cannot be used as one token of a NATS subject. */
export class SubjectTokenError extends Error {
  override name = 'SubjectTokenError';
  constructor(what: string, value: string) {
    super(`invalid ${what} for a subject token: ${JSON.stringify(value)}`);
  }
}

const snowflake = /^[0-9]{1,20}$/;

/** A Discord guild id (snowflake) safe to place in a subject; throws otherwise. */
export function guildIdToken(guildId: string): string {
  if (!snowflake.test(guildId)) throw new SubjectTokenError('guild id', guildId);
  return guildId;
}

/** True when `guildId` looks like a Discord snowflake. */
export function isGuildId(guildId: string): boolean {
  return snowflake.test(guildId);
}
