import t from 'tap';
import type { Requirements } from '../../src/domain/giveaway.js';
import { assertEligible, entryWeight, failedRequirement } from '../../src/domain/requirements.js';

const none: Requirements = {
  requiredRoleIds: [],
  requiredRolesMode: 'any',
  excludedRoleIds: [],
  minAccountAgeMs: 0,
  minMemberAgeMs: 0,
};
const now = new Date('2026-01-10T00:00:00Z');
const day = 86_400_000;
const facts = (roleIds: string[], joinedDaysAgo = 100, accountDaysAgo = 1000) => ({
  roleIds,
  joinedAt: new Date(now.getTime() - joinedDaysAgo * day),
  accountCreatedAt: new Date(now.getTime() - accountDaysAgo * day),
});

t.test('requirements – each requirement refuses with its own name', async (t) => {
  t.equal(failedRequirement(none, facts([]), now), undefined);
  const any = { ...none, requiredRoleIds: ['1', '2'] };
  t.equal(failedRequirement(any, facts(['2']), now), undefined);
  t.equal(failedRequirement(any, facts(['3']), now), 'required_roles');
  const all = { ...any, requiredRolesMode: 'all' as const };
  t.equal(failedRequirement(all, facts(['2']), now), 'required_roles');
  t.equal(failedRequirement(all, facts(['1', '2']), now), undefined);
  t.equal(failedRequirement({ ...none, excludedRoleIds: ['9'] }, facts(['9']), now), 'excluded_roles');
  t.equal(
    failedRequirement({ ...none, minAccountAgeMs: 30 * day }, facts([], 100, 10), now),
    'min_account_age',
  );
  t.equal(failedRequirement({ ...none, minMemberAgeMs: 7 * day }, facts([], 3), now), 'min_member_age');
  t.equal(
    failedRequirement(
      { ...none, minMemberAgeMs: 7 * day },
      { roleIds: [], joinedAt: null, accountCreatedAt: null },
      now,
    ),
    'min_member_age',
    'an unknown join time cannot prove the age',
  );
  t.throws(() => assertEligible({ ...none, excludedRoleIds: ['9'] }, facts(['9']), now), {
    code: 'GIVEAWAY_ERR_NOT_ELIGIBLE',
    statusCode: 403,
    details: { requirement: 'excluded_roles' },
  });
});

t.test('requirements – bonus entries of every held role add up', async (t) => {
  const bonus = [
    { roleId: '5', entries: 2 },
    { roleId: '6', entries: 3 },
  ];
  t.equal(entryWeight(bonus, []), 1);
  t.equal(entryWeight(bonus, ['5']), 3);
  t.equal(entryWeight(bonus, ['5', '6', '7']), 6);
});
