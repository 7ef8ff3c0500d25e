export type { FakeDiscordControl, GatewayControl, UserMessage } from './control/control.js';
export type { DemoGuild } from './control/demo-guild.js';
export { demoIds, seedDemoGuild } from './control/demo-guild.js';
export { ControlUsageError, InteractionFailedError, WaitForTimeoutError } from './control/errors.js';
export type { UserAttachment, UserEdit } from './control/message-actions.js';
export type { OptionValue } from './control/slash-options.js';
export type {
  AutocompleteAction,
  ComponentAction,
  ModalAction,
  SlashCommandAction,
} from './control/user-actions.js';
export type { Condition, WaitForOptions } from './control/wait-for.js';
export type { DiscordErrorBody, FormErrorEntry, FormErrorTree } from './errors.js';
export { DiscordApiError, discordErrors } from './errors.js';
export { CloseCode, Intent, Op } from './gateway/constants.js';
export type { SessionInfo } from './gateway/hub.js';
export type { OAuthControl } from './oauth/oauth-control.js';
export type { OAuthCounts } from './oauth/oauth-store.js';
export type { FakeDiscordOptions } from './options.js';
export type { ForcedRateLimit, RateLimitScope } from './rest/rate-limit.js';
export type { ForcedServerError, ServerErrorStatus } from './rest/server-errors.js';
export type { FakeDiscord } from './server.js';
export { startFakeDiscord } from './server.js';
export type { SnowflakeGenerator } from './snowflake.js';
export {
  createSnowflakeGenerator,
  DISCORD_EPOCH,
  shardOfGuild,
  snowflakeFromTimestamp,
  snowflakeTimestamp,
} from './snowflake.js';
export type { ChannelInput } from './state/channels.js';
export type { GuildInput, MemberInput, RoleInput, UserInput } from './state/guilds.js';
export type { GuildRecord, RequestRecord } from './state/store.js';
export type {
  ApiChannel,
  ApiCommand,
  ApiMessage,
  ApiOverwrite,
  ApiRole,
  ApiUser,
  InteractionCallback,
  InteractionRecord,
  InteractionStatus,
  JsonObject,
  MemberRecord,
  VoiceStateRecord,
} from './state/types.js';
