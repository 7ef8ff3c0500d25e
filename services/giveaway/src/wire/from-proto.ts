import { type Timestamp, timestampDate } from '@bufbuild/protobuf/wkt';
import {
  type BonusEntries as ProtoBonus,
  type Requirements as ProtoRequirements,
  RequiredRolesMode,
} from '@guildwire/contracts';
import type { FieldChecker } from '@guildwire/errors';
import type { BonusEntries, Requirements } from '../domain/giveaway.js';
import { limits } from '../domain/limits.js';

/** A proto timestamp as a date (undefined when unset). */
export const dateOf = (t: Timestamp | undefined) => (t ? timestampDate(t) : undefined);

/** Requirements from a request (durations as numbers). */
export function requirementsFromProto(r: ProtoRequirements): Requirements {
  return {
    requiredRoleIds: [...r.requiredRoleIds],
    requiredRolesMode: r.requiredRolesMode === RequiredRolesMode.ALL ? 'all' : 'any',
    excludedRoleIds: [...r.excludedRoleIds],
    minAccountAgeMs: Number(r.minAccountAgeMs),
    minMemberAgeMs: Number(r.minMemberAgeMs),
  };
}

/** Bonus entries from a request. */
export const bonusFromProto = (b: readonly ProtoBonus[]): BonusEntries[] =>
  b.map((x) => ({ roleId: x.roleId, entries: x.entries }));

const maxAgeMs = 100 * 365 * 86_400_000;

/** Field errors of requirements in a request (field names as the proto's). */
export function checkRequirements(c: FieldChecker, field: string, r: ProtoRequirements | undefined): void {
  if (!r) return;
  for (const [name, ids] of [
    ['required_role_ids', r.requiredRoleIds],
    ['excluded_role_ids', r.excludedRoleIds],
  ] as const) {
    c.check(`${field}/${name}`, ids.length <= limits.roles, `must have at most ${limits.roles} roles`);
    for (const [i, id] of ids.entries()) c.snowflake(`${field}/${name}/${i}`, id, { required: true });
  }
  for (const [name, ms] of [
    ['min_account_age_ms', r.minAccountAgeMs],
    ['min_member_age_ms', r.minMemberAgeMs],
  ] as const) {
    c.check(`${field}/${name}`, ms >= 0n && ms <= BigInt(maxAgeMs), `must be between 0 and ${maxAgeMs}`);
  }
}

/** Field errors of bonus entries in a request. */
export function checkBonus(c: FieldChecker, field: string, bonus: readonly ProtoBonus[]): void {
  c.check(field, bonus.length <= limits.bonusEntries, `must have at most ${limits.bonusEntries} roles`);
  bonus.forEach((b, i) => {
    c.snowflake(`${field}/${i}/role_id`, b.roleId, { required: true }).check(
      `${field}/${i}/entries`,
      b.entries >= 1 && b.entries <= limits.bonusPerRole,
      `must be between 1 and ${limits.bonusPerRole}`,
    );
  });
}
