import { type Actor, ActorKind, type GiveawayActorRoles } from '@guildwire/contracts';
import { type FieldChecker, oneOfMessage } from '@guildwire/errors';
import type { Caller, ActorKind as DomainActorKind } from '../domain/giveaway.js';
import { type GiveawaySettingsSource, isManagerByRoles } from '../domain/settings.js';

/** The common fields of every giveaway command request. */
export interface CommandEnvelope {
  readonly guildId: string;
  readonly actor?: Actor | undefined;
  readonly actorRoles?: GiveawayActorRoles | undefined;
  readonly correlationId?: string;
}

const kinds: Partial<Record<ActorKind, DomainActorKind>> = {
  [ActorKind.DISCORD_USER]: 'discord',
  [ActorKind.DASHBOARD_USER]: 'dashboard',
  [ActorKind.SYSTEM]: 'system',
};

/** Adds the field errors of the envelope (guild and actor) to `check`. */
export function checkEnvelope(check: FieldChecker, request: CommandEnvelope): void {
  check.snowflake('guild_id', request.guildId, { required: true });
  const kind = request.actor ? kinds[request.actor.kind] : undefined;
  check.check('actor/kind', kind !== undefined, oneOfMessage(['discord_user', 'dashboard_user', 'system']));
  if (kind === 'system') check.text('actor/id', request.actor?.id, 64, { required: true });
  else check.snowflake('actor/id', request.actor?.id, { required: true });
}

/**
 * The caller of a checked command. The bot is trusted to name the actor and its Discord roles;
 * whether those make the actor a manager is the guild's giveaway settings' call (guild admins, or
 * one of the manager roles), not the bot's. A system actor (the bot itself) manages.
 */
export async function commandCaller(
  request: CommandEnvelope,
  settings: GiveawaySettingsSource,
): Promise<Caller> {
  const kind = kinds[request.actor!.kind]!;
  const roles = request.actorRoles;
  const manager =
    kind === 'system' ||
    isManagerByRoles(
      await settings.forGuild(request.guildId),
      roles?.roleIds ?? [],
      roles?.guildAdmin ?? false,
    );
  return {
    guildId: request.guildId,
    userId: request.actor!.id,
    kind,
    manager,
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
  };
}

/** The version check and idempotency key a write command carries (proto zero values = absent). */
export function changeOptions(req: { readonly expectedVersion?: number; readonly idempotencyKey?: string }) {
  return {
    expectedVersion: req.expectedVersion ? req.expectedVersion : undefined,
    idempotencyKey: req.idempotencyKey ? req.idempotencyKey : undefined,
  };
}
