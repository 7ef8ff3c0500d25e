/**
 * The giveaway domain's own errors, answered alike over HTTP and NATS (a typed CommandError with
 * the same code and status). Validation, stale versions and idempotency use the shared GW_ERR_* codes.
 */
export declare const giveawayErrors: {
  readonly GIVEAWAY_ERR_NOT_FOUND: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_NOT_FOUND',
    'Giveaway %s not found'
  >;
  readonly GIVEAWAY_ERR_FORBIDDEN: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_FORBIDDEN',
    'Forbidden: %s'
  >;
  /** The giveaway is in a status that does not allow the operation (details.status). */
  readonly GIVEAWAY_ERR_WRONG_STATUS: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_WRONG_STATUS',
    'Giveaway is %s: cannot %s'
  >;
  readonly GIVEAWAY_ERR_NOT_OPEN: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_NOT_OPEN',
    'Giveaway is not open for entries: %s'
  >;
  /** A requirement the member does not meet (details.requirement names it). */
  readonly GIVEAWAY_ERR_NOT_ELIGIBLE: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_NOT_ELIGIBLE',
    'Not eligible: %s'
  >;
  readonly GIVEAWAY_ERR_NO_ENTRANTS_LEFT: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_NO_ENTRANTS_LEFT',
    'No eligible entrant is left to draw (%s entrants, %s already won)'
  >;
  readonly GIVEAWAY_ERR_RUNNING_LIMIT: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_RUNNING_LIMIT',
    'The guild already has %s active giveaways (limit %s)'
  >;
  readonly GIVEAWAY_ERR_BEACON_UNAVAILABLE: import('@guildwire/errors').GuildwireErrorConstructor<
    'GIVEAWAY_ERR_BEACON_UNAVAILABLE',
    'Beacon round %s is not available yet'
  >;
};
