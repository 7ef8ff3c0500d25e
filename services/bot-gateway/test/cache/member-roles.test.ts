import t from 'tap';
import { createMemberRoles } from '../../src/cache/member-roles.js';

t.test('member roles – bounded, least recently used goes first', async (t) => {
  const members = createMemberRoles(2);
  members.set('a', ['1']);
  members.set('b', []);
  t.same(members.get('a'), ['1'], 'a read makes a recent');
  members.set('c', null);
  t.equal(members.size, 2);
  t.equal(members.get('b'), undefined, 'b, least recently used, was evicted');
  t.same(members.get('a'), ['1']);
  t.equal(members.get('c'), null, 'a removed member is remembered as not a member');
});

t.test('member roles – a REST answer never replaces what a dispatch said meanwhile', async (t) => {
  const members = createMemberRoles(10);
  members.set('a', ['new']);
  members.setIfAbsent('a', ['old']);
  t.same(members.get('a'), ['new']);
  members.setIfAbsent('b', ['fetched']);
  t.same(members.get('b'), ['fetched']);
  const none = createMemberRoles(0);
  none.set('a', ['1']);
  t.equal(none.get('a'), undefined, 'a cap of 0 keeps nothing');
});
