import { ticketEvents, toDashboardJson } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, ticketApp, tokenFor } from '../fixtures.js';

t.test('http panels – create, read, edit with If-Match, send and delete, each with its event', async (t) => {
  const { app, events } = await ticketApp(t);
  const guild = freshGuild();
  const admin = tokenFor('1', { [guild]: 'admin' });
  const base = `/v1/guilds/${guild}/panels`;
  const created = await app.inject({
    method: 'POST',
    url: base,
    headers: admin,
    payload: { title: 'Support', colour: 0xff0000, category: 'general' },
  });
  t.equal(created.statusCode, 201);
  const panel = created.json();
  t.equal(panel.buttonLabel, 'Open a ticket');
  t.equal(panel.version, 1);
  t.strictSame([panel.channelId, panel.messageId], [null, null], 'absent ids are null, not missing or empty');
  const list = await app.inject({ method: 'GET', url: base, headers: tokenFor('2', { [guild]: 'staff' }) });
  t.same(
    list.json().map((p: { id: string }) => p.id),
    [panel.id],
  );
  const noChannel = await app.inject({ method: 'POST', url: `${base}/${panel.id}/send`, headers: admin });
  t.equal(noChannel.statusCode, 400);
  const missing = await app.inject({
    method: 'PATCH',
    url: `${base}/${panel.id}`,
    headers: admin,
    payload: { channelId: '555' },
  });
  t.equal(missing.statusCode, 428);
  const edited = await app.inject({
    method: 'PATCH',
    url: `${base}/${panel.id}`,
    headers: { ...admin, 'if-match': '"1"' },
    payload: { channelId: '555', title: 'Help' },
  });
  t.equal(edited.statusCode, 200);
  t.equal(edited.json().version, 2);
  const stale = await app.inject({
    method: 'PATCH',
    url: `${base}/${panel.id}`,
    headers: { ...admin, 'if-match': '"1"' },
    payload: { title: 'x' },
  });
  t.equal(stale.statusCode, 412);
  const sent = await app.inject({ method: 'POST', url: `${base}/${panel.id}/send`, headers: admin });
  t.equal(sent.statusCode, 202);
  const badColour = await app.inject({
    method: 'POST',
    url: base,
    headers: admin,
    payload: { title: 'x', colour: 0x1000000 },
  });
  t.equal(badColour.statusCode, 400);
  t.equal(badColour.json().error.details[0].field, '/colour');
  const deleted = await app.inject({ method: 'DELETE', url: `${base}/${panel.id}`, headers: admin });
  t.equal(deleted.statusCode, 204);
  const gone = await app.inject({ method: 'GET', url: `${base}/${panel.id}`, headers: admin });
  t.equal(gone.statusCode, 404);
  t.equal(gone.json().error.code, 'TICKET_ERR_PANEL_NOT_FOUND');
  const types = await events.waitForCount(guild, 4);
  t.same(types, [
    'ticket.panel_created',
    'ticket.panel_updated',
    'ticket.panel_send_requested',
    'ticket.panel_deleted',
  ]);
  const [updated] = events.of(ticketEvents.panelUpdated, guild);
  t.same(updated?.changedFields, ['title', 'channel_id']);
  t.equal(updated?.meta?.aggregateVersion, 2);
  const [sendRequested] = events.of(ticketEvents.panelSendRequested, guild);
  t.equal(sendRequested?.panel?.channelId, '555');
  t.strictSame(
    sent.json(),
    JSON.parse(JSON.stringify(toDashboardJson(ticketEvents.panelSendRequested.json, sendRequested!).panel)),
    'the panel over HTTP = the panel in ticket.panel_send_requested',
  );
});

t.test('http openapi – the document lists every route of the service', async (t) => {
  const { app } = await ticketApp(t);
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  t.equal(res.statusCode, 200);
  const doc = res.json();
  const listed = Object.entries(doc.paths as Record<string, Record<string, unknown>>).flatMap(([path, ops]) =>
    Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
  );
  const p = '/v1/guilds/{guildId}';
  const expected = [
    `POST ${p}/tickets`,
    `GET ${p}/tickets`,
    `GET ${p}/tickets/{ticketId}`,
    `PATCH ${p}/tickets/{ticketId}`,
    `POST ${p}/tickets/{ticketId}/claim`,
    `POST ${p}/tickets/{ticketId}/unclaim`,
    `POST ${p}/tickets/{ticketId}/assign`,
    `PUT ${p}/tickets/{ticketId}/priority`,
    `POST ${p}/tickets/{ticketId}/close`,
    `POST ${p}/tickets/{ticketId}/reopen`,
    `POST ${p}/tickets/{ticketId}/close-request`,
    `POST ${p}/tickets/{ticketId}/close-request/accept`,
    `POST ${p}/tickets/{ticketId}/close-request/decline`,
    `POST ${p}/tickets/{ticketId}/comments`,
    `POST ${p}/tickets/{ticketId}/attachments`,
    `DELETE ${p}/tickets/{ticketId}/attachments/{attachmentId}`,
    `GET ${p}/tickets/{ticketId}/messages`,
    `POST ${p}/tickets/{ticketId}/messages`,
    `POST ${p}/tickets/{ticketId}/move`,
    `GET ${p}/tickets/{ticketId}/replies`,
    `GET ${p}/tickets/{ticketId}/transcript`,
    `GET ${p}/tickets/{ticketId}/transcript.json`,
    `GET ${p}/tickets/{ticketId}/transcript.html`,
    `GET ${p}/tickets/stats`,
    `GET ${p}/categories`,
    `GET ${p}/panels`,
    `POST ${p}/panels`,
    `GET ${p}/panels/{panelId}`,
    `PATCH ${p}/panels/{panelId}`,
    `DELETE ${p}/panels/{panelId}`,
    `POST ${p}/panels/{panelId}/send`,
    `GET ${p}/tickets/tags`,
    `POST ${p}/tickets/tags`,
    `GET ${p}/tickets/tags/{tagId}`,
    `PATCH ${p}/tickets/tags/{tagId}`,
    `DELETE ${p}/tickets/tags/{tagId}`,
    `GET ${p}/tickets/blacklist`,
    `PUT ${p}/tickets/blacklist/{kind}/{targetId}`,
    `DELETE ${p}/tickets/blacklist/{kind}/{targetId}`,
    `POST ${p}/tickets/{ticketId}/members`,
    `DELETE ${p}/tickets/{ticketId}/members/{userId}`,
    `POST ${p}/tickets/{ticketId}/transfer`,
    `POST ${p}/tickets/{ticketId}/feedback`,
    `GET ${p}/tickets/stats/staff`,
    `GET ${p}/tickets/stats/categories`,
  ];
  t.same(listed.sort(), expected.sort());
  for (const path of Object.keys(doc.paths)) {
    for (const op of Object.values(doc.paths[path]) as Array<{ security?: unknown }>)
      t.ok(op.security, `${path} needs a token`);
  }
});
