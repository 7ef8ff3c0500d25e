import type { ConfigDeps } from './deps.js';
import { createSettingsChanges } from './settings-changes.js';
import { createSettingsQueries } from './settings-queries.js';

/** Every use case of the config service over one set of dependencies (HTTP and NATS share them). */
export function createConfigUseCases(deps: ConfigDeps) {
  return {
    changes: createSettingsChanges(deps),
    queries: createSettingsQueries(deps),
  };
}

/** The config service's use cases. */
export type ConfigUseCases = ReturnType<typeof createConfigUseCases>;
