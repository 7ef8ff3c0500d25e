import {
  GiveawayCancelledJson,
  GiveawayCreatedJson,
  GiveawayEndedJson,
  GiveawayEntrantsCountedJson,
  GiveawayEntryConfirmedJson,
  GiveawayEntryWithdrawnJson,
  GiveawayPausedJson,
  GiveawayRerolledJson,
  GiveawayResumedJson,
  GiveawayStartedJson,
  GiveawayUpdatedJson,
} from '../gen/guildwire/giveaway/v1/events_json.js';
import { type Audience, everyone } from '../registry/audience.js';
import { defineEvent } from '../registry/define-event.js';

/** A member's own entry: that member only (other members learn counts, not who entered). */
const entrantOnly = <M>(userOf: (event: M) => string | undefined): Audience<M> => ({
  roles: [],
  users: (event) => [userOf(event)],
});

/** Every giveaway event type, one declaration each. Giveaways are public in their guild. */
export const giveawayEvents = {
  created: defineEvent('giveaway', 'created', GiveawayCreatedJson, everyone),
  started: defineEvent('giveaway', 'started', GiveawayStartedJson, everyone),
  updated: defineEvent('giveaway', 'updated', GiveawayUpdatedJson, everyone),
  paused: defineEvent('giveaway', 'paused', GiveawayPausedJson, everyone),
  resumed: defineEvent('giveaway', 'resumed', GiveawayResumedJson, everyone),
  ended: defineEvent('giveaway', 'ended', GiveawayEndedJson, everyone),
  rerolled: defineEvent('giveaway', 'rerolled', GiveawayRerolledJson, everyone),
  cancelled: defineEvent('giveaway', 'cancelled', GiveawayCancelledJson, everyone),
  // Coalesced (about once per second per giveaway): a 100k-entrant giveaway is not 100k frames.
  entrantsCounted: defineEvent('giveaway', 'entrants_counted', GiveawayEntrantsCountedJson, everyone),
  entryConfirmed: defineEvent(
    'giveaway',
    'entry_confirmed',
    GiveawayEntryConfirmedJson,
    entrantOnly((e) => e.entry?.userId),
  ),
  entryWithdrawn: defineEvent(
    'giveaway',
    'entry_withdrawn',
    GiveawayEntryWithdrawnJson,
    entrantOnly((e) => e.userId),
  ),
} as const;
