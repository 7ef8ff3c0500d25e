import {
  createEventMeta,
  createMessage,
  discordActor,
  TicketOpenedSchema,
  ticketEvents,
} from '@guildwire/contracts';
import t from 'tap';
import { createFeedEvent } from '../../src/fanout/feed-event.js';
import { textFrame } from '../../src/fanout/text-frame.js';
import { parseServerFrames } from '../frames.js';

// Payload lengths at each edge of RFC 6455's three length encodings.
const cases = [
  { length: 0, bits: 7 },
  { length: 125, bits: 7 },
  { length: 126, bits: 16 },
  { length: 65_535, bits: 16 },
  { length: 65_536, bits: 64 },
  { length: 200_000, bits: 64 },
] as const;

for (const { length, bits } of cases) {
  t.test(`text frame – a ${length}-byte payload gets a ${bits}-bit length, FIN and opcode 1`, async (t) => {
    const payload = Buffer.alloc(length, 'a');
    const frames = parseServerFrames(textFrame(payload));
    t.equal(frames.length, 1, 'exactly one frame, nothing after it');
    t.match(frames[0], { fin: true, opcode: 1, lengthBits: bits });
    t.ok(frames[0]!.payload.equals(payload), 'the payload, unchanged');
  });
}

function openedWithSubject(subject: string) {
  return createMessage(TicketOpenedSchema, {
    meta: createEventMeta({ guildId: '42', actor: discordActor('1000'), aggregateVersion: 1 }),
    ticket: { id: 't-1', guildId: '42', number: 1, subject, openerId: '1000' },
  });
}

for (const [subjectLength, bits] of [
  [10, 16],
  [70_000, 64],
] as const) {
  t.test(
    `feed event – the wire frame (${bits}-bit length) decodes to the event frame for its prev`,
    async (t) => {
      const message = openedWithSubject('s'.repeat(subjectLength));
      const event = createFeedEvent({
        seq: 9,
        guildId: '42',
        def: ticketEvents.opened,
        message,
        timestampMs: 1234,
      });
      for (const prev of [0, 7, 7, 8]) {
        const [frame, ...rest] = parseServerFrames(event.wireFrame(prev));
        t.same(rest, []);
        t.match(frame, { fin: true, opcode: 1, lengthBits: bits });
        t.match(JSON.parse(frame!.payload.toString('utf8')), {
          op: 'event',
          guildId: '42',
          seq: 9,
          prev,
          type: 'ticket.opened',
          data: { ticket: { subject: 's'.repeat(subjectLength) } },
          ts: 1234,
        });
      }
      t.equal(event.wireFrame(7), event.wireFrame(7), 'recipients sharing a prev share one buffer');
    },
  );
}

t.test(
  'feed event – even the smallest event frame needs the 16-bit length (7-bit: textFrame above)',
  async (t) => {
    const event = createFeedEvent({
      seq: 1,
      guildId: '42',
      def: ticketEvents.opened,
      message: openedWithSubject(''),
      timestampMs: 1,
    });
    t.ok(event.wireFrame(0).length > 127);
  },
);
