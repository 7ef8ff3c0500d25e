import {
  BotPresenceReplySchema,
  GetBotPresenceRequestSchema,
  GetMemberRolesRequestSchema,
  GuildChannelsReplySchema,
  GuildRolesReplySchema,
  ListGuildChannelsRequestSchema,
  ListGuildRolesRequestSchema,
  MemberRolesReplySchema,
  SendPanelReplySchema,
  SendPanelRequestSchema,
} from '../gen/guildwire/discord/v1/commands_pb.js';
import { defineCommand } from '../registry/define-command.js';

/** Commands served by the bot gateway on `cmd.discord.*` (what the dashboard needs from Discord). */
export const discordCommands = {
  listChannels: defineCommand(
    'discord',
    'list_channels',
    ListGuildChannelsRequestSchema,
    GuildChannelsReplySchema,
  ),
  listRoles: defineCommand('discord', 'list_roles', ListGuildRolesRequestSchema, GuildRolesReplySchema),
  memberRoles: defineCommand('discord', 'member_roles', GetMemberRolesRequestSchema, MemberRolesReplySchema),
  botPresence: defineCommand('discord', 'bot_presence', GetBotPresenceRequestSchema, BotPresenceReplySchema),
  sendPanel: defineCommand('discord', 'send_panel', SendPanelRequestSchema, SendPanelReplySchema),
} as const;
