import { type Actor, ActorKind, type ActorRoles } from '@guildwire/contracts';
import { type FieldChecker, oneOfMessage } from '@guildwire/errors';
import { isStaffByRoles, type TicketSettingsSource } from '../domain/settings.js';
import type { Caller, ActorKind as DomainActorKind } from '../domain/ticket.js';

/** The common fields of every ticket command request. */
export interface CommandEnvelope {
  readonly guildId: string;
  readonly actor?: Actor | undefined;
  readonly actorRoles?: ActorRoles | undefined;
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
 * whether those roles make the actor staff is the guild's ticket settings' call (support roles),
 * not the bot's. A system actor (the bot itself) counts as staff.
 */
export async function commandCaller(
  request: CommandEnvelope,
  settings: TicketSettingsSource,
): Promise<Caller> {
  const kind = kinds[request.actor!.kind]!;
  const roles = request.actorRoles;
  const system = kind === 'system';
  const staff =
    system ||
    isStaffByRoles(
      await settings.forGuild(request.guildId),
      roles?.roleIds ?? [],
      roles?.guildAdmin ?? false,
    );
  return {
    guildId: request.guildId,
    userId: request.actor!.id,
    kind,
    staff,
    admin: system || (roles?.guildAdmin ?? false),
    ...(roles ? { roleIds: roles.roleIds } : {}),
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
  };
}

/** `0` and `''` mean "not given" in proto3; the use cases take undefined for that. */
export const optionalVersion = (v: number) => (v === 0 ? undefined : v);
/** `''` means "not given" in proto3. */
export const optionalKey = (v: string) => (v === '' ? undefined : v);

/** The version check and idempotency key a write command carries (proto zero values = absent). */
export function changeOptions(req: { readonly expectedVersion?: number; readonly idempotencyKey?: string }) {
  return {
    expectedVersion: optionalVersion(req.expectedVersion ?? 0),
    idempotencyKey: optionalKey(req.idempotencyKey ?? ''),
  };
}
