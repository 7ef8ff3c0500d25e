import { timestampMs } from '@bufbuild/protobuf/wkt';
import { type Bus, bindCommand, serveCommands } from '@guildwire/bus';
import {
  type CreateGiveawayRequest,
  createMessage,
  type EnterGiveawayRequest,
  type GiveawayActionRequest,
  GiveawaySchema,
  GiveawayStatus,
  giveawayCommands,
  type ListGiveawaysRequest,
} from '@guildwire/contracts';
import { defineError } from '@guildwire/errors';
import { type FakeDiscord, seedDemoGuild, snowflakeFromTimestamp } from '@guildwire/fake-discord';
import t from 'tap';
import { customId } from '../../src/interactions/custom-ids.js';
import { accountCreatedAtMs } from '../../src/interactions/giveaway-interactions.js';
import { openBotBuckets } from '../../src/state/buckets.js';
import { createGiveawayPlaces } from '../../src/state/giveaway-places.js';
import { answerText, botBus, fakeDiscord, startBot, type Tap } from '../fixtures.js';

const NotEligible = defineError('GIVEAWAY_ERR_NOT_ELIGIBLE', 403, 'Not eligible: %s');
const NotOpen = defineError('GIVEAWAY_ERR_NOT_OPEN', 409, 'Giveaway is not open for entries: %s');
const NotFound = defineError('GIVEAWAY_ERR_NOT_FOUND', 404, 'Giveaway %s not found');
const Forbidden = defineError('GIVEAWAY_ERR_FORBIDDEN', 403, 'Forbidden: %s');

const running = '0190c1d2-0000-7000-8000-00000000a001';
const adults = '0190c1d2-0000-7000-8000-00000000a002'; // min account age 7 days
const roleOnly = '0190c1d2-0000-7000-8000-00000000a003'; // a required role
const paused = '0190c1d2-0000-7000-8000-00000000a004';
const gone = '0190c1d2-0000-7000-8000-00000000a005';

const giveaway = (id: string, guildId: string, init: Record<string, unknown> = {}) =>
  createMessage(GiveawaySchema, {
    id,
    guildId,
    prize: 'Nitro',
    hostId: '1300000000000000101',
    winnerCount: 1,
    status: GiveawayStatus.RUNNING,
    version: 1,
    ...init,
  });

/** A stand-in giveaway service on the real bus: one entry per member, refusals as the real one words them. */
async function standInGiveawayService(t: Tap, bus: Bus, behaviour: { slowMs?: number } = {}) {
  const enters: EnterGiveawayRequest[] = [];
  const creates: CreateGiveawayRequest[] = [];
  const ends: GiveawayActionRequest[] = [];
  const lists: ListGiveawaysRequest[] = [];
  const entries = new Set<string>();
  const server = await serveCommands(bus, { name: 'giveaway', version: '0.0.0' }, [
    bindCommand(giveawayCommands.enter, async (req) => {
      enters.push(req);
      if (behaviour.slowMs) await new Promise((r) => setTimeout(r, behaviour.slowMs));
      if (req.giveawayId === adults)
        throw new NotEligible('too new').withDetails({ requirement: 'min_account_age' });
      if (req.giveawayId === roleOnly)
        throw new NotEligible('role').withDetails({ requirement: 'required_roles' });
      if (req.giveawayId === paused) throw new NotOpen('it is paused').withDetails({ status: 'paused' });
      if (req.giveawayId === gone) throw new NotFound(req.giveawayId);
      const key = `${req.giveawayId}/${req.actor?.id}`;
      const already = entries.has(key);
      entries.add(key);
      const weight = req.member?.roleIds.length ? 3 : 1;
      return {
        entry: { giveawayId: req.giveawayId, userId: req.actor?.id ?? '', weight },
        alreadyEntered: already,
      };
    }),
    bindCommand(giveawayCommands.leave, async (req) => {
      const key = `${req.giveawayId}/${req.actor?.id}`;
      const had = entries.delete(key);
      return had ? { entry: { giveawayId: req.giveawayId, userId: req.actor?.id ?? '', weight: 1 } } : {};
    }),
    bindCommand(giveawayCommands.create, async (req) => {
      creates.push(req);
      return {
        giveaway: giveaway(running, req.guildId, {
          prize: req.prize,
          channelId: req.channelId,
          endsAt: req.endsAt,
          winnerCount: req.winnerCount,
        }),
      };
    }),
    bindCommand(giveawayCommands.list, async (req) => {
      lists.push(req);
      return {
        items: [giveaway(running, req.guildId, { channelId: req.channelId || '1', entrantCount: 12 })],
      };
    }),
    bindCommand(giveawayCommands.end, async (req) => {
      ends.push(req);
      if (!req.actorRoles?.guildAdmin) throw new Forbidden('only managers may end giveaways');
      return {
        giveaway: giveaway(req.giveawayId, req.guildId, { status: GiveawayStatus.ENDED, channelId: '1' }),
      };
    }),
  ]);
  t.teardown(() => server.stop());
  return { enters, creates, ends, lists };
}

async function setup(t: Tap, env: Record<string, string> = {}) {
  const discord = await fakeDiscord(t);
  const demo = seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const bot = await startBot(t, discord, bus, { SIDE_EFFECTS: 'false', ...env });
  return { discord, demo, bus, bot };
}

/** A message of the bot with the Enter buttons of these giveaways (and a retired one). */
async function enterButtons(
  discord: FakeDiscord,
  bot: Awaited<ReturnType<typeof setup>>['bot'],
  channelId: string,
) {
  const message = await bot.app.discord.api.channels.createMessage(channelId, {
    content: 'giveaways',
    components: [
      {
        type: 1,
        components: [running, adults, roleOnly, paused, gone].map((id, i) => ({
          type: 2 as const,
          style: 1 as const,
          label: `Enter ${i}`,
          custom_id: customId('giveaway-enter', id),
        })),
      },
      {
        type: 1,
        components: [{ type: 2, style: 1, label: 'Old', custom_id: 'gw:giveaway-join:x' }],
      },
    ],
  });
  return discord.control.message(message.id)!;
}

t.test(
  'giveaway buttons – enter with roles, join time and account age; again → already entered with Leave; leave',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t);
    const service = await standInGiveawayService(t, bus);
    const message = await enterButtons(discord, bot, demo.giveawayChannelId);
    const press = (userId: string, id = running) =>
      discord.control.pressButton({
        messageId: message.id,
        customId: customId('giveaway-enter', id),
        userId,
      });

    const first = press(demo.userIds.alice);
    t.equal(await answerText(discord, first.id), 'You entered the giveaway. Good luck!');
    const sent = service.enters[0]!;
    const member = discord.control.guild(demo.guildId)?.members.get(demo.userIds.alice);
    t.match(sent, { giveawayId: running, guildId: demo.guildId, actor: { id: demo.userIds.alice } });
    t.equal(
      timestampMs(sent.member!.joinedAt!),
      Date.parse(member!.joined_at),
      'joined_at of the interaction',
    );
    t.equal(
      timestampMs(sent.member!.accountCreatedAt!),
      accountCreatedAtMs(demo.userIds.alice),
      "account creation from the user's snowflake",
    );
    t.equal(sent.correlationId, first.id);

    const staff = press(demo.userIds.sam);
    t.equal(
      await answerText(discord, staff.id),
      'You entered the giveaway with 3 entries (your roles give bonus entries). Good luck!',
    );
    t.same(service.enters[1]?.member?.roleIds, [demo.staffRoleId], 'the member’s role ids are passed');

    const again = press(demo.userIds.alice);
    t.equal(
      await answerText(discord, again.id),
      'You have already entered this giveaway. Changed your mind?',
    );
    const answer = discord.control.message(discord.control.interaction(again.id)!.originalMessageId!)!;
    t.equal(discord.control.interaction(again.id)?.callback?.data?.flags, 64, 'ephemeral');
    const leave = customId('giveaway-leave', running);
    t.match(JSON.stringify(answer.components), leave, 'with a Leave button');
    const left = discord.control.pressButton({
      messageId: answer.id,
      customId: leave,
      userId: demo.userIds.alice,
    });
    t.equal(await answerText(discord, left.id), 'You left the giveaway.');
    const twice = discord.control.pressButton({
      messageId: answer.id,
      customId: leave,
      userId: demo.userIds.alice,
    });
    t.equal(await answerText(discord, twice.id), 'You are not entered in this giveaway.');
  },
);

t.test(
  'giveaway buttons – a failed requirement, a paused or deleted giveaway and a retired button are explained',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t);
    await standInGiveawayService(t, bus);
    // The bot knows the requirements of a giveaway whose message it posted (its place).
    const places = createGiveawayPlaces(await openBotBuckets(bus));
    await places.create(adults, {
      guildId: demo.guildId,
      channelId: demo.giveawayChannelId,
      messageId: '1300000000000077777',
      giveaway: giveaway(adults, demo.guildId, { requirements: { minAccountAgeMs: 7n * 86_400_000n } }),
      countedAtMs: 0,
      countEditedAtMs: 0,
      countPending: false,
    });
    const message = await enterButtons(discord, bot, demo.giveawayChannelId);
    const press = (customIdOf: string) =>
      discord.control.pressButton({ messageId: message.id, customId: customIdOf, userId: demo.userIds.bob });
    const cases: Array<[string, string]> = [
      [
        customId('giveaway-enter', adults),
        'Your Discord account is too new to enter: it must be at least 7 days old.',
      ],
      [customId('giveaway-enter', roleOnly), 'You do not have a role this giveaway requires.'],
      [customId('giveaway-enter', paused), 'This giveaway is paused: entries are closed for now.'],
      [customId('giveaway-enter', gone), 'This giveaway no longer exists.'],
      ['gw:giveaway-join:x', 'This button is no longer in use.'],
    ];
    for (const [id, sentence] of cases) t.equal(await answerText(discord, press(id).id), sentence, id);
  },
);

t.test(
  'giveaway buttons – the giveaway service down or slow: deferred, then a sentence, never a failed interaction',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t, { DEFER_AFTER_MS: '50', COMMAND_TIMEOUT_MS: '400' });
    const message = await enterButtons(discord, bot, demo.giveawayChannelId);
    const press = () =>
      discord.control.pressButton({
        messageId: message.id,
        customId: customId('giveaway-enter', running),
        userId: demo.userIds.alice,
      });
    const down = press();
    t.equal(
      await answerText(discord, down.id),
      'The giveaway service is unavailable right now. Please try again in a moment.',
    );
    const service = await standInGiveawayService(t, bus, { slowMs: 1500 });
    const slow = press();
    t.equal(
      await answerText(discord, slow.id),
      'The giveaway service did not answer in time. Please try again in a moment.',
    );
    t.equal(discord.control.interaction(slow.id)?.callback?.type, 5, 'deferred first');
    t.equal(service.enters.length, 1);
  },
);

t.test('/giveaway start – options become a create request; bad input is a sentence', async (t) => {
  const { discord, demo, bus } = await setup(t);
  const service = await standInGiveawayService(t, bus);
  t.ok(
    discord.control.commands().find((c) => c.name === 'giveaway'),
    '/giveaway is registered beside /ticket',
  );
  const start = (options: Record<string, string | number>) =>
    discord.control.runSlashCommand({
      channelId: demo.generalChannelId,
      userId: '1300000000000000101',
      name: 'giveaway',
      subcommand: 'start',
      options: { prize: 'Nitro', ...options },
    });
  const bad: Array<[Record<string, string | number>, string]> = [
    [
      { duration: 'soon' },
      '"soon" is not a duration: write it like 30m, 1h or 2d (w, d, h, m and s, e.g. 1h30m).',
    ],
    [
      { duration: '1.5h' },
      '"1.5h" is not a duration: write it like 30m, 1h or 2d (w, d, h, m and s, e.g. 1h30m).',
    ],
    [{ duration: '91d' }, 'A giveaway runs at most 90 days; 91 days is longer.'],
    [{ duration: '2s' }, 'A giveaway runs at least 5 seconds.'],
    [{ duration: '1h', winners: 21 }, 'A giveaway here has 1 to 20 winners.'],
    [
      { duration: '1h', min_account_age: 'a week' },
      '"a week" is not an account age: write it like 7d or 12h (w, d, h, m and s, e.g. 1h30m).',
    ],
    [{ duration: '1h', bonus_entries: 2 }, 'Bonus entries need a bonus role: name one with bonus_role.'],
  ];
  for (const [options, sentence] of bad) t.equal(await answerText(discord, start(options).id), sentence);
  t.equal(service.creates.length, 0, 'nothing reached the giveaway service');

  const before = Date.now();
  const ok = start({
    duration: '1h30m',
    winners: 3,
    channel: demo.giveawayChannelId,
    required_role: demo.staffRoleId,
    min_member_age: '1d',
    bonus_role: demo.staffRoleId,
    bonus_entries: 2,
  });
  t.match(
    await answerText(discord, ok.id),
    /^The giveaway for \*\*Nitro\*\* is on in <#\d+>: it ends <t:\d+:R>\.$/,
  );
  const req = service.creates[0]!;
  t.match(req, {
    guildId: demo.guildId,
    prize: 'Nitro',
    channelId: demo.giveawayChannelId,
    winnerCount: 3,
    idempotencyKey: ok.id,
    actorRoles: { guildAdmin: true },
    requirements: { requiredRoleIds: [demo.staffRoleId], minMemberAgeMs: 86_400_000n, minAccountAgeMs: 0n },
    bonusEntries: [{ roleId: demo.staffRoleId, entries: 2 }],
  });
  const endsIn = timestampMs(req.endsAt!) - before;
  t.ok(endsIn >= 90 * 60_000 && endsIn < 91 * 60_000, 'ends 1h30m from now');
  t.equal(req.startsAt, undefined, 'starts now');

  const here = start({ duration: '10m' });
  await answerText(discord, here.id);
  t.equal(service.creates[1]?.channelId, demo.generalChannelId, 'default: the channel it runs in');
  t.equal(service.creates[1]?.requirements, undefined, "no requirement given: the guild's defaults apply");
});

t.test(
  '/giveaway end and list – the one in this channel; managers only, as the service decides',
  async (t) => {
    const { discord, demo, bus } = await setup(t);
    const service = await standInGiveawayService(t, bus);
    const slash = (userId: string, subcommand: string, options?: Record<string, string>) =>
      discord.control.runSlashCommand({
        channelId: demo.giveawayChannelId,
        userId,
        name: 'giveaway',
        subcommand,
        ...(options ? { options } : {}),
      });
    const end = slash('1300000000000000101', 'end');
    t.equal(
      await answerText(discord, end.id),
      'The giveaway for **Nitro** has ended: its winners are announced in <#1>.',
    );
    t.match(service.lists[0], {
      channelId: demo.giveawayChannelId,
      status: [GiveawayStatus.RUNNING, GiveawayStatus.PAUSED],
    });
    t.equal(service.ends[0]?.giveawayId, running, 'the giveaway of this channel');
    const member = slash(demo.userIds.alice, 'end', { giveaway: running });
    t.equal(
      await answerText(discord, member.id),
      'Only giveaway managers (admins or the manager roles) can do that.',
    );
    const unknown = slash(demo.userIds.alice, 'end', { giveaway: 'https://discord.com/channels/1/2/3' });
    t.equal(
      await answerText(discord, unknown.id),
      '"https://discord.com/channels/1/2/3" names no giveaway: use its id from /giveaway list, or its message\'s link.',
    );
    const list = slash(demo.userIds.alice, 'list');
    t.match(
      await answerText(discord, list.id),
      new RegExp(`^• \\*\\*Nitro\\*\\* in <#1>: ends soon, 1 winner, 12 entrants — \`${running}\`$`),
    );
  },
);

t.test('accounts – the creation time is read from the snowflake', async (t) => {
  const at = Date.parse('2020-05-01T12:00:00Z');
  t.equal(accountCreatedAtMs(snowflakeFromTimestamp(at)), at);
});
