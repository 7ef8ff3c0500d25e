import { giveawayErrors } from '../errors.js';
import type { BonusEntries, MemberFacts, Requirements } from './giveaway.js';

/** The requirement a member failed, named as the API names it. */
export type FailedRequirement = 'required_roles' | 'excluded_roles' | 'min_account_age' | 'min_member_age';

/**
 * The first requirement `member` fails at `now`, or undefined when it may enter. Unknown join or
 * account-creation times fail an age minimum (the bot always knows them; a caller that does not
 * cannot prove the age).
 */
export function failedRequirement(
  requirements: Requirements,
  member: MemberFacts,
  now: Date,
): FailedRequirement | undefined {
  const held = new Set(member.roleIds);
  const required = requirements.requiredRoleIds;
  if (required.length > 0) {
    const ok =
      requirements.requiredRolesMode === 'all'
        ? required.every((r) => held.has(r))
        : required.some((r) => held.has(r));
    if (!ok) return 'required_roles';
  }
  if (requirements.excludedRoleIds.some((r) => held.has(r))) return 'excluded_roles';
  const olderThan = (since: Date | null, ms: number) =>
    ms <= 0 || (since !== null && now.getTime() - since.getTime() >= ms);
  if (!olderThan(member.accountCreatedAt, requirements.minAccountAgeMs)) return 'min_account_age';
  if (!olderThan(member.joinedAt, requirements.minMemberAgeMs)) return 'min_member_age';
  return undefined;
}

const explanations: Record<FailedRequirement, (r: Requirements) => string> = {
  required_roles: (r) =>
    `needs ${r.requiredRolesMode === 'all' ? 'all' : 'one'} of the roles ${r.requiredRoleIds.join(', ')}`,
  excluded_roles: (r) => `members with the roles ${r.excludedRoleIds.join(', ')} may not enter`,
  min_account_age: (r) => `the Discord account must be at least ${r.minAccountAgeMs} ms old`,
  min_member_age: (r) => `membership in the guild must be at least ${r.minMemberAgeMs} ms old`,
};

/** Throws 403 GIVEAWAY_ERR_NOT_ELIGIBLE naming the failed requirement (details.requirement). */
export function assertEligible(requirements: Requirements, member: MemberFacts, now: Date): void {
  const failed = failedRequirement(requirements, member, now);
  if (failed === undefined) return;
  throw new giveawayErrors.GIVEAWAY_ERR_NOT_ELIGIBLE(explanations[failed](requirements)).withDetails({
    requirement: failed,
  });
}

/** A member's weight in the draw: 1 + the bonus entries of every role they hold. */
export function entryWeight(bonus: readonly BonusEntries[], roleIds: readonly string[]): number {
  const held = new Set(roleIds);
  return 1 + bonus.reduce((sum, b) => sum + (held.has(b.roleId) ? b.entries : 0), 0);
}
