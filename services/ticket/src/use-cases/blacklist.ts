import type { BlacklistAddResult, BlacklistEntry, BlacklistKind } from '../domain/blacklist.js';
import { requireStaff } from '../domain/permissions.js';
import type { Caller } from '../domain/ticket.js';
import { ticketErrors } from '../errors.js';
import { blacklistStore } from '../store/blacklist-store.js';
import { emitBlacklistEvent } from '../wire/blacklist-proto.js';
import type { TicketDeps } from './deps.js';

/**
 * The guild's ticket blacklist, shared by the HTTP routes and `cmd.ticket.blacklist_*`. Staff
 * (admins included) manage it: keeping abusers out is moderation, the same people who close their
 * tickets. Members get 403.
 */
export function createBlacklist(deps: Pick<TicketDeps, 'db' | 'outbox' | 'clock'>) {
  const { outbox, clock } = deps;
  return {
    async list(caller: Caller): Promise<BlacklistEntry[]> {
      requireStaff(caller, 'see the ticket blacklist');
      return blacklistStore(deps.db).list(caller.guildId);
    },

    /**
     * Adds a user or role, or changes the reason of its entry (PUT semantics: the same reason again
     * changes nothing and emits nothing). Event `ticket.blacklist_added` (`replaced` on a re-add).
     */
    async add(
      caller: Caller,
      kind: BlacklistKind,
      targetId: string,
      reason: string,
    ): Promise<BlacklistAddResult> {
      requireStaff(caller, 'edit the ticket blacklist');
      return outbox.transaction(async (trx, emit) => {
        const store = blacklistStore(trx);
        const written = await store.add({
          guildId: caller.guildId,
          kind,
          targetId,
          reason,
          addedBy: caller.userId,
          addedAt: clock(),
        });
        if (!written) {
          const entry = await store.find(caller.guildId, kind, targetId);
          // Unreachable in practice: an ON CONFLICT whose update was skipped still locks the row,
          // so nobody can delete it before this transaction ends.
          if (!entry) throw new ticketErrors.TICKET_ERR_BLACKLIST_NOT_FOUND(kind, targetId);
          return { entry, created: false, changed: false };
        }
        emitBlacklistEvent(emit, caller, written.entry, { type: 'added', replaced: !written.created });
        return { entry: written.entry, created: written.created, changed: true };
      });
    },

    /** Removes an entry (404 when there is none). Event `ticket.blacklist_removed` with the entry as it was. */
    async remove(caller: Caller, kind: BlacklistKind, targetId: string): Promise<BlacklistEntry> {
      requireStaff(caller, 'edit the ticket blacklist');
      return outbox.transaction(async (trx, emit) => {
        const entry = await blacklistStore(trx).remove(caller.guildId, kind, targetId);
        if (!entry) throw new ticketErrors.TICKET_ERR_BLACKLIST_NOT_FOUND(kind, targetId);
        emitBlacklistEvent(emit, caller, entry, { type: 'removed' });
        return entry;
      });
    },

    /**
     * The entry that would refuse the caller opening a ticket for themselves (their user id and the
     * roles the bot passed), for the bot to answer before showing a form. Anyone may ask about
     * themselves; the open checks again.
     */
    async check(caller: Caller): Promise<BlacklistEntry | undefined> {
      return blacklistStore(deps.db).refusing(caller.guildId, caller.userId, caller.roleIds ?? []);
    },
  };
}

/** The blacklist use cases' interface. */
export type Blacklist = ReturnType<typeof createBlacklist>;
