import { type GuildRole, guildRoles, roleAtLeast } from '@guildwire/contracts';
import { errorCodes } from '@guildwire/errors';
import { type Static, Type } from 'typebox';
import { Compile } from 'typebox/compile';

// Roles and their order are defined once, in the contracts (the realtime audience uses them too).
export { type GuildRole, guildRoles, roleAtLeast };

// Discord snowflakes are unsigned 64-bit integers written in decimal.
const snowflake = '^[0-9]{1,20}$';

/** JSON schema of the claims every Guildwire token carries (HTTP and WebSocket alike). */
export const GuildwireClaimsSchema = Type.Object(
  {
    sub: Type.String({ pattern: snowflake, description: 'Discord user id' }),
    guilds: Type.Record(Type.String({ pattern: snowflake }), Type.Enum(['admin', 'staff', 'member']), {
      description: 'Guild id → role granted in that guild',
      additionalProperties: false,
    }),
    iat: Type.Integer({ minimum: 0 }),
    exp: Type.Integer({ minimum: 0 }),
    iss: Type.String(),
    aud: Type.Union([Type.String(), Type.Array(Type.String())]),
  },
  { additionalProperties: true },
);

/** The verified claims of a Guildwire token; available as `request.user` behind a guard. */
export type GuildwireClaims = Static<typeof GuildwireClaimsSchema>;

const claimsCheck = Compile(GuildwireClaimsSchema);

/** Names the first claim that does not have the Guildwire shape, or returns undefined when all do. */
export function findMalformedClaim(payload: unknown): string | undefined {
  // Check is compiled and cheap; error details are built only for the rare malformed token.
  if (claimsCheck.Check(payload)) return undefined;
  const [first] = claimsCheck.Errors(payload);
  if (first === undefined) return undefined;
  const claim = first.instancePath.split('/')[1];
  return claim === undefined || claim === '' ? 'payload' : claim;
}

/** Returns the payload as GuildwireClaims or throws GW_ERR_TOKEN_INVALID naming the malformed claim. */
export function assertGuildwireClaims(payload: unknown): GuildwireClaims {
  const claim = findMalformedClaim(payload);
  if (claim !== undefined) throw new errorCodes.GW_ERR_TOKEN_INVALID(`the ${claim} claim is malformed`);
  return payload as GuildwireClaims;
}
