import t from 'tap';
import { diffSettings, jsonEqual } from '../../src/domain/diff-settings.js';
import { mergePatch } from '../../src/domain/merge-patch.js';

t.test('merge patch – RFC 7396 examples', async (t) => {
  // The test cases of RFC 7396, appendix A.
  const cases: [unknown, unknown, unknown][] = [
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ];
  for (const [target, patch, expected] of cases) {
    t.same(mergePatch(target as never, patch as never), expected, JSON.stringify({ target, patch }));
  }
});

t.test('merge patch – neither argument is mutated; "__proto__" stays a plain member', async (t) => {
  const target = { a: { b: 1 } };
  const patch = JSON.parse('{"a":{"c":2},"__proto__":{"polluted":true}}');
  const result = mergePatch(target, patch) as Record<string, unknown>;
  t.same(target, { a: { b: 1 } });
  t.ok(Object.hasOwn(result, '__proto__'), 'an own member, which validation refuses by name');
  t.equal(({} as Record<string, unknown>).polluted, undefined);
  t.equal(Object.getPrototypeOf(result), Object.prototype);
});

t.test('diff – one change per differing leaf, arrays whole, pointers escaped', async (t) => {
  const before = { a: 1, list: ['1', '2'], nested: { x: 'same', y: 'old' }, 'we/ird~': 1, gone: true };
  const after = { a: 1, list: ['1', '2', '3'], nested: { x: 'same', y: 'new' }, 'we/ird~': 2, added: 0 };
  t.same(diffSettings(before, after), [
    { path: '/list', before: ['1', '2'], after: ['1', '2', '3'] },
    { path: '/nested/y', before: 'old', after: 'new' },
    { path: '/we~1ird~0', before: 1, after: 2 },
    { path: '/gone', before: true },
    { path: '/added', after: 0 },
  ]);
  t.same(diffSettings(before, structuredClone(before)), [], 'equal documents: no change');
  t.ok(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }), 'member order does not matter');
  t.notOk(jsonEqual([1, 2], [2, 1]), 'item order does');
});
