import type { TicketFilters } from '../tickets/ticket-filters.js';

// Every query of a guild starts with ['g', guildId]: a resync of the guild invalidates that prefix.

/** Query keys of the pages' data. */
export const keys = {
  guild: (guildId: string) => ['g', guildId] as const,
  ticketLists: (guildId: string) => ['g', guildId, 'tickets', 'list'] as const,
  ticketList: (guildId: string, filters: TicketFilters) =>
    ['g', guildId, 'tickets', 'list', filters] as const,
  ticket: (guildId: string, ticketId: string) => ['g', guildId, 'tickets', 'detail', ticketId] as const,
  ticketMessages: (guildId: string, ticketId: string) =>
    ['g', guildId, 'tickets', 'messages', ticketId] as const,
  ticketReplies: (guildId: string, ticketId: string) =>
    ['g', guildId, 'tickets', 'replies', ticketId] as const,
  /**
   * What the stream brought for a ticket's conversation while its page is open. Outside the guild's
   * prefix on purpose: a resync refetches the pages, and must not drop what arrived meanwhile.
   */
  conversationLive: (guildId: string, ticketId: string) => ['live-conversation', guildId, ticketId] as const,
  ticketStats: (guildId: string) => ['g', guildId, 'tickets', 'stats'] as const,
  ticketCategories: (guildId: string) => ['g', guildId, 'tickets', 'categories'] as const,
  panels: (guildId: string) => ['g', guildId, 'panels'] as const,
  tags: (guildId: string) => ['g', guildId, 'tags'] as const,
  blacklist: (guildId: string) => ['g', guildId, 'blacklist'] as const,
  giveawayLists: (guildId: string) => ['g', guildId, 'giveaways', 'list'] as const,
  giveawayList: (guildId: string, status: string) => ['g', guildId, 'giveaways', 'list', status] as const,
  giveaway: (guildId: string, giveawayId: string) =>
    ['g', guildId, 'giveaways', 'detail', giveawayId] as const,
  giveawayDraw: (guildId: string, giveawayId: string) =>
    ['g', guildId, 'giveaways', 'draw', giveawayId] as const,
  giveawayStats: (guildId: string) => ['g', guildId, 'giveaways', 'stats'] as const,
  settings: (guildId: string, module: string) => ['g', guildId, 'settings', module] as const,
  settingsHistory: (guildId: string, module: string) =>
    ['g', guildId, 'settings', module, 'history'] as const,
  channels: (guildId: string) => ['g', guildId, 'discord', 'channels'] as const,
  roles: (guildId: string) => ['g', guildId, 'discord', 'roles'] as const,
};
