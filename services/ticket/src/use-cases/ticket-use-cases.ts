import { createBlacklist } from './blacklist.js';
import { createConversation } from './conversation.js';
import type { TicketDeps } from './deps.js';
import { createPanels } from './panels.js';
import { createTags } from './tags.js';
import { createTicketChanges } from './ticket-changes.js';
import { createTicketQueries } from './ticket-queries.js';

/** Every use case of the ticket service over one set of dependencies (HTTP and NATS share them). */
export function createTicketUseCases(deps: TicketDeps) {
  const conversation = createConversation(deps);
  return {
    deps,
    tickets: createTicketChanges(deps),
    queries: createTicketQueries(deps),
    panels: createPanels(deps),
    conversation,
    tags: createTags(deps, conversation),
    blacklist: createBlacklist(deps),
  };
}

/** The ticket service's use cases. */
export type TicketUseCases = ReturnType<typeof createTicketUseCases>;
