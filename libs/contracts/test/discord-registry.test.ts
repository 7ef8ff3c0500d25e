import t from 'tap';
import {
  commandSubject,
  createMessage,
  decodeMessage,
  discordCommands,
  encodeMessage,
  MemberRolesReplySchema,
  PanelKind,
  SendPanelRequestSchema,
} from '../src/index.js';

t.test('discord registry – every command has its own cmd.discord.<verb> subject', async (t) => {
  const subjects = Object.values(discordCommands).map(commandSubject);
  t.equal(new Set(subjects).size, subjects.length);
  t.same(subjects.sort(), [
    'cmd.discord.bot_presence',
    'cmd.discord.list_channels',
    'cmd.discord.list_roles',
    'cmd.discord.member_roles',
    'cmd.discord.send_panel',
  ]);
});

t.test('discord registry – a member roles reply round-trips', async (t) => {
  const reply = createMessage(MemberRolesReplySchema, {
    isMember: true,
    roleIds: ['1', '2'],
    guildAdmin: true,
  });
  t.same(decodeMessage(MemberRolesReplySchema, encodeMessage(MemberRolesReplySchema, reply)).roleIds, [
    '1',
    '2',
  ]);
});

t.test('discord registry – a send_panel request round-trips with its kind', async (t) => {
  const request = createMessage(SendPanelRequestSchema, {
    guildId: '1300000000000000100',
    kind: PanelKind.VOICE,
    channelId: '1300000000000000103',
    idempotencyKey: 'k',
  });
  const decoded = decodeMessage(SendPanelRequestSchema, encodeMessage(SendPanelRequestSchema, request));
  t.equal(decoded.kind, PanelKind.VOICE);
  t.equal(decoded.idempotencyKey, 'k');
});
