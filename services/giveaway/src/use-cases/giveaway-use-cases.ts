import type { GiveawayDeps } from './deps.js';
import { createEntrantCounter, type EntrantCounterOptions } from './entrant-counter.js';
import { createEntries } from './entries.js';
import { createGiveawayChanges } from './giveaway-changes.js';
import { createGiveawayQueries } from './giveaway-queries.js';

/** Every use case of the giveaway service over one set of dependencies (HTTP and NATS share them). */
export function createGiveawayUseCases(
  deps: GiveawayDeps,
  options: { readonly onArmed?: (at: Date) => void; readonly counter?: EntrantCounterOptions } = {},
) {
  const counter = createEntrantCounter(deps, options.counter);
  return {
    deps,
    counter,
    giveaways: createGiveawayChanges(deps, options.onArmed),
    entries: createEntries(deps, counter),
    queries: createGiveawayQueries(deps),
  };
}

/** The giveaway service's use cases. */
export type GiveawayUseCases = ReturnType<typeof createGiveawayUseCases>;
