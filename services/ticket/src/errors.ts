import { defineError } from '@guildwire/errors';

/**
 * The ticket domain's own errors, answered alike over HTTP (`{ error: { code, message, details? } }`)
 * and over NATS (a typed command error with the same code and status). Generic conditions —
 * validation, stale versions, idempotency, preconditions — use the shared GW_ERR_* codes.
 */
export const ticketErrors = {
  TICKET_ERR_NOT_FOUND: defineError('TICKET_ERR_NOT_FOUND', 404, 'Ticket %s not found'),
  TICKET_ERR_PANEL_NOT_FOUND: defineError('TICKET_ERR_PANEL_NOT_FOUND', 404, 'Panel %s not found'),
  TICKET_ERR_ATTACHMENT_NOT_FOUND: defineError(
    'TICKET_ERR_ATTACHMENT_NOT_FOUND',
    404,
    'Attachment %s not found',
  ),
  TICKET_ERR_FORBIDDEN: defineError('TICKET_ERR_FORBIDDEN', 403, 'Forbidden: %s'),
  TICKET_ERR_ALREADY_CLAIMED: defineError(
    'TICKET_ERR_ALREADY_CLAIMED',
    409,
    'Ticket is already claimed by %s',
  ),
  TICKET_ERR_NOT_CLAIMED: defineError('TICKET_ERR_NOT_CLAIMED', 409, 'Ticket %s is not claimed'),
  TICKET_ERR_CLOSED: defineError('TICKET_ERR_CLOSED', 409, 'Ticket %s is closed'),
  TICKET_ERR_NOT_CLOSED: defineError('TICKET_ERR_NOT_CLOSED', 409, 'Ticket %s is not closed'),
  TICKET_ERR_OPEN_LIMIT: defineError(
    'TICKET_ERR_OPEN_LIMIT',
    409,
    'User %s already has %s open tickets (limit %s)',
  ),
  TICKET_ERR_CLOSE_REQUEST_PENDING: defineError(
    'TICKET_ERR_CLOSE_REQUEST_PENDING',
    409,
    'Ticket %s already has a pending close request',
  ),
  TICKET_ERR_NO_CLOSE_REQUEST: defineError(
    'TICKET_ERR_NO_CLOSE_REQUEST',
    409,
    'Ticket %s has no pending close request',
  ),
  TICKET_ERR_NO_CHANNEL: defineError(
    'TICKET_ERR_NO_CHANNEL',
    409,
    'Ticket %s has no Discord thread or channel yet',
  ),
  TICKET_ERR_BLACKLISTED: defineError('TICKET_ERR_BLACKLISTED', 403, 'Refused: %s'),
  TICKET_ERR_BLACKLIST_NOT_FOUND: defineError(
    'TICKET_ERR_BLACKLIST_NOT_FOUND',
    404,
    'No blacklist entry for %s %s',
  ),
  TICKET_ERR_MEMBER_IS_OPENER: defineError(
    'TICKET_ERR_MEMBER_IS_OPENER',
    400,
    'User %s opened this ticket: the opener is always in it and cannot be added or removed',
  ),
  TICKET_ERR_MEMBER_NOT_IN_GUILD: defineError(
    'TICKET_ERR_MEMBER_NOT_IN_GUILD',
    422,
    'User %s is not a member of this guild',
  ),
  TICKET_ERR_TOO_MANY_MEMBERS: defineError(
    'TICKET_ERR_TOO_MANY_MEMBERS',
    409,
    'Ticket %s already has %s members (the most it may have)',
  ),
  TICKET_ERR_TARGET_NOT_STAFF: defineError(
    'TICKET_ERR_TARGET_NOT_STAFF',
    422,
    'User %s is not staff of this ticket: neither an admin nor holding a support role of its category or the module',
  ),
  TICKET_ERR_NOT_OPENER: defineError(
    'TICKET_ERR_NOT_OPENER',
    403,
    'Only the opener of ticket %s may rate it',
  ),
  TICKET_ERR_FEEDBACK_EXISTS: defineError(
    'TICKET_ERR_FEEDBACK_EXISTS',
    409,
    'Ticket %s has been rated already',
  ),
  TICKET_ERR_FEEDBACK_OFF: defineError(
    'TICKET_ERR_FEEDBACK_OFF',
    409,
    "This guild's ticket settings ask for no feedback (feedbackOnClose is off)",
  ),
  TICKET_ERR_REPLY_NOT_FOUND: defineError('TICKET_ERR_REPLY_NOT_FOUND', 404, 'Reply %s not found'),
  TICKET_ERR_TAG_NOT_FOUND: defineError('TICKET_ERR_TAG_NOT_FOUND', 404, 'Tag %s not found'),
  TICKET_ERR_TAG_EXISTS: defineError('TICKET_ERR_TAG_EXISTS', 409, 'A tag named "%s" already exists'),
  TICKET_ERR_TAG_LIMIT: defineError('TICKET_ERR_TAG_LIMIT', 409, 'A guild may have at most %s tags'),
} as const;
