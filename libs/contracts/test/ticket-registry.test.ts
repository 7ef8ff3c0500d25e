import t from 'tap';
import {
  audienceAdmits,
  commandSubject,
  createEventMeta,
  createMessage,
  decodeMessage,
  encodeMessage,
  eventSubject,
  guildEvents,
  roleAtLeast,
  systemActor,
  TicketCloseCause,
  TicketClosedSchema,
  ticketCommands,
  ticketEvents,
} from '../src/index.js';

t.test('ticket registry – close-request and panel events have their documented subjects', async (t) => {
  t.equal(eventSubject(ticketEvents.closeRequested, '4242'), 'guild.4242.ticket.close_requested');
  t.equal(
    eventSubject(ticketEvents.closeRequestDeclined, '4242'),
    'guild.4242.ticket.close_request_declined',
  );
  t.equal(eventSubject(ticketEvents.panelCreated, '4242'), 'guild.4242.ticket.panel_created');
  t.equal(eventSubject(ticketEvents.panelUpdated, '4242'), 'guild.4242.ticket.panel_updated');
  t.equal(eventSubject(ticketEvents.panelDeleted, '4242'), 'guild.4242.ticket.panel_deleted');
  t.equal(eventSubject(ticketEvents.panelSendRequested, '4242'), 'guild.4242.ticket.panel_send_requested');
  for (const def of Object.values(ticketEvents)) t.equal(guildEvents.byType(def.type), def, def.type);
});

t.test('ticket registry – every ticket command has its own cmd.ticket.<verb> subject', async (t) => {
  const subjects = Object.values(ticketCommands).map(commandSubject);
  t.equal(new Set(subjects).size, subjects.length);
  t.equal(commandSubject(ticketCommands.setPriority), 'cmd.ticket.set_priority');
  t.equal(commandSubject(ticketCommands.answerCloseRequest), 'cmd.ticket.answer_close_request');
  t.equal(commandSubject(ticketCommands.panelSent), 'cmd.ticket.panel_sent');
});

t.test(
  'ticket registry – panel events go to staff only, ticket events to staff and the opener',
  async (t) => {
    const panel = createMessage(ticketEvents.panelCreated.schema, {});
    t.notOk(audienceAdmits(ticketEvents.panelCreated.audience, panel, 'member', '9'));
    t.ok(audienceAdmits(ticketEvents.panelCreated.audience, panel, 'staff', '9'));
    const closed = createMessage(TicketClosedSchema, { ticket: { openerId: '9' } });
    t.ok(audienceAdmits(ticketEvents.closed.audience, closed, 'member', '9'));
    t.notOk(audienceAdmits(ticketEvents.closed.audience, closed, 'member', '10'));
    t.ok(roleAtLeast('admin', 'staff'));
  },
);

t.test('ticket registry – a closed event keeps its cause through binary', async (t) => {
  const msg = createMessage(TicketClosedSchema, {
    meta: createEventMeta({ guildId: '1', actor: systemActor('ticket-timers'), aggregateVersion: 4 }),
    ticket: { id: 'a', version: 4 },
    cause: TicketCloseCause.INACTIVITY,
  });
  const back = decodeMessage(TicketClosedSchema, encodeMessage(TicketClosedSchema, msg));
  t.equal(back.cause, TicketCloseCause.INACTIVITY);
  t.equal(back.meta?.aggregateVersion, 4);
});
