import type { JsonObject } from '@bufbuild/protobuf';
import type { GiveawaysSettings, SettingsModuleName, TicketsSettings } from '@guildwire/contracts';
import type { FieldError } from '@guildwire/errors';
import { ticketCategoryErrors } from './ticket-category-rules.js';

/** Rules of one module beyond its JSON Schema, run on settings that passed the schema. */
export type ModuleRule = (settings: JsonObject) => FieldError[];

// Building an Intl.DateTimeFormat costs about half a millisecond (a profile of the write path found
// it its largest cost); the answer per zone name never changes while the process runs.
const knownZones = new Map<string, boolean>();
const maxKnownZones = 1024;

/** True when `zone` is an IANA time zone this runtime knows (`Intl` throws a RangeError otherwise). */
export function isTimeZone(zone: string): boolean {
  let known = knownZones.get(zone);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      known = true;
    } catch {
      known = false;
    }
    if (knownZones.size >= maxKnownZones) knownZones.clear();
    knownZones.set(zone, known);
  }
  return known;
}

function ticketsRule(raw: JsonObject): FieldError[] {
  const settings = raw as unknown as TicketsSettings;
  const errors: FieldError[] = [];
  const { workingHours } = settings;
  if (!isTimeZone(workingHours.timeZone)) {
    errors.push({
      field: '/workingHours/timeZone',
      message: 'must be an IANA time zone such as Europe/Berlin',
    });
  }
  // "HH:MM" strings compare in time order; a range over midnight is two ranges on two days.
  workingHours.ranges.forEach((range, i) => {
    if (range.end <= range.start) {
      errors.push({ field: `/workingHours/ranges/${i}/end`, message: 'must be after start' });
    }
  });
  if (settings.categoryId !== '' && settings.overflowCategoryIds.includes(settings.categoryId)) {
    errors.push({ field: '/overflowCategoryIds', message: 'must not repeat categoryId' });
  }
  errors.push(...ticketCategoryErrors(settings));
  return errors;
}

function giveawaysRule(raw: JsonObject): FieldError[] {
  const { defaultRequirements } = raw as unknown as GiveawaysSettings;
  const excluded = new Set(defaultRequirements.excludedRoleIds);
  return defaultRequirements.requiredRoleIds.some((id) => excluded.has(id))
    ? [{ field: '/defaultRequirements/excludedRoleIds', message: 'must not name a required role' }]
    : [];
}

/**
 * Rules per module, where JSON Schema cannot say it (a range's end after its start, a time zone
 * that exists). A module without rules needs no entry: declaring it in libs/contracts is enough.
 */
export const moduleRules: Partial<Record<SettingsModuleName, ModuleRule>> = {
  tickets: ticketsRule,
  giveaways: giveawaysRule,
};
