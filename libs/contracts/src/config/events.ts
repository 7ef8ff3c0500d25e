import { ConfigUpdatedJson } from '../gen/guildwire/config/v1/events_json.js';
import { staffOnly } from '../registry/audience.js';
import { defineEvent } from '../registry/define-event.js';

/** Every config event type: one per new version of a guild's module settings. */
export const configEvents = {
  updated: defineEvent('config', 'updated', ConfigUpdatedJson, staffOnly),
} as const;
