import { blacklistedAnswer } from './error-answers.js';
import type { Answer } from './responder.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';
import { callOf } from './ticket-open.js';

/**
 * How long the blacklist check before a form may take. A modal must be Discord's first answer to the
 * press (it cannot follow a deferral) and the press expires after 3 s, so the check gets a short
 * share of that; slower, the form shows and the open checks again.
 */
const checkBeforeFormMs = 800;

/**
 * The refusal to answer instead of a form, when the presser (or one of their roles) is on the
 * guild's ticket blacklist: asked before the modal, so nobody fills in a form only to be refused.
 * Any failure of the check shows the form: the open itself refuses a blacklisted member.
 */
export async function refusalBeforeForm(
  ix: GuildInteraction,
  deps: TicketInteractionDeps,
): Promise<Answer | undefined> {
  const entry = await deps.calls.blacklistEntry(callOf(ix), checkBeforeFormMs).catch(() => undefined);
  return entry ? blacklistedAnswer(entry.reason) : undefined;
}
