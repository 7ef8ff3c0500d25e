import { defineError } from '@guildwire/errors';

/**
 * The giveaway domain's own errors, answered alike over HTTP and NATS (a typed CommandError with
 * the same code and status). Validation, stale versions and idempotency use the shared GW_ERR_* codes.
 */
export const giveawayErrors = {
  GIVEAWAY_ERR_NOT_FOUND: defineError('GIVEAWAY_ERR_NOT_FOUND', 404, 'Giveaway %s not found'),
  GIVEAWAY_ERR_FORBIDDEN: defineError('GIVEAWAY_ERR_FORBIDDEN', 403, 'Forbidden: %s'),
  /** The giveaway is in a status that does not allow the operation (details.status). */
  GIVEAWAY_ERR_WRONG_STATUS: defineError('GIVEAWAY_ERR_WRONG_STATUS', 409, 'Giveaway is %s: cannot %s'),
  GIVEAWAY_ERR_NOT_OPEN: defineError('GIVEAWAY_ERR_NOT_OPEN', 409, 'Giveaway is not open for entries: %s'),
  /** A requirement the member does not meet (details.requirement names it). */
  GIVEAWAY_ERR_NOT_ELIGIBLE: defineError('GIVEAWAY_ERR_NOT_ELIGIBLE', 403, 'Not eligible: %s'),
  GIVEAWAY_ERR_NO_ENTRANTS_LEFT: defineError(
    'GIVEAWAY_ERR_NO_ENTRANTS_LEFT',
    409,
    'No eligible entrant is left to draw (%s entrants, %s already won)',
  ),
  GIVEAWAY_ERR_RUNNING_LIMIT: defineError(
    'GIVEAWAY_ERR_RUNNING_LIMIT',
    409,
    'The guild already has %s active giveaways (limit %s)',
  ),
  GIVEAWAY_ERR_BEACON_UNAVAILABLE: defineError(
    'GIVEAWAY_ERR_BEACON_UNAVAILABLE',
    503,
    'Beacon round %s is not available yet',
  ),
} as const;
