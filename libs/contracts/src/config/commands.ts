import {
  GetSettingsRequestSchema,
  GetSettingsVersionRequestSchema,
  ListSettingsHistoryRequestSchema,
  ListSettingsModulesReplySchema,
  ListSettingsModulesRequestSchema,
  ResetSettingsRequestSchema,
  RollbackSettingsRequestSchema,
  SettingsHistoryReplySchema,
  SettingsReplySchema,
  SettingsVersionReplySchema,
  UpdateSettingsRequestSchema,
} from '../gen/guildwire/config/v1/commands_pb.js';
import { defineCommand } from '../registry/define-command.js';

/** Commands served by the config service on `cmd.config.*`. */
export const configCommands = {
  listModules: defineCommand(
    'config',
    'list_modules',
    ListSettingsModulesRequestSchema,
    ListSettingsModulesReplySchema,
  ),
  get: defineCommand('config', 'get', GetSettingsRequestSchema, SettingsReplySchema),
  update: defineCommand('config', 'update', UpdateSettingsRequestSchema, SettingsReplySchema),
  reset: defineCommand('config', 'reset', ResetSettingsRequestSchema, SettingsReplySchema),
  rollback: defineCommand('config', 'rollback', RollbackSettingsRequestSchema, SettingsReplySchema),
  history: defineCommand('config', 'history', ListSettingsHistoryRequestSchema, SettingsHistoryReplySchema),
  getVersion: defineCommand(
    'config',
    'get_version',
    GetSettingsVersionRequestSchema,
    SettingsVersionReplySchema,
  ),
} as const;
