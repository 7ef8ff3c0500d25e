import type { Static } from 'typebox';
import type { BonusEntries, Requirements } from '../domain/giveaway.js';
import type { RequirementsBody } from './schemas.js';

/** Requirements from an HTTP body (absent fields = none). */
export function requirementsFromBody(body: Static<typeof RequirementsBody>): Requirements {
  return {
    requiredRoleIds: body.requiredRoleIds ?? [],
    requiredRolesMode: body.requiredRolesMode ?? 'any',
    excludedRoleIds: body.excludedRoleIds ?? [],
    minAccountAgeMs: body.minAccountAgeMs ?? 0,
    minMemberAgeMs: body.minMemberAgeMs ?? 0,
  };
}

/** Bonus entries from an HTTP body. */
export const bonusFromBody = (body: readonly { roleId: string; entries: number }[]): BonusEntries[] =>
  body.map((b) => ({ roleId: b.roleId, entries: b.entries }));
