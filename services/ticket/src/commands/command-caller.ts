import { CommandError } from '@guildwire/bus';
import { type Actor, ActorKind, type ActorRoles } from '@guildwire/contracts';
import { isGuildwireError } from '@guildwire/service-kit';
import { isStaffByRoles, type TicketSettingsSource } from '../domain/settings.js';
import type { Caller, ActorKind as DomainActorKind } from '../domain/ticket.js';
import { fieldChecker } from '../domain/validation.js';

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

/**
 * The caller of a command. The bot is trusted to name the actor and its Discord roles; whether
 * those roles make the actor staff is the guild's ticket settings' call (support roles), not the bot's.
 * A system actor (the bot itself) counts as staff.
 */
export async function commandCaller(
  request: CommandEnvelope,
  settings: TicketSettingsSource,
): Promise<Caller> {
  const check = fieldChecker();
  check.snowflake('guild_id', request.guildId, { required: true });
  const kind = request.actor ? kinds[request.actor.kind] : undefined;
  check.check('actor/kind', kind !== undefined, 'must be a discord user, dashboard user or system');
  if (kind === 'system') check.text('actor/id', request.actor?.id, 64, { required: true });
  else check.snowflake('actor/id', request.actor?.id, { required: true });
  check.done();
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
    kind: kind!,
    staff,
    admin: system || (roles?.guildAdmin ?? false),
    ...(request.correlationId ? { correlationId: request.correlationId } : {}),
  };
}

/** Runs a handler and turns service errors into typed command errors (same code and status as HTTP). */
export async function asCommand<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!isGuildwireError(err)) throw err;
    const fieldErrors = Array.isArray(err.details) ? err.details : [];
    throw new CommandError(err.code, err.message, err.statusCode, fieldErrors);
  }
}

/** `0` and `''` mean "not given" in proto3; the operations take undefined for that. */
const optionalVersion = (v: number) => (v === 0 ? undefined : v);
export const optionalKey = (v: string) => (v === '' ? undefined : v);

/** The version check and idempotency key every write command carries (proto zero values = absent). */
export function changeOptions(req: { readonly expectedVersion: number; readonly idempotencyKey: string }) {
  return {
    expectedVersion: optionalVersion(req.expectedVersion),
    idempotencyKey: optionalKey(req.idempotencyKey),
  };
}
