import t from 'tap';
import {
  createEventMeta,
  createMessage,
  decodeMessage,
  discordActor,
  encodeMessage,
  messageToJson,
  PayloadDecodeError,
  TicketClaimedSchema,
  TicketPriority,
  TicketStatus,
} from '../src/index.js';

t.test('codec – an event survives binary and decodes to the same JSON', async (t) => {
  const meta = createEventMeta({ guildId: '4242', actor: discordActor('7'), aggregateVersion: 3 });
  const msg = createMessage(TicketClaimedSchema, {
    meta,
    claimerId: '7',
    ticket: {
      id: 'a',
      guildId: '4242',
      number: 12,
      status: TicketStatus.CLAIMED,
      priority: TicketPriority.HIGH,
    },
  });
  const back = decodeMessage(TicketClaimedSchema, encodeMessage(TicketClaimedSchema, msg));
  t.same(messageToJson(TicketClaimedSchema, back), messageToJson(TicketClaimedSchema, msg));
  const json = messageToJson(TicketClaimedSchema, back) as Record<string, any>;
  t.equal(json.ticket.status, 'TICKET_STATUS_CLAIMED');
  t.equal(json.meta.aggregateVersion, 3);
  t.equal(json.meta.correlationId, meta.eventId, 'correlation defaults to the event id');
});

t.test('codec – event ids are UUIDv7 and increase', async (t) => {
  const a = createEventMeta({ guildId: '1', actor: discordActor('1'), aggregateVersion: 1 });
  const b = createEventMeta({ guildId: '1', actor: discordActor('1'), aggregateVersion: 1 });
  t.match(a.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  t.ok(a.eventId < b.eventId);
});

t.test('codec – garbage bytes raise PayloadDecodeError naming the type', async (t) => {
  const err = t.throws(() => decodeMessage(TicketClaimedSchema, new Uint8Array([0xff, 0xff, 0xff, 0xff])));
  t.type(err, PayloadDecodeError);
  t.match((err as Error).message, /guildwire\.ticket\.v1\.TicketClaimed/);
});
