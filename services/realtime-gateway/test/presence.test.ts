import { fileURLToPath } from 'node:url';
import { createMessage, encodeMessage, PresenceUpdateSchema, presenceSubject } from '@guildwire/contracts';
import { closeCodes, errorCodes, streamPath } from '@guildwire/realtime-client/protocol';
import { spawnService, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { auth, natsForTest, rawClient, sdkClient, startGateway, tokenFor } from './fixtures.js';
import {
  fastPresence,
  ids,
  presenceFrames,
  roundTrip,
  slowPresence,
  viewersAre,
} from './presence-fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

t.test('presence – viewers across two gateways on one NATS', async (t) => {
  const { nats, bus } = await natsForTest(t);
  const a = await startGateway(t, nats, { ...fastPresence, maxViews: 3 });
  const b = await startGateway(t, nats, fastPresence);

  t.test(
    'a viewer on A is seen by staff on B; a member is counted but gets no list; unview and disconnect remove',
    async (t) => {
      const topic = 'ticket:0190c1d2-0000-7000-8000-000000000001';
      const staffB = await rawClient(t, b.url, tokenFor('700', { '42': 'staff' }));
      staffB.send({ op: 'view', guildId: '42', topic });
      await viewersAre(staffB, topic, ['700']);

      const memberA = await rawClient(t, a.url, tokenFor('701', { '42': 'member' }));
      memberA.send({ op: 'view', guildId: '42', topic });
      await viewersAre(staffB, topic, ['700', '701']);

      const adminA = await rawClient(t, a.url, tokenFor('702', { '42': 'admin' }));
      adminA.send({ op: 'view', guildId: '42', topic });
      const adminList = await viewersAre(adminA, topic, ['700', '701', '702']);
      t.ok(
        adminList.viewers.every((v) => Number.isSafeInteger(v.since) && v.since > 0),
        'since in Unix ms',
      );
      await viewersAre(staffB, topic, ['700', '701', '702']);

      await roundTrip(memberA);
      t.same(presenceFrames(memberA, topic), [], 'the member receives no viewer list');

      let from = staffB.frames.length;
      memberA.send({ op: 'unview', guildId: '42', topic });
      await viewersAre(staffB, topic, ['700', '702'], from);
      memberA.send({ op: 'unview', guildId: '42', topic });
      t.match(await memberA.next((f) => f.op === 'error'), {
        code: errorCodes.notViewing,
        guildId: '42',
        topic,
      });

      from = staffB.frames.length;
      adminA.ws.terminate();
      await viewersAre(staffB, topic, ['700'], from);
      t.equal(await a.metric('realtime_presence_views'), 0, 'the closed connection left no view behind');
    },
  );

  t.test('the same person on two connections is one viewer, listed from their first view', async (t) => {
    const topic = 'ticket:two-tabs';
    const staffB = await rawClient(t, b.url, tokenFor('710', { '42': 'staff' }));
    staffB.send({ op: 'view', guildId: '42', topic });
    await viewersAre(staffB, topic, ['710']);
    const tab1 = await rawClient(t, a.url, tokenFor('711', { '42': 'staff' }));
    tab1.send({ op: 'view', guildId: '42', topic });
    const first = await viewersAre(staffB, topic, ['710', '711']);
    const tab2 = await rawClient(t, a.url, tokenFor('711', { '42': 'staff' }));
    tab2.send({ op: 'view', guildId: '42', topic });
    await viewersAre(tab2, topic, ['710', '711']);
    const from = staffB.frames.length;
    tab1.ws.terminate();
    await tab1.closed;
    await roundTrip(tab2);
    await roundTrip(staffB);
    t.same(
      (await viewersAre(tab2, topic, ['710', '711'])).viewers,
      first.viewers,
      'unchanged: still there through the other tab',
    );
    tab2.ws.terminate();
    await viewersAre(staffB, topic, ['710'], from);
  });

  t.test('views are checked: guild granted, topic format, a bound per connection, auth first', async (t) => {
    const c = await rawClient(t, a.url, tokenFor('720', { '42': 'staff' }));
    await c.next((f) => f.op === 'authenticated');
    c.send({ op: 'view', guildId: '99', topic: 'ticket:1' });
    c.send({ op: 'view', guildId: '42', topic: 'ticket:' });
    c.send({ op: 'view', guildId: '42', topic: 'user:1' });
    c.send({ op: 'view', guildId: '42', topic: `ticket:${'x'.repeat(65)}` });
    c.send({ op: 'view', guildId: '42' });
    c.send({ op: 'view', guildId: 'abc', topic: 'ticket:1' });
    c.send({ op: 'unview', guildId: '42', topic: 7 });
    for (const n of [1, 2, 3, 4]) c.send({ op: 'view', guildId: '42', topic: `ticket:limit-${n}` });
    c.send({ op: 'view', guildId: '42', topic: 'ticket:limit-1' });
    await roundTrip(c);
    const errors = c.frames.filter((f) => f.op === 'error');
    t.same(
      errors.map((f) => f.code),
      [
        errorCodes.forbidden,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.badFrame,
        errorCodes.tooManyViews,
      ],
    );
    t.match(errors[0], { guildId: '99', topic: 'ticket:1', message: /guild 99/ });
    t.match(errors[1], { message: /ticket:<id>/ });
    t.match(errors[7], { guildId: '42', topic: 'ticket:limit-4', message: /at most 3/ });
    t.same(
      presenceFrames(c, 'ticket:limit-1').map(ids),
      [['720'], ['720']],
      'viewing a topic again answers with the list again, and counts once',
    );
    t.same(presenceFrames(c, 'ticket:limit-4'), [], 'the refused view got no list');
    c.send({ op: 'unview', guildId: '42', topic: 'ticket:limit-2' });
    c.send({ op: 'view', guildId: '42', topic: 'ticket:limit-4' });
    await viewersAre(c, 'ticket:limit-4', ['720']);

    const early = await rawClient(t, a.url);
    early.send({ op: 'view', guildId: '42', topic: 'ticket:1' });
    t.equal((await early.closed).code, closeCodes.unauthenticated);
  });

  t.test('a refreshed token ends views of a guild it no longer grants and applies a new role', async (t) => {
    const topic = 'ticket:refresh';
    const staffB = await rawClient(t, b.url, tokenFor('730', { '45': 'staff', '46': 'staff' }));
    staffB.send({ op: 'view', guildId: '45', topic });
    staffB.send({ op: 'view', guildId: '46', topic });
    const r = await rawClient(t, a.url, tokenFor('731', { '45': 'member', '46': 'staff' }));
    r.send({ op: 'view', guildId: '45', topic });
    r.send({ op: 'view', guildId: '46', topic });
    await viewersAre(staffB, topic, ['730', '731']);
    await staffB.next((f) => f.op === 'presence' && f.guildId === '45' && ids(f).includes('731'));
    await staffB.next((f) => f.op === 'presence' && f.guildId === '46' && ids(f).includes('731'));
    await roundTrip(r);
    t.notOk(
      r.frames.some((f) => f.op === 'presence' && f.guildId === '45'),
      'no list as a member of 45',
    );

    const from = r.frames.length;
    const fromB = staffB.frames.length;
    r.send({ op: 'auth', token: tokenFor('731', { '45': 'staff' }) });
    t.match(await r.next((f) => f.op === 'error', from), {
      code: errorCodes.forbidden,
      guildId: '46',
      topic,
    });
    t.match(
      await r.next((f) => f.op === 'presence' && f.guildId === '45', from),
      { viewers: [{ userId: '730' }, { userId: '731' }] },
      'promoted to staff of 45: the list at once',
    );
    await staffB.next((f) => f.op === 'presence' && f.guildId === '46' && !ids(f).includes('731'), fromB);
  });

  t.test('bad presence messages on NATS are counted and ignored', async (t) => {
    const before = await b.metric('realtime_presence_messages_total', { kind: 'rejected' });
    const publish = (guildId: string, data: Uint8Array) =>
      bus.nc.publish(bus.wire(presenceSubject(guildId)), data);
    const update = (init: Parameters<typeof createMessage<typeof PresenceUpdateSchema>>[1]) =>
      encodeMessage(PresenceUpdateSchema, createMessage(PresenceUpdateSchema, init));
    publish('47', new Uint8Array([0xff, 0xff, 0xff]));
    publish('47', update({ instanceId: 'x', guildId: '48', ttlMs: 1000 }));
    publish('47', update({ instanceId: 'x', guildId: '47', ttlMs: 1000, topics: [{ topic: 'nope' }] }));
    publish(
      '47',
      update({
        instanceId: 'x',
        guildId: '47',
        ttlMs: 1000,
        topics: [{ topic: 'ticket:1', viewers: [{ userId: 'not-a-snowflake', sinceMs: 1n }] }],
      }),
    );
    publish('47', update({ instanceId: 'x', guildId: '47', ttlMs: 0 }));
    bus.nc.publish(bus.wire('presence.sync'), new Uint8Array([0xff]));
    await waitUntil('rejections counted', async () =>
      (await b.metric('realtime_presence_messages_total', { kind: 'rejected' })) >= before + 6
        ? true
        : undefined,
    );
    const c = await rawClient(t, b.url, tokenFor('740', { '47': 'staff' }));
    c.send({ op: 'view', guildId: '47', topic: 'ticket:1' });
    await viewersAre(c, 'ticket:1', ['740']);
    // A valid message from a replica that is not a gateway still counts (the wire format is the contract).
    publish(
      '47',
      update({
        instanceId: 'external',
        guildId: '47',
        ttlMs: 60_000,
        topics: [{ topic: 'ticket:1', viewers: [{ userId: '741', sinceMs: 5n }] }],
      }),
    );
    await viewersAre(c, 'ticket:1', ['741', '740']);
  });
});

t.test(
  'presence – a replica started later learns existing viewers at once; a stopped one says goodbye',
  async (t) => {
    const { nats } = await natsForTest(t);
    const topic = 'ticket:sync';
    const first = await startGateway(t, nats, slowPresence);
    const viewer = await rawClient(t, first.url, tokenFor('750', { '50': 'member' }));
    viewer.send({ op: 'view', guildId: '50', topic });
    await roundTrip(viewer);
    await waitUntil('the view published', async () =>
      (await first.metric('realtime_presence_messages_total', { kind: 'published' })) >= 1 ? true : undefined,
    );
    // That delta went out before the second replica listened, and heartbeats come every minute:
    // only the sync request of the new replica can tell it this soon.
    const second = await startGateway(t, nats, slowPresence);
    const staff = await rawClient(t, second.url, tokenFor('751', { '50': 'staff' }));
    staff.send({ op: 'view', guildId: '50', topic });
    await viewersAre(staff, topic, ['750', '751']);
    // Expiry takes three minutes here: only the goodbye of a gateway that shuts down removes it now.
    const from = staff.frames.length;
    await first.close();
    await viewersAre(staff, topic, ['751'], from);
  },
);

t.test(
  'presence – the viewers of a killed gateway (kill -9) expire; heartbeats keep a live one listed',
  async (t) => {
    const { nats } = await natsForTest(t);
    const topic = 'ticket:crash';
    const survivor = await startGateway(t, nats, { ...fastPresence, presenceTtlMs: 1500 });
    const { child, url } = await spawnService(main, {
      t,
      env: {
        NATS_URL: nats.url,
        NATS_NAMESPACE: nats.namespace,
        JWT_SECRET: auth.secret,
        LOG_LEVEL: 'warn',
        RT_PRESENCE_DEBOUNCE_MS: '20',
        RT_PRESENCE_HEARTBEAT_MS: '100',
        RT_PRESENCE_TTL_MS: '1500',
      },
    });
    const viewer = await rawClient(
      t,
      `${url.replace(/^http/, 'ws')}${streamPath}`,
      tokenFor('760', { '60': 'staff' }),
    );
    viewer.send({ op: 'view', guildId: '60', topic });
    await viewersAre(viewer, topic, ['760']);
    const staff = await rawClient(t, survivor.url, tokenFor('761', { '60': 'staff' }));
    staff.send({ op: 'view', guildId: '60', topic });
    const listed = await viewersAre(staff, topic, ['760', '761']);
    const from = staff.frames.indexOf(listed);
    // Twice the expiry time goes by: the child's heartbeats must have renewed its viewer meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await roundTrip(staff);
    t.same(
      presenceFrames(staff, topic)
        .filter((f) => staff.frames.indexOf(f) > from)
        .map(ids),
      [],
      'no change while the other gateway lives',
    );
    t.ok(
      (await survivor.metric('realtime_presence_messages_total', { kind: 'received' })) >= 10,
      'heartbeats arrived',
    );
    await child.kill();
    await viewersAre(staff, topic, ['761'], from + 1);
  },
);

t.test('presence – the SDK announces its view again after the gateway restarts', async (t) => {
  const { nats } = await natsForTest(t);
  const topic = 'ticket:sdk';
  const gw = await startGateway(t, nats, fastPresence);
  const other = await startGateway(t, nats, fastPresence);
  const { client } = sdkClient(t, gw.url, '770', { '70': 'staff' });
  const seen: string[][] = [];
  client.view('70', topic, (viewers) => seen.push(viewers.map((v) => v.userId)));
  await waitUntil('the SDK view answered', async () => (seen.length > 0 ? true : undefined));
  const staff = await rawClient(t, other.url, tokenFor('771', { '70': 'staff' }));
  staff.send({ op: 'view', guildId: '70', topic });
  await viewersAre(staff, topic, ['770', '771']);
  await waitUntil('the SDK saw both', async () =>
    seen.some((s) => s.join() === '770,771') ? true : undefined,
  );
  let from = staff.frames.length;
  await gw.close();
  await viewersAre(staff, topic, ['771'], from);
  from = staff.frames.length;
  await startGateway(t, nats, fastPresence, gw.port);
  await viewersAre(staff, topic, ['771', '770'], from);
  await waitUntil('the SDK sees the list again', async () =>
    seen.at(-1)?.join() === '771,770' ? true : undefined,
  );
});
