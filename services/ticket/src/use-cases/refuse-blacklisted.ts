import type { Kysely } from 'kysely';
import { blacklistedError } from '../domain/blacklist.js';
import type { Caller } from '../domain/ticket.js';
import { blacklistStore } from '../store/blacklist-store.js';
import type { TicketDatabase } from '../store/database.js';

/**
 * Throws 403 TICKET_ERR_BLACKLISTED when the opener is blacklisted in the guild, or holds a
 * blacklisted role. The opener's roles are known only when they open for themselves through the
 * bot (`actor_roles`); staff opening on someone's behalf, and the dashboard, are checked by user id
 * alone — the service keeps no member roles.
 */
export async function refuseBlacklisted(
  db: Kysely<TicketDatabase>,
  caller: Caller,
  openerId: string,
): Promise<void> {
  const self = openerId === caller.userId;
  const entry = await blacklistStore(db).refusing(
    caller.guildId,
    openerId,
    self ? (caller.roleIds ?? []) : [],
  );
  if (entry) throw blacklistedError(entry, openerId, !self);
}
