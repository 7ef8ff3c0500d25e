import { defineError } from '@guildwire/service-kit';

/**
 * Every error the ticket service answers with, over HTTP (`{ error: { code, message, details? } }`)
 * and over NATS (CommandError with the same code and status).
 */
export const ticketErrors = {
  TICKET_ERR_NOT_FOUND: defineError('TICKET_ERR_NOT_FOUND', 404, 'Ticket %s not found'),
  TICKET_ERR_PANEL_NOT_FOUND: defineError('TICKET_ERR_PANEL_NOT_FOUND', 404, 'Panel %s not found'),
  TICKET_ERR_ATTACHMENT_NOT_FOUND: defineError(
    'TICKET_ERR_ATTACHMENT_NOT_FOUND',
    404,
    'Attachment %s not found',
  ),
  TICKET_ERR_VALIDATION: defineError('TICKET_ERR_VALIDATION', 400, 'Invalid request: %s'),
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
  TICKET_ERR_IDEMPOTENCY_MISMATCH: defineError(
    'TICKET_ERR_IDEMPOTENCY_MISMATCH',
    422,
    'Idempotency key %s was used for a different request',
  ),
  TICKET_ERR_STALE_VERSION: defineError(
    'TICKET_ERR_STALE_VERSION',
    412,
    'Version %s is stale; the current version is %s',
  ),
  TICKET_ERR_PRECONDITION_REQUIRED: defineError(
    'TICKET_ERR_PRECONDITION_REQUIRED',
    428,
    'This change needs an If-Match header with the %s version',
  ),
} as const;
