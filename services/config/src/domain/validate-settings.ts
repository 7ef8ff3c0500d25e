import type { JsonObject } from '@bufbuild/protobuf';
import { isSettingsModuleName, type SettingsModule } from '@guildwire/contracts';
import { validationError } from '@guildwire/errors';
import { moduleRules } from './module-rules.js';
import { type ReferenceCheck, referencesOf } from './references.js';
import { schemaErrors } from './schema-errors.js';

/** Checks a complete settings document before it becomes a version. */
export interface SettingsValidator {
  /** Throws GW_ERR_VALIDATION (400) naming every invalid field by JSON pointer, all at once. */
  check(guildId: string, module: SettingsModule, settings: JsonObject): Promise<void>;
}

/**
 * The one validator of HTTP and NATS writes, in three steps, each only on what passed the one
 * before: the module's JSON Schema (types, ranges, formats, unknown fields), the module's rules
 * (module-rules.ts), then whether the ids it names exist in the guild (`references`).
 */
export function createSettingsValidator(references: ReferenceCheck): SettingsValidator {
  return {
    async check(guildId, module, settings) {
      const invalid = schemaErrors(module, settings);
      const rule = isSettingsModuleName(module.name) ? moduleRules[module.name] : undefined;
      if (invalid.length === 0 && rule) invalid.push(...rule(settings));
      if (invalid.length === 0) {
        invalid.push(
          ...(await references.check(guildId, module.name, referencesOf(module.schema, settings))),
        );
      }
      if (invalid.length > 0) throw validationError(invalid, 'settings');
    },
  };
}
