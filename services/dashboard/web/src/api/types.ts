import type { paths as BotGatewayPaths } from './gen/bot-gateway.js';
import type { paths as ConfigPaths } from './gen/config.js';
import type { paths as DashboardPaths } from './gen/dashboard.js';
import type { paths as GiveawayPaths } from './gen/giveaway.js';
import type { paths as TicketPaths } from './gen/ticket.js';

// Names for the shapes the pages use, read from the generated OpenAPI types (never written by hand).
type Json<T> = T extends { content: { 'application/json': infer B } } ? B : never;

/** POST /auth/token's answer. */
export type IssuedToken = Json<DashboardPaths['/auth/token']['post']['responses'][200]>;
/** A guild the token grants, with the person's role. */
export type GrantedGuild = IssuedToken['guilds'][number];
/** GET /config.json. */
export type WebConfig = Json<DashboardPaths['/config.json']['get']['responses'][200]>;

/** One page of tickets. */
export type TicketPage = Json<TicketPaths['/v1/guilds/{guildId}/tickets']['get']['responses'][200]>;
/** A ticket (the dashboard JSON dialect, as in realtime events). */
export type Ticket = TicketPage['items'][number];
/** The list's query parameters. */
export type TicketListQuery = NonNullable<
  TicketPaths['/v1/guilds/{guildId}/tickets']['get']['parameters']['query']
>;
/** A ticket with its comments, attachments and history. */
export type TicketDetails = Json<
  TicketPaths['/v1/guilds/{guildId}/tickets/{ticketId}']['get']['responses'][200]
>;
/** A ticket category with its form (GET …/categories). */
export type TicketCategory = Json<
  TicketPaths['/v1/guilds/{guildId}/categories']['get']['responses'][200]
>['items'][number];
/** The body that opens a ticket. */
export type OpenTicketInput = NonNullable<
  TicketPaths['/v1/guilds/{guildId}/tickets']['post']['requestBody']
>['content']['application/json'];
/** One page of a ticket's Discord conversation. */
export type MessagePage = Json<
  TicketPaths['/v1/guilds/{guildId}/tickets/{ticketId}/messages']['get']['responses'][200]
>;
/** A message of a ticket's Discord conversation (the dashboard JSON dialect, as in realtime events). */
export type TicketMessage = MessagePage['items'][number];
/** A reply written on the dashboard, until the bot has posted it (pending) or given up (failed). */
export type TicketReplyDraft = Json<
  TicketPaths['/v1/guilds/{guildId}/tickets/{ticketId}/replies']['get']['responses'][200]
>['items'][number];
/** GET …/tickets/stats. */
export type TicketStats = Json<TicketPaths['/v1/guilds/{guildId}/tickets/stats']['get']['responses'][200]>;
/** A ticket panel. */
export type Panel = Json<TicketPaths['/v1/guilds/{guildId}/panels/{panelId}']['get']['responses'][200]>;
/** A tag: one of the guild's canned replies. */
export type TicketTag = Json<
  TicketPaths['/v1/guilds/{guildId}/tickets/tags/{tagId}']['get']['responses'][200]
>;
/** The body that creates a panel. */
export type PanelInput = NonNullable<
  TicketPaths['/v1/guilds/{guildId}/panels']['post']['requestBody']
>['content']['application/json'];
/** An entry of the guild's ticket blacklist (the dashboard JSON dialect, as in realtime events). */
export type BlacklistEntry = Json<
  TicketPaths['/v1/guilds/{guildId}/tickets/blacklist']['get']['responses'][200]
>[number];

/** A giveaway with the caller's own entry and (managers) its history. */
export type GiveawayDetails = Json<
  GiveawayPaths['/v1/guilds/{guildId}/giveaways/{giveawayId}']['get']['responses'][200]
>;
/** A giveaway (the dashboard JSON dialect, as in realtime events). */
export type Giveaway = GiveawayDetails['giveaway'];
/** One page of giveaways. */
export type GiveawayPage = Json<GiveawayPaths['/v1/guilds/{guildId}/giveaways']['get']['responses'][200]>;
/** The body that creates a giveaway. */
export type GiveawayInput = NonNullable<
  GiveawayPaths['/v1/guilds/{guildId}/giveaways']['post']['requestBody']
>['content']['application/json'];
/** GET …/giveaways/stats. */
export type GiveawayStats = Json<
  GiveawayPaths['/v1/guilds/{guildId}/giveaways/stats']['get']['responses'][200]
>;
/** An ended giveaway's public draw. */
export type PublishedDraw = Json<
  GiveawayPaths['/v1/guilds/{guildId}/giveaways/{giveawayId}/draw']['get']['responses'][200]
>;

/** A module's settings. */
export type ModuleSettings = Json<
  ConfigPaths['/v1/guilds/{guildId}/settings/{module}']['get']['responses'][200]
>;
/** One page of a module's history. */
export type SettingsHistory = Json<
  ConfigPaths['/v1/guilds/{guildId}/settings/{module}/history']['get']['responses'][200]
>;

/** A channel of the guild as the bot sees it. */
export type DiscordChannel = Json<
  BotGatewayPaths['/v1/guilds/{guildId}/discord/channels']['get']['responses'][200]
>[number];
/** A role of the guild. */
export type DiscordRole = Json<
  BotGatewayPaths['/v1/guilds/{guildId}/discord/roles']['get']['responses'][200]
>[number];

export type { BotGatewayPaths, ConfigPaths, DashboardPaths, GiveawayPaths, TicketPaths };
