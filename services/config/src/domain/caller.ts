import { errorCodes } from '@guildwire/errors';

/** How the caller reached the service: the dashboard (HTTP), Discord through the bot, or a component. */
export type ActorKind = 'dashboard' | 'discord' | 'system';

/** Who asks, in which guild, and what they may do there (decided by the door they came through). */
export interface Caller {
  readonly guildId: string;
  readonly actorKind: ActorKind;
  /** Discord user id, or a component name for the system. */
  readonly actorId: string;
  readonly mayRead: boolean;
  readonly mayWrite: boolean;
  readonly correlationId?: string | undefined;
}

/** Throws 403 unless the caller may read the guild's settings (staff and admins). */
export function requireRead(caller: Caller): void {
  if (!caller.mayRead) throw new errorCodes.GW_ERR_FORBIDDEN('only staff may read settings');
}

/** Throws 403 unless the caller may change the guild's settings (admins and the system). */
export function requireWrite(caller: Caller): void {
  if (!caller.mayWrite) throw new errorCodes.GW_ERR_FORBIDDEN('only admins may change settings');
}
