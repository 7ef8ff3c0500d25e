import { ErrorResponseSchema } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { maxReasonLength } from '../use-cases/settings-changes.js';
import { maxHistoryPage } from '../use-cases/settings-queries.js';

/** A Discord id (snowflake) in decimal. */
const Snowflake = Type.String({ pattern: '^[0-9]{1,20}$', description: 'Discord id' });
// Any module name is accepted here, so that an undeclared one is a 404 naming it, not a 400.
const ModuleName = Type.String({
  pattern: '^[a-z][a-z0-9_]*$',
  maxLength: 64,
  description: 'A settings module: tickets, giveaways, voice, music…',
});
const Reason = Type.String({ maxLength: maxReasonLength, description: 'Why, for the history' });

export const GuildParams = Type.Object({ guildId: Snowflake });
export const ModuleParams = Type.Object({ guildId: Snowflake, module: ModuleName });
export const VersionParams = Type.Object({
  guildId: Snowflake,
  module: ModuleName,
  version: Type.Integer({ minimum: 1, maximum: 2_147_483_647 }),
});

/** A settings document or merge patch: checked against the module's schema by the use case. */
export const SettingsDocument = Type.Object(
  {},
  {
    additionalProperties: true,
    description: "The module's settings (its schema: GET …/settings). Field errors name JSON pointers in it.",
  },
);

export const WriteQuery = Type.Object({ reason: Type.Optional(Reason) });
export const HistoryQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 32 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: maxHistoryPage, default: 20 })),
});
export const RollbackBody = Type.Object(
  {
    toVersion: Type.Integer({ minimum: 1, maximum: 2_147_483_647, description: 'The version to restore' }),
    reason: Type.Optional(Reason),
  },
  { additionalProperties: false },
);
export const ResetBody = Type.Object({ reason: Type.Optional(Reason) }, { additionalProperties: false });

/** Error replies a route may give, for OpenAPI. */
export function errors(...codes: number[]): Record<number, typeof ErrorResponseSchema> {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponseSchema]));
}
