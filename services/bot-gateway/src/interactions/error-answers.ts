import { CommandRejectedError, CommandTimeoutError, NoResponderError } from '@guildwire/bus';
import type { Answer } from './responder.js';

/** A user-facing problem found by the bot itself (bad modal input, not in a ticket channel…). */
export class UserFacingError extends Error {
  override name = 'UserFacingError';
}

/** A detail of a rejected command (`details.<key>`), when its details are an object. */
export function detail(err: CommandRejectedError, key: string): unknown {
  const details = err.details;
  return details && typeof details === 'object' && !Array.isArray(details)
    ? (details as Record<string, unknown>)[key]
    : undefined;
}

/**
 * The answers every service shares: the bot's own sentences, the service down or slow; undefined
 * for anything else (a rejection the caller words itself).
 */
export function commonErrorAnswer(err: unknown, service: string): Answer | undefined {
  if (err instanceof UserFacingError) return { content: err.message };
  if (err instanceof NoResponderError)
    return { content: `The ${service} service is unavailable right now. Please try again in a moment.` };
  if (err instanceof CommandTimeoutError)
    return { content: `The ${service} service did not answer in time. Please try again in a moment.` };
  return undefined;
}

/** A rejection the caller has no sentence for: its field errors, else its message. */
export function otherRejectionAnswer(err: CommandRejectedError): Answer {
  const fields = err.fieldErrors.map((f) => `${f.field.replace(/^\//, '')}: ${f.message}`);
  return { content: fields.length > 0 ? `That did not work: ${fields.join('; ')}` : err.message };
}

/** The answer when something unexpected failed: never "This interaction failed". */
export const somethingWentWrong: Answer = { content: 'Something went wrong on our side. Please try again.' };

/** What a blacklisted member reads: that they may not open tickets here, and the entry's reason. */
export function blacklistedAnswer(reason: unknown): Answer {
  return {
    content:
      typeof reason === 'string' && reason !== ''
        ? `You cannot open tickets in this server. Reason: ${reason}`
        : 'You cannot open tickets in this server.',
  };
}

/** What the presser reads when a ticket action fails: never "This interaction failed". */
export function ticketErrorAnswer(err: unknown): Answer {
  const common = commonErrorAnswer(err, 'ticket');
  if (common) return common;
  if (err instanceof CommandRejectedError) {
    switch (err.code) {
      case 'TICKET_ERR_ALREADY_CLAIMED': {
        const assignee = detail(err, 'assigneeId');
        return {
          content:
            typeof assignee === 'string'
              ? `This ticket is already claimed by <@${assignee}>.`
              : 'This ticket is already claimed.',
        };
      }
      case 'TICKET_ERR_BLACKLISTED':
        return blacklistedAnswer(detail(err, 'reason'));
      case 'TICKET_ERR_OPEN_LIMIT':
        return { content: 'You already have the most open tickets allowed here. Close one to open another.' };
      case 'TICKET_ERR_CLOSED':
        return { content: 'This ticket is closed.' };
      case 'TICKET_ERR_NOT_CLAIMED':
        return { content: 'This ticket is not claimed.' };
      case 'TICKET_ERR_NO_CLOSE_REQUEST':
        return { content: 'There is no pending close request on this ticket.' };
      case 'TICKET_ERR_CLOSE_REQUEST_PENDING':
        return { content: 'This ticket already has a pending close request.' };
      case 'TICKET_ERR_NOT_FOUND':
        return { content: 'This ticket no longer exists.' };
      case 'TICKET_ERR_PANEL_NOT_FOUND':
        return { content: 'This ticket panel no longer exists. Ask a moderator to post a new one.' };
      case 'TICKET_ERR_MEMBER_NOT_IN_GUILD':
        return { content: 'That user is not a member of this server.' };
      case 'TICKET_ERR_MEMBER_IS_OPENER':
        return { content: 'The opener always sees their ticket: they cannot be added or removed.' };
      case 'TICKET_ERR_TOO_MANY_MEMBERS':
        return { content: 'This ticket has as many members as it may have. Remove one first.' };
      case 'TICKET_ERR_TARGET_NOT_STAFF':
        return { content: 'That user is not staff for this ticket, so it cannot be transferred to them.' };
      case 'TICKET_ERR_FORBIDDEN': {
        const assignee = detail(err, 'assigneeId');
        if (typeof assignee === 'string')
          return { content: `Only <@${assignee}> (who handles this ticket) or an admin can transfer it.` };
        return { content: 'Only staff can do that.' };
      }
      case 'TICKET_ERR_NOT_OPENER':
        return { content: 'Only the member who opened this ticket can rate it.' };
      case 'TICKET_ERR_FEEDBACK_EXISTS':
        return { content: 'You have already rated this ticket. Thank you!' };
      case 'TICKET_ERR_NOT_CLOSED':
        return { content: 'This ticket is open again: rate it once it is closed.' };
      case 'TICKET_ERR_FEEDBACK_OFF':
        return { content: 'This server no longer asks for ratings.' };
      case 'GW_ERR_FORBIDDEN':
        return { content: 'Only staff can do that.' };
      default:
        return otherRejectionAnswer(err);
    }
  }
  return somethingWentWrong;
}
