import t from 'tap';
import { memoryCursorStore, storageCursorStore } from '../src/index.js';

function storage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
    removeItem: (k: string) => void items.delete(k),
  };
}

t.test('cursor store – memory keeps cursors per guild', async (t) => {
  const store = memoryCursorStore();
  store.set('1', { seq: 5, epoch: 'e' });
  t.same(store.get('1'), { seq: 5, epoch: 'e' });
  store.delete('1');
  t.equal(store.get('1'), undefined);
});

t.test(
  'cursor store – storage survives a new store over the same storage; junk reads as absent',
  async (t) => {
    const s = storage();
    storageCursorStore(s).set('1', { seq: 9, epoch: 'e' });
    t.same(storageCursorStore(s).get('1'), { seq: 9, epoch: 'e' });
    s.items.set('guildwire.cursor.2', '{nope');
    s.items.set('guildwire.cursor.3', '{"seq":"x","epoch":1}');
    t.equal(storageCursorStore(s).get('2'), undefined);
    t.equal(storageCursorStore(s).get('3'), undefined);
  },
);
