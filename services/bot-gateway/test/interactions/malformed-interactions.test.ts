import { seedDemoGuild } from '@guildwire/fake-discord';
import t from 'tap';
import { answerText, botBus, fakeDiscord, startBot } from '../fixtures.js';

// Interactions Discord would never send in this shape (found by `npm run fuzz`): a member without a
// user, permissions that are not a number, no payload at all. Each once crashed the bot (a rejection
// nothing handled stops the service); now each is logged and dropped, and the bot keeps answering.
t.test(
  'interactions – malformed INTERACTION_CREATE payloads are dropped, the bot keeps answering',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await startBot(t, discord, bus, { SIDE_EFFECTS: 'false' });
    const unhandled: unknown[] = [];
    const onUnhandled = (err: unknown) => unhandled.push(err);
    process.on('unhandledRejection', onUnhandled);
    t.teardown(() => process.off('unhandledRejection', onUnhandled));

    const base = {
      id: '1400000000000000001',
      application_id: discord.control.applicationId,
      type: 2,
      data: { id: '1', name: 'ticket', type: 1, options: [{ type: 1, name: 'claim' }] },
      guild_id: demo.guildId,
      channel_id: demo.ticketPanelChannelId,
      channel: { id: demo.ticketPanelChannelId, type: 0 },
      member: { user: { id: '1300000000000000101', username: 'x' }, roles: [], permissions: '0' },
      token: 'not-a-token',
      version: 1,
    };
    const malformed: unknown[] = [
      { ...base, member: {} },
      { ...base, member: { user: null, roles: [], permissions: '0' } },
      { ...base, member: { ...base.member, permissions: 'not a number' } },
      { ...base, member: { ...base.member, roles: 'x' } },
      { ...base, type: 3, data: null },
      { ...base, type: 5, data: { custom_id: 42 } },
      { ...base, type: 4, data: null },
      null,
      'text',
    ];
    for (const d of malformed)
      discord.control.gateway.sendRaw(JSON.stringify({ op: 0, t: 'INTERACTION_CREATE', s: null, d }));

    // A real slash command after them is answered (the gateway handles events in order).
    const claim = discord.control.runSlashCommand({
      channelId: demo.ticketPanelChannelId,
      userId: '1300000000000000101',
      name: 'ticket',
      subcommand: 'claim',
    });
    t.ok(await answerText(discord, claim.id), 'the bot still answers');
    t.same(unhandled, [], 'no rejection went unhandled');
  },
);
