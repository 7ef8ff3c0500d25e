import type { JsonObject } from '@bufbuild/protobuf';
import { type Bus, bindCommand, type CommandServer, serveCommands } from '@guildwire/bus';
import {
  configCommands,
  isSettingsModuleName,
  type SettingsModuleName,
  type SettingsOf,
  settingsModules,
} from '@guildwire/contracts';

/** Per module, the fields that differ from the module's defaults. */
export type SettingsOverrides = { readonly [M in SettingsModuleName]?: Partial<SettingsOf<M>> };

/**
 * Answers `cmd.config.get` on `bus` the way the config service would, for tests and benchmarks
 * that run a service without it: every guild's module is `overrides[module]` over the module's
 * defaults, at version 1. Stop the returned server when done.
 */
export async function answerSettings(bus: Bus, overrides: SettingsOverrides): Promise<CommandServer> {
  return serveCommands(bus, { name: 'config', version: '0.0.0' }, [
    bindCommand(configCommands.get, async (req) => {
      const module = isSettingsModuleName(req.module) ? req.module : undefined;
      const settings = module ? { ...settingsModules[module].defaults, ...overrides[module] } : {};
      return {
        settings: {
          guildId: req.guildId,
          module: req.module,
          version: 1,
          settings: settings as unknown as JsonObject,
        },
      };
    }),
  ]);
}
