import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import { type CommandRejectedError, connectBus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  commandSubject,
  GiveawayStatus,
  giveawayCommands,
  giveawayEvents,
} from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, giveawayApp, inMs, silent } from '../fixtures.js';

const user = (id: string) => ({ kind: ActorKind.DISCORD_USER, id });
const managerRole = '4000';
const hour = 3_600_000;
const old = (days: number) => timestampFromDate(new Date(Date.now() - days * 86_400_000));

async function botSetup(t: Parameters<typeof giveawayApp>[0]) {
  const env = await giveawayApp(t, { settings: { managerRoleIds: [managerRole], maxWinners: 10 } });
  // The bot is another process: its own connection.
  const bot = await connectBus({
    servers: env.bus.nc.getServer(),
    name: 'bot-gateway',
    namespace: env.bus.namespace,
    logger: silent,
  });
  t.teardown(() => bot.close());
  return { ...env, bot };
}

const rejection = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: unknown) => e as CommandRejectedError,
  );

t.test(
  'commands – the bot creates, members enter with their roles, a manager role ends and rerolls',
  async (t) => {
    const { bot, events } = await botSetup(t);
    const guildId = freshGuild();
    const manager = { actor: user('50'), actorRoles: { roleIds: [managerRole] } };
    const created = await requestCommand(bot, giveawayCommands.create, {
      guildId,
      ...manager,
      prize: 'Nitro',
      winnerCount: 2,
      endsAt: timestampFromDate(inMs(hour)),
      bonusEntries: [{ roleId: '77', entries: 2 }],
      idempotencyKey: 'interaction-1',
    });
    const id = created.giveaway!.id;
    t.equal(created.giveaway?.status, GiveawayStatus.RUNNING);
    const replay = await requestCommand(bot, giveawayCommands.create, {
      guildId,
      ...manager,
      prize: 'Nitro',
      winnerCount: 2,
      endsAt: created.giveaway!.endsAt!,
      bonusEntries: [{ roleId: '77', entries: 2 }],
      idempotencyKey: 'interaction-1',
    });
    t.equal(replay.replayed, true, 'a retried interaction is the first create');
    t.equal(replay.giveaway?.id, id);

    for (const [uid, roles] of [
      ['61', ['77']],
      ['62', []],
      ['63', []],
    ] as const) {
      const entry = await requestCommand(bot, giveawayCommands.enter, {
        guildId,
        actor: user(uid),
        giveawayId: id,
        member: { roleIds: [...roles], joinedAt: old(30), accountCreatedAt: old(900) },
      });
      t.equal(entry.entry?.weight, roles.length > 0 ? 3 : 1);
    }
    const twice = await requestCommand(bot, giveawayCommands.enter, {
      guildId,
      actor: user('61'),
      giveawayId: id,
      member: { roleIds: ['77'], joinedAt: old(30), accountCreatedAt: old(900) },
    });
    t.equal(twice.alreadyEntered, true);

    const got = await requestCommand(bot, giveawayCommands.get, {
      guildId,
      actor: user('61'),
      giveawayId: id,
    });
    t.equal(got.giveaway?.entrantCount, 3);
    t.equal(got.ownEntry?.userId, '61');

    const plainMember = await rejection(
      requestCommand(bot, giveawayCommands.end, {
        guildId,
        actor: user('62'),
        actorRoles: { roleIds: ['1'] },
        giveawayId: id,
      }),
    );
    t.equal(plainMember?.code, 'GIVEAWAY_ERR_FORBIDDEN');
    t.equal(plainMember?.statusCode, 403);
    const entrantsAsMember = await rejection(
      requestCommand(bot, giveawayCommands.entrants, { guildId, actor: user('62'), giveawayId: id }),
    );
    t.equal(entrantsAsMember?.statusCode, 403);
    const entrants = await requestCommand(bot, giveawayCommands.entrants, {
      guildId,
      ...manager,
      giveawayId: id,
      limit: 2,
    });
    t.same(
      entrants.items.map((e) => e.userId),
      ['61', '62'],
    );
    t.equal(entrants.nextCursor, '62');

    const stale = await rejection(
      requestCommand(bot, giveawayCommands.end, { guildId, ...manager, giveawayId: id, expectedVersion: 9 }),
    );
    t.equal(stale?.code, 'GW_ERR_STALE_VERSION');
    t.equal(stale?.statusCode, 412);

    const ended = await requestCommand(bot, giveawayCommands.end, {
      guildId,
      actor: user('51'),
      actorRoles: { roleIds: [], guildAdmin: true },
      giveawayId: id,
    });
    t.equal(ended.winnerIds.length, 2);
    const rerolled = await requestCommand(bot, giveawayCommands.reroll, {
      guildId,
      ...manager,
      giveawayId: id,
      count: 1,
    });
    t.equal(rerolled.winnerIds.length, 1);
    t.notOk(ended.winnerIds.includes(rerolled.winnerIds[0]!));
    const none = await rejection(
      requestCommand(bot, giveawayCommands.reroll, { guildId, ...manager, giveawayId: id, count: 1 }),
    );
    t.equal(none?.code, 'GIVEAWAY_ERR_NO_ENTRANTS_LEFT');
    const edit = await rejection(
      requestCommand(bot, giveawayCommands.edit, { guildId, ...manager, giveawayId: id, prize: 'late' }),
    );
    t.equal(edit?.statusCode, 409, 'editing an ended giveaway');

    const list = await requestCommand(bot, giveawayCommands.list, {
      guildId,
      ...manager,
      status: [GiveawayStatus.ENDED],
    });
    t.equal(list.items.length, 1);
    const stats = await requestCommand(bot, giveawayCommands.stats, { guildId, ...manager });
    t.equal(stats.ended, 1);
    t.equal(stats.entries, 3n);
    t.equal(stats.winners, 3n);
    await events.waitFor(giveawayEvents.rerolled, guildId);
  },
);

t.test(
  'commands – bad input: typed errors with proto field names; malformed payloads never crash',
  async (t) => {
    const { bot } = await botSetup(t);
    const guildId = freshGuild();
    const manager = { actor: user('50'), actorRoles: { roleIds: [managerRole] } };
    const invalid = await rejection(
      requestCommand(bot, giveawayCommands.create, {
        guildId: 'not-a-guild',
        ...manager,
        prize: '',
        winnerCount: 0,
        bonusEntries: [{ roleId: 'x', entries: 0 }],
      }),
    );
    t.equal(invalid?.code, 'GW_ERR_VALIDATION');
    t.same(
      invalid?.fieldErrors.map((f) => f.field),
      [
        '/guild_id',
        '/prize',
        '/winner_count',
        '/ends_at',
        '/bonus_entries/0/role_id',
        '/bonus_entries/0/entries',
      ],
    );
    const tooMany = await rejection(
      requestCommand(bot, giveawayCommands.create, {
        guildId,
        ...manager,
        prize: 'p',
        winnerCount: 11,
        endsAt: timestampFromDate(inMs(hour)),
      }),
    );
    t.same(
      tooMany?.fieldErrors,
      [{ field: '/winner_count', message: 'must be between 1 and 10' }],
      'domain errors named as the proto names them',
    );
    const past = await rejection(
      requestCommand(bot, giveawayCommands.create, {
        guildId,
        ...manager,
        prize: 'p',
        winnerCount: 1,
        endsAt: timestampFromDate(inMs(-hour)),
      }),
    );
    t.equal(past?.fieldErrors[0]?.field, '/ends_at');
    const noMember = await rejection(
      requestCommand(bot, giveawayCommands.enter, {
        guildId,
        actor: user('1'),
        giveawayId: '0190c1d2-0000-7000-8000-000000000001',
      }),
    );
    t.same(
      noMember?.fieldErrors.map((f) => f.field),
      ['/member'],
    );
    const noActor = await rejection(requestCommand(bot, giveawayCommands.stats, { guildId }));
    t.equal(noActor?.code, 'GW_ERR_VALIDATION');
    for (const cmd of [giveawayCommands.create, giveawayCommands.enter, giveawayCommands.end]) {
      const garbage = await bot.nc.request(
        bot.wire(commandSubject(cmd)),
        new Uint8Array([0xff, 0xff, 0xff]),
        { timeout: 3000 },
      );
      t.equal(
        garbage.headers?.get('Guildwire-Error'),
        'GW_ERR_BAD_REQUEST',
        `${cmd.verb}: undecodable payload refused`,
      );
    }
    const still = await requestCommand(bot, giveawayCommands.stats, { guildId, ...manager });
    t.equal(still.running, 0, 'the service keeps serving');
  },
);

t.test(
  'commands – set_message records the posted message (giveaway.updated); list filters by channel, host, end',
  async (t) => {
    const { bot, events } = await botSetup(t);
    const guildId = freshGuild();
    const manager = { actor: user('50'), actorRoles: { roleIds: [managerRole] } };
    const create = (prize: string, channelId: string, endsInMs: number, actor = manager) =>
      requestCommand(bot, giveawayCommands.create, {
        guildId,
        ...actor,
        prize,
        channelId,
        winnerCount: 1,
        endsAt: timestampFromDate(inMs(endsInMs)),
      });
    const a = await create('a', '700', hour);
    await create('b', '701', 2 * hour);
    await create('c', '701', 3 * hour, { actor: user('51'), actorRoles: { roleIds: [managerRole] } });
    const posted = await requestCommand(bot, giveawayCommands.setMessage, {
      guildId,
      actor: { kind: ActorKind.SYSTEM, id: 'bot-gateway' },
      giveawayId: a.giveaway!.id,
      channelId: '700',
      messageId: '9001',
    });
    t.equal(posted.giveaway?.messageId, '9001');
    const [updated] = await events.waitFor(giveawayEvents.updated, guildId);
    t.same(updated!.changedFields, ['channelId', 'messageId']);
    t.equal(updated!.giveaway?.messageId, '9001');
    const byChannel = await requestCommand(bot, giveawayCommands.list, {
      guildId,
      ...manager,
      channelId: '701',
    });
    t.same(byChannel.items.map((g) => g.prize).sort(), ['b', 'c']);
    const byHost = await requestCommand(bot, giveawayCommands.list, { guildId, ...manager, hostId: '51' });
    t.same(
      byHost.items.map((g) => g.prize),
      ['c'],
    );
    const byEnd = await requestCommand(bot, giveawayCommands.list, {
      guildId,
      ...manager,
      endsFrom: timestampFromDate(inMs(1.5 * hour)),
      endsTo: timestampFromDate(inMs(2.5 * hour)),
    });
    t.same(
      byEnd.items.map((g) => g.prize),
      ['b'],
    );
    const paged = await requestCommand(bot, giveawayCommands.list, { guildId, ...manager, limit: 2 });
    t.equal(paged.items.length, 2);
    const rest = await requestCommand(bot, giveawayCommands.list, {
      guildId,
      ...manager,
      limit: 2,
      cursor: paged.nextCursor,
    });
    t.same(
      rest.items.map((g) => g.prize),
      ['a'],
    );
    t.equal(rest.nextCursor, '');
  },
);
