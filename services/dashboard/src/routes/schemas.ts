import { Type } from 'typebox';

/** A guild the token grants, as the guild picker shows it. */
export const GrantedGuildSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  icon: Type.Union([Type.String(), Type.Null()]),
  role: Type.Enum(['admin', 'staff', 'member']),
});

/** The answer of POST /auth/token and /auth/refresh-guilds. */
export const IssuedTokenSchema = Type.Object({
  accessToken: Type.String({
    description: 'A Guildwire JWT (EdDSA), for every service and the realtime gateway',
  }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds' }),
  expiresAt: Type.String({ format: 'date-time' }),
  user: Type.Object({
    id: Type.String(),
    username: Type.String(),
    globalName: Type.Union([Type.String(), Type.Null()]),
    avatar: Type.Union([Type.String(), Type.Null()]),
  }),
  guilds: Type.Array(GrantedGuildSchema, { description: 'Guilds with the bot where the person has a role' }),
  guildsFetchedAt: Type.String({ format: 'date-time', description: 'When Discord last gave the guild list' }),
});

/** GET /.well-known/jwks.json. */
export const JwksSchema = Type.Object({
  keys: Type.Array(
    Type.Object(
      { kid: Type.String(), kty: Type.String(), alg: Type.String(), use: Type.String() },
      { additionalProperties: true },
    ),
  ),
});
