import { ticketErrors } from '../errors.js';

/** What a blacklist entry names: one user, or everyone holding a role. */
export type BlacklistKind = 'user' | 'role';

/** A user or role of a guild that may not open tickets. */
export interface BlacklistEntry {
  readonly guildId: string;
  readonly kind: BlacklistKind;
  readonly targetId: string;
  /** Shown to the refused user. */
  readonly reason: string;
  readonly addedBy: string;
  readonly addedAt: Date;
  readonly version: number;
}

/** The result of adding an entry: created, re-added with another reason, or nothing to do. */
export interface BlacklistAddResult {
  readonly entry: BlacklistEntry;
  readonly created: boolean;
  /** False when the entry already had this reason: nothing changed, no event. */
  readonly changed: boolean;
}

/**
 * The refusal of an open for a blacklisted opener (or one holding a blacklisted role). Staff opening
 * on the opener's behalf is refused too: the entry is about who the ticket is for, not who clicks.
 */
export function blacklistedError(entry: BlacklistEntry, openerId: string, onBehalf: boolean) {
  const who =
    entry.kind === 'user' ? `user ${openerId} is` : `user ${openerId} holds role ${entry.targetId}, which is`;
  const behalf = onBehalf ? ' (staff may not open one on their behalf either)' : '';
  return new ticketErrors.TICKET_ERR_BLACKLISTED(
    `${who} blacklisted from opening tickets${behalf}: ${entry.reason}`,
  ).withDetails({
    kind: entry.kind,
    targetId: entry.targetId,
    reason: entry.reason,
  });
}
