import { create, fromJson } from '@bufbuild/protobuf';
import { timestampFromMs, ValueSchema } from '@bufbuild/protobuf/wkt';
import t from 'tap';
import { Value } from 'typebox/value';
import {
  AttachmentJson,
  CloseRequestStatus,
  DashboardJsonError,
  decodeMessage,
  encodeMessage,
  FieldChangeSchema,
  guildEvents,
  ModuleSettingsSchema,
  SettingsChangeKind,
  SettingsVersionJson,
  SettingsVersionSchema,
  TicketJson,
  TicketPanelJson,
  TicketPriority,
  TicketSchema,
  TicketStatus,
  toDashboardJson,
} from '../../src/index.js';

const at = (iso: string) => timestampFromMs(Date.parse(iso));

t.test('dashboard json – a ticket: enums by name, ISO timestamps, absent fields null', async (t) => {
  const ticket = create(TicketSchema, {
    id: '0190c1d2-0000-7000-8000-000000000001',
    guildId: '4242',
    number: 12,
    category: 'billing',
    categoryId: 'billing',
    answers: [{ label: 'Order number', value: 'A-1' }],
    subject: 'Refund',
    status: TicketStatus.CLAIMED,
    priority: TicketPriority.HIGH,
    openerId: '7',
    assigneeId: '9',
    tags: ['vip'],
    createdAt: at('2025-01-01T10:00:00.123Z'),
    updatedAt: at('2025-01-01T10:05:00.000Z'),
    version: 3,
    lastActivityAt: at('2025-01-01T10:05:00.000Z'),
    closeRequest: {
      id: 'r1',
      ticketId: '0190c1d2-0000-7000-8000-000000000001',
      requesterId: '9',
      status: CloseRequestStatus.PENDING,
      deadline: at('2025-01-02T10:05:00.000Z'),
      createdAt: at('2025-01-01T10:05:00.000Z'),
    },
  });
  const json = toDashboardJson(TicketJson, ticket);
  t.same(json, {
    id: '0190c1d2-0000-7000-8000-000000000001',
    guildId: '4242',
    number: 12,
    panelId: null,
    category: 'billing',
    subject: 'Refund',
    description: '',
    status: 'claimed',
    priority: 'high',
    openerId: '7',
    assigneeId: '9',
    channelId: null,
    tags: ['vip'],
    createdAt: '2025-01-01T10:00:00.123Z',
    updatedAt: '2025-01-01T10:05:00.000Z',
    closedAt: null,
    closeReason: null,
    closedBy: null,
    version: 3,
    firstResponseAt: null,
    lastActivityAt: '2025-01-01T10:05:00.000Z',
    autoCloseAt: null,
    closeRequest: {
      id: 'r1',
      ticketId: '0190c1d2-0000-7000-8000-000000000001',
      requesterId: '9',
      reason: '',
      deadline: '2025-01-02T10:05:00.000Z',
      status: 'pending',
      createdAt: '2025-01-01T10:05:00.000Z',
      resolvedAt: null,
      resolvedBy: null,
    },
    transcript: null,
    memberIds: [],
    feedback: null,
    categoryId: 'billing',
    answers: [{ label: 'Order number', value: 'A-1' }],
  });
  t.ok(Value.Check(TicketJson, json), 'the generated schema accepts what the converter writes');
  t.notOk(
    Value.Check(TicketJson, { ...json, status: 'TICKET_STATUS_CLAIMED' }),
    'and refuses proto JSON enums',
  );
  t.notOk(Value.Check(TicketJson, { ...json, panelId: undefined }), 'and omitted fields');
});

t.test('dashboard json – an optional field set to "" stays "" (only unset is null)', async (t) => {
  const json = toDashboardJson(TicketJson, create(TicketSchema, { closeReason: '', closedBy: '9' }));
  t.equal(json.closeReason, '');
  t.equal(json.closedBy, '9');
  t.equal(json.panelId, null);
});

t.test('dashboard json – the zero enum value and numbers this build does not know are null', async (t) => {
  t.equal(toDashboardJson(TicketJson, create(TicketSchema, {})).status, null);
  t.equal(
    toDashboardJson(TicketJson, create(TicketSchema, { priority: 99 as TicketPriority })).priority,
    null,
  );
});

t.test('dashboard json – 64-bit integers are numbers, and one beyond 2^53 throws', async (t) => {
  const attachment = create(AttachmentJson['~message'], { size: 1_048_576n });
  t.equal(toDashboardJson(AttachmentJson, attachment).size, 1_048_576);
  attachment.size = 2n ** 53n;
  t.throws(() => toDashboardJson(AttachmentJson, attachment), DashboardJsonError);
});

t.test('dashboard json – timestamps are truncated to the millisecond', async (t) => {
  const panel = create(TicketPanelJson['~message'], { createdAt: { seconds: 1n, nanos: 999_999_999 } });
  t.equal(toDashboardJson(TicketPanelJson, panel).createdAt, '1970-01-01T00:00:01.999Z');
});

t.test(
  'dashboard json – every event schema accepts an empty event, and keeps its message hidden',
  async (t) => {
    for (const def of guildEvents.all) {
      const json = toDashboardJson(def.json, create(def.schema));
      t.ok(Value.Check(def.json, json), def.type);
      t.notMatch(JSON.stringify(def.json), /~message/, `${def.type}: no descriptor in the JSON Schema`);
    }
  },
);

t.test('dashboard json – Struct as the object itself, Value as any JSON value', async (t) => {
  const settings = {
    openLimitPerUser: 2,
    supportRoleIds: ['123456789012345678'],
    workingHours: { enabled: true },
  };
  const version = create(SettingsVersionSchema, {
    settings: create(ModuleSettingsSchema, { guildId: '4242', module: 'tickets', version: 3, settings }),
    kind: SettingsChangeKind.UPDATE,
    changes: [
      create(FieldChangeSchema, {
        path: '/openLimitPerUser',
        before: fromJson(ValueSchema, 3),
        after: fromJson(ValueSchema, 2),
      }),
      create(FieldChangeSchema, {
        path: '/supportRoleIds',
        after: fromJson(ValueSchema, ['123456789012345678']),
      }),
    ],
  });
  const json = toDashboardJson(SettingsVersionJson, version);
  t.same(json.settings?.settings, settings);
  t.same(
    json.changes.map((c) => [c.path, c.before, c.after]),
    [
      ['/openLimitPerUser', 3, 2],
      ['/supportRoleIds', null, ['123456789012345678']],
    ],
  );
  t.equal(json.kind, 'update');
  t.ok(Value.Check(SettingsVersionJson, json), 'the generated schema accepts it');
  t.not(json.settings?.settings, settings, 'a copy, not the message own object');
  // Survives the wire: binary round trip keeps the Struct.
  const back = decodeMessage(SettingsVersionSchema, encodeMessage(SettingsVersionSchema, version));
  t.same(toDashboardJson(SettingsVersionJson, back), json);
});
