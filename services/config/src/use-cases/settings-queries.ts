import { type SettingsModule, settingsModules } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { type Caller, requireRead } from '../domain/caller.js';
import {
  defaultState,
  type ModuleState,
  moduleNamed,
  type SettingsVersion,
  withDefaults,
} from '../domain/module-settings.js';
import { configErrors } from '../errors.js';
import { settingsStore } from '../store/settings-store.js';
import type { ConfigDeps } from './deps.js';

/** A page of history: versions newest first; `nextCursor` undefined on the last page. */
export interface HistoryPage {
  readonly versions: readonly SettingsVersion[];
  readonly nextCursor: string | undefined;
}

/** Most versions on one history page. */
export const maxHistoryPage = 100;
const cursorPattern = /^[1-9][0-9]{0,9}$/;

/** Reads of module settings, shared by the HTTP routes and the NATS commands. */
export function createSettingsQueries(deps: Pick<ConfigDeps, 'db'>) {
  const store = settingsStore(deps.db);
  return {
    /** Every declared module (schema and defaults): not guild data, so anyone who asks may see it. */
    modules(): SettingsModule[] {
      return Object.values(settingsModules);
    },

    /** The guild's settings of the module, defaults filled in; version 0 when never changed. */
    async get(caller: Caller, moduleName: string): Promise<ModuleState> {
      requireRead(caller);
      const module = moduleNamed(moduleName);
      const stored = await store.current(caller.guildId, module.name);
      return stored
        ? { ...stored, settings: withDefaults(module, stored.settings) }
        : defaultState(caller.guildId, module);
    },

    /** Versions newest first; the cursor is opaque to callers (today: the version to go below). */
    async history(
      caller: Caller,
      moduleName: string,
      page: { readonly cursor?: string | undefined; readonly limit: number },
    ): Promise<HistoryPage> {
      requireRead(caller);
      const module = moduleNamed(moduleName);
      const cursor = page.cursor || undefined;
      if (cursor !== undefined && !cursorPattern.test(cursor)) {
        throw validationError([{ field: '/cursor', message: 'is not a cursor this API returned' }]);
      }
      const limit = Math.min(Math.max(page.limit, 1), maxHistoryPage);
      const rows = await store.history(caller.guildId, module.name, {
        before: cursor === undefined ? undefined : Number(cursor),
        limit: limit + 1,
      });
      const versions = rows.slice(0, limit);
      const more = rows.length > limit;
      return { versions, nextCursor: more ? String(versions.at(-1)!.state.version) : undefined };
    },

    /** One version of the history; 404 when the module never had it. */
    async version(caller: Caller, moduleName: string, version: number): Promise<SettingsVersion> {
      requireRead(caller);
      const module = moduleNamed(moduleName);
      const found = await store.version(caller.guildId, module.name, version);
      if (!found) throw new configErrors.CONFIG_ERR_VERSION_NOT_FOUND(version, module.name);
      return found;
    },
  };
}

/** The settings reads' interface. */
export type SettingsQueries = ReturnType<typeof createSettingsQueries>;
