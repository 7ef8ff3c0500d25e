export { createMessage, decodeMessage, encodeMessage, messageToJson, PayloadDecodeError } from './codec.js';
export * from './config/index.js';
export type { DashboardJsonSchema, JsonOf } from './dashboard-json/schema.js';
export { dashboardJsonSchema } from './dashboard-json/schema.js';
export { DashboardJsonError, toDashboardJson } from './dashboard-json/to-dashboard-json.js';
export { discordCommands } from './discord/commands.js';
export type { EventMetaInit } from './event-meta.js';
export { createEventMeta, dashboardActor, discordActor, systemActor } from './event-meta.js';
export type { GuildEventDef, GuildEventJson } from './events.js';
export { guildEvents } from './events.js';
export * from './gen/guildwire/common/v1/meta_json.js';
export * from './gen/guildwire/common/v1/meta_pb.js';
export * from './gen/guildwire/config/v1/commands_json.js';
export * from './gen/guildwire/config/v1/commands_pb.js';
export * from './gen/guildwire/config/v1/events_json.js';
export * from './gen/guildwire/config/v1/events_pb.js';
export * from './gen/guildwire/config/v1/settings_json.js';
export * from './gen/guildwire/config/v1/settings_pb.js';
export * from './gen/guildwire/discord/v1/commands_json.js';
export * from './gen/guildwire/discord/v1/commands_pb.js';
export * from './gen/guildwire/giveaway/v1/commands_json.js';
export * from './gen/guildwire/giveaway/v1/commands_pb.js';
export * from './gen/guildwire/giveaway/v1/events_json.js';
export * from './gen/guildwire/giveaway/v1/events_pb.js';
export * from './gen/guildwire/giveaway/v1/giveaway_json.js';
export * from './gen/guildwire/giveaway/v1/giveaway_pb.js';
export * from './gen/guildwire/realtime/v1/presence_json.js';
export * from './gen/guildwire/realtime/v1/presence_pb.js';
export * from './gen/guildwire/ticket/v1/commands_json.js';
export * from './gen/guildwire/ticket/v1/commands_pb.js';
export * from './gen/guildwire/ticket/v1/conversation_json.js';
export * from './gen/guildwire/ticket/v1/conversation_pb.js';
export * from './gen/guildwire/ticket/v1/events_json.js';
export * from './gen/guildwire/ticket/v1/events_pb.js';
export * from './gen/guildwire/ticket/v1/ticket_json.js';
export * from './gen/guildwire/ticket/v1/ticket_pb.js';
export { giveawayCommands } from './giveaway/commands.js';
export { giveawayEvents } from './giveaway/events.js';
export type { Audience, GuildRole } from './registry/audience.js';
export { audienceAdmits, everyone, guildRoles, roleAtLeast, staffOnly } from './registry/audience.js';
export type { CommandDef } from './registry/define-command.js';
export { defineCommand } from './registry/define-command.js';
export type { EventDef, EventJsonOf, EventOf } from './registry/define-event.js';
export { defineEvent } from './registry/define-event.js';
export type { EventRegistry } from './registry/registry.js';
export { createEventRegistry } from './registry/registry.js';
export { guildIdToken, isGuildId, SubjectTokenError } from './registry/subject-token.js';
export type { ParsedEventSubject } from './registry/subjects.js';
export {
  allCapturesFilter,
  allGuildEventsFilter,
  allPresenceFilter,
  capturePartitionFilter,
  captureSubject,
  commandSubject,
  eventRoot,
  eventSubject,
  eventTypeFilter,
  guildEventsFilter,
  parseEventSubject,
  parsePresenceSubject,
  presenceRoot,
  presenceSubject,
  presenceSyncSubject,
} from './registry/subjects.js';
export type { StreamDecl } from './streams.js';
export { discordCaptureStream, guildEventsStream } from './streams.js';
export { ticketCommands } from './ticket/commands.js';
export { ticketEvents } from './ticket/events.js';
