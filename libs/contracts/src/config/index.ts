export { configCommands } from './commands.js';
export type { SettingsModule } from './define-module.js';
export { defineSettingsModule, OneOf, OptionalSnowflake, Snowflake, SnowflakeList } from './define-module.js';
export { configEvents } from './events.js';
export type {
  GiveawaysSettings,
  MusicSettings,
  SettingsModuleName,
  SettingsOf,
  TicketsSettings,
  VoiceSettings,
} from './modules.js';
export {
  giveawaysModule,
  isSettingsModuleName,
  musicModule,
  settingsModules,
  ticketsModule,
  voiceModule,
} from './modules.js';
export type { ResolvedTicketCategory, TicketQuestion } from './ticket-categories.js';
export { allTicketSupportRoleIds, resolveTicketCategory, ticketCategories } from './ticket-categories.js';
export {
  categoryIdPattern,
  defaultTicketCategoryId,
  modalLimits,
  TicketCategorySchema,
  TicketQuestionSchema,
} from './ticket-category-schema.js';
