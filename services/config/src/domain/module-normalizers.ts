import type { JsonObject } from '@bufbuild/protobuf';
import type { SettingsModuleName } from '@guildwire/contracts';
import { withCategoryIds } from './ticket-category-ids.js';

/** Completes a module's document before validation (e.g. ids made for new list items). */
export type ModuleNormalizer = (settings: JsonObject) => JsonObject;

/**
 * Normalizers per module: what a write fills in for the admin, so the stored version holds it (and
 * it stays what it was made as). A module without one needs no entry.
 */
export const moduleNormalizers: Partial<Record<SettingsModuleName, ModuleNormalizer>> = {
  tickets: withCategoryIds,
};
