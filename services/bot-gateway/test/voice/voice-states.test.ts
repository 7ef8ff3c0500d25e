import { voiceModule } from '@guildwire/contracts';
import t from 'tap';
import { createGuildQueue } from '../../src/voice/guild-queue.js';
import { isRoomOf, ownerOverwrite, roomName } from '../../src/voice/room-spec.js';
import { createVoiceStates } from '../../src/voice/voice-states.js';

t.test('voice states – unknown until a full list, then not connected; bounded', async (t) => {
  const states = createVoiceStates(2);
  t.equal(states.channelOf('g1', 'u1'), undefined, 'nothing seen: unknown');
  t.equal(states.set('g1', 'u1', 'c1'), undefined, 'before a GUILD_CREATE the previous channel is unknown');
  t.equal(states.set('g1', 'u1', null), 'c1');
  t.equal(states.channelOf('g1', 'u1'), null, 'seen leaving');
  t.equal(states.channelOf('g1', 'u2'), undefined, 'not seen: still unknown after a RESUME');
  states.reset('g1', [
    { user_id: 'u2', channel_id: 'c2' },
    { user_id: 'u3', channel_id: null },
  ]);
  t.equal(states.channelOf('g1', 'u9'), null, 'after a full list, absent = not connected');
  t.same(states.occupants('g1', 'c2'), ['u2']);
  states.set('g2', 'u1', 'c1');
  states.set('g3', 'u1', 'c1');
  t.equal(states.channelOf('g1', 'u2'), undefined, 'the least recently updated guild was evicted');
});

t.test('guild queue – one guild in order, a failure does not stop the next', async (t) => {
  const queue = createGuildQueue();
  const order: string[] = [];
  let release: () => void = () => {};
  const gate = new Promise<void>((r) => {
    release = r;
  });
  const first = queue.run('g1', async () => {
    await gate;
    order.push('g1-a');
  });
  const failing = queue.run('g1', async () => {
    order.push('g1-b');
    throw new Error('boom');
  });
  const third = queue.run('g1', async () => order.push('g1-c'));
  await queue.run('g2', async () => order.push('g2'));
  t.same(order, ['g2'], 'another guild is not held up');
  release();
  await first;
  await t.rejects(failing, /boom/);
  await third;
  t.same(order, ['g2', 'g1-a', 'g1-b', 'g1-c']);
  await queue.drain();
});

t.test('room spec – names from the template, the owner signature', async (t) => {
  t.equal(roomName("{username}'s room", 'alice'), "alice's room");
  t.equal(roomName('{username} & {username}', 'bo'), 'bo & bo');
  t.equal(roomName('{username}', 'x'.repeat(150)).length, 100, 'cut to Discord’s 100 characters');
  t.equal(roomName('{username}', ''), "'s channel", 'never empty');
  const settings = { ...voiceModule.defaults, categoryId: '1300000000000000500' };
  const room = { type: 2, parent_id: settings.categoryId, permission_overwrites: [ownerOverwrite('42')] };
  t.ok(isRoomOf(room, '42', settings));
  t.notOk(isRoomOf(room, '43', settings), 'another member');
  t.notOk(isRoomOf({ ...room, type: 0 }, '42', settings), 'not voice');
  t.notOk(isRoomOf({ ...room, parent_id: null }, '42', settings), 'another category');
});
