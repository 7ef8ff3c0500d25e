import { type Actor, ActorKind } from '@guildwire/contracts';
import { type FieldChecker, oneOfMessage } from '@guildwire/errors';
import type { Caller, ActorKind as CallerKind } from '../domain/caller.js';

/** The common fields of every guild command of the config service. */
export interface CommandEnvelope {
  readonly guildId: string;
  readonly module: string;
  readonly actor?: Actor | undefined;
  /** Writes only: what the bot knows of the actor's standing in the guild. */
  readonly actorPermissions?: { readonly guildAdmin: boolean } | undefined;
  readonly correlationId?: string;
}

const kinds: Partial<Record<ActorKind, CallerKind>> = {
  [ActorKind.DISCORD_USER]: 'discord',
  [ActorKind.DASHBOARD_USER]: 'dashboard',
  [ActorKind.SYSTEM]: 'system',
};

/** Adds the field errors of the envelope (guild, module, actor) to `check`. */
export function checkEnvelope(check: FieldChecker, request: CommandEnvelope): void {
  check.snowflake('guild_id', request.guildId, { required: true });
  check.text('module', request.module, 64, { required: true });
  const kind = request.actor ? kinds[request.actor.kind] : undefined;
  check.check('actor/kind', kind !== undefined, oneOfMessage(['discord_user', 'dashboard_user', 'system']));
  if (kind === 'system') check.text('actor/id', request.actor?.id, 64, { required: true });
  else check.snowflake('actor/id', request.actor?.id, { required: true });
}

/**
 * The caller of a checked command. NATS is the services' own network: any named actor may read
 * (the bot and the services' settings clients read for everyone). Writing needs the bot's word that
 * the actor is a guild admin (Administrator or Manage Server), or the system itself.
 */
export function commandCaller(request: CommandEnvelope): Caller {
  const actorKind = kinds[request.actor!.kind]!;
  return {
    guildId: request.guildId,
    actorKind,
    actorId: request.actor!.id,
    mayRead: true,
    mayWrite: actorKind === 'system' || (request.actorPermissions?.guildAdmin ?? false),
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
  };
}
