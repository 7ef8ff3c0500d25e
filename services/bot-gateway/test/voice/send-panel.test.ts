import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { discordCommands, PanelKind } from '@guildwire/contracts';
import { demoIds } from '@guildwire/fake-discord';
import t from 'tap';
import { botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { standInConfig, voiceGuild, voiceSettings } from './voice-fixtures.js';

t.test('send panel – HTTP: admins post the voice panel; roles, bad channels and music refused', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  const config = await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  const { app } = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' });
  const admin = tokenFor(demoIds.owner, { [guild.guildId]: 'admin' });
  const send = (payload: object, headers: Record<string, string> = admin, guildId = guild.guildId) =>
    app.inject({ method: 'POST', url: `/v1/guilds/${guildId}/discord/panels`, headers, payload });

  const ok = await send({ kind: 'voice', channelId: guild.controlsId });
  t.equal(ok.statusCode, 201);
  const { messageId } = ok.json();
  t.match(ok.json(), { channelId: guild.controlsId, kind: 'voice', replayed: false });
  const message = discord.control.message(messageId);
  t.equal(message?.channel_id, guild.controlsId);
  t.match(message?.embeds[0]?.description, `<#${guild.lobbyId}>`, 'the panel names the lobby');
  const ids = (message?.components ?? []).flatMap((row) =>
    ((row.components as { custom_id: string }[]) ?? []).map((c) => c.custom_id),
  );
  t.same(ids, [
    'gw:voice-lock',
    'gw:voice-unlock',
    'gw:voice-hide',
    'gw:voice-show',
    'gw:voice-limit',
    'gw:voice-rename',
    'gw:voice-claim',
  ]);

  const keyed = { ...admin, 'idempotency-key': 'panel-1' };
  const once = await send({ kind: 'voice', channelId: guild.controlsId }, keyed);
  const again = await send({ kind: 'voice', channelId: guild.controlsId }, keyed);
  t.equal(once.statusCode, 201);
  t.equal(again.statusCode, 200);
  t.match(
    again.json(),
    { messageId: once.json().messageId, replayed: true },
    'a retry answers the first post',
  );
  t.equal(discord.control.messages(guild.controlsId).length, 2, 'two panels in all, not three');

  const staff = tokenFor(guild.userIds.sam, { [guild.guildId]: 'staff' });
  const member = tokenFor(guild.userIds.alice, { [guild.guildId]: 'member' });
  t.equal((await send({ kind: 'voice', channelId: guild.controlsId }, staff)).statusCode, 403);
  t.equal((await send({ kind: 'voice', channelId: guild.controlsId }, member)).statusCode, 403);
  t.equal((await send({ kind: 'voice', channelId: guild.controlsId }, {})).statusCode, 401);

  const expectError = async (
    payload: object,
    status: number,
    code: string,
    headers = admin,
    guildId?: string,
  ) => {
    const res = await send(payload, headers, guildId);
    t.equal(res.statusCode, status, `${code} status`);
    t.equal(res.json().error.code, code);
    return res.json().error.message as string;
  };
  t.match(
    await expectError({ kind: 'voice', channelId: guild.loungeId }, 400, 'DISCORD_ERR_NOT_TEXT_CHANNEL'),
    'not a text channel',
  );
  await expectError({ kind: 'voice', channelId: guild.categoryId }, 400, 'DISCORD_ERR_NOT_TEXT_CHANNEL');
  await expectError(
    { kind: 'voice', channelId: '1300000000000099999' },
    404,
    'DISCORD_ERR_CHANNEL_NOT_FOUND',
  );
  const elsewhere = discord.control.createGuild({ name: 'Other', ownerId: demoIds.owner });
  const foreign = discord.control.createChannel(elsewhere.id, { name: 'foreign' });
  await expectError({ kind: 'voice', channelId: foreign.id }, 404, 'DISCORD_ERR_CHANNEL_NOT_FOUND');
  const stranger = '1300000000000077777';
  await expectError(
    { kind: 'voice', channelId: guild.controlsId },
    404,
    'DISCORD_ERR_GUILD_UNAVAILABLE',
    tokenFor(demoIds.owner, { [stranger]: 'admin' }),
    stranger,
  );
  await expectError({ kind: 'jukebox', channelId: guild.controlsId }, 400, 'GW_ERR_VALIDATION');
  await expectError({ kind: 'voice', channelId: 'general' }, 400, 'GW_ERR_VALIDATION');
  t.match(
    await expectError({ kind: 'music', channelId: guild.controlsId }, 400, 'DISCORD_ERR_PANEL_UNAVAILABLE'),
    'no music player',
  );

  await config.change(app, voiceSettings(guild, { lobbyChannelId: '' }));
  t.match(
    await expectError(
      { kind: 'voice', channelId: guild.controlsId },
      409,
      'DISCORD_ERR_VOICE_NOT_CONFIGURED',
    ),
    'lobbyChannelId',
  );
  t.equal(discord.control.messages(guild.controlsId).length, 2, 'no refused request posted anything');
});

t.test('send panel – cmd.discord.send_panel over NATS', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' });
  const request = { guildId: guild.guildId, kind: PanelKind.VOICE, channelId: guild.controlsId };

  const reply = await requestCommand(bus, discordCommands.sendPanel, { ...request, idempotencyKey: 'k1' });
  t.equal(discord.control.message(reply.messageId)?.channel_id, guild.controlsId);
  t.equal(reply.replayed, false);
  const retried = await requestCommand(bus, discordCommands.sendPanel, { ...request, idempotencyKey: 'k1' });
  t.match(retried, { messageId: reply.messageId, replayed: true });

  const rejected = async (init: Partial<typeof request>) => {
    const err = await requestCommand(bus, discordCommands.sendPanel, { ...request, ...init }).catch((e) => e);
    t.ok(err instanceof CommandRejectedError, 'rejected');
    return err as CommandRejectedError;
  };
  const unspecified = await rejected({ kind: PanelKind.UNSPECIFIED });
  t.equal(unspecified.code, 'GW_ERR_VALIDATION');
  t.match(unspecified.fieldErrors, [{ field: '/kind' }]);
  t.match(await rejected({ channelId: 'x' }), {
    code: 'GW_ERR_VALIDATION',
    fieldErrors: [{ field: '/channelId' }],
  });
  t.match(await rejected({ channelId: guild.loungeId }), {
    code: 'DISCORD_ERR_NOT_TEXT_CHANNEL',
    statusCode: 400,
  });
  t.match(await rejected({ kind: PanelKind.MUSIC }), { code: 'DISCORD_ERR_PANEL_UNAVAILABLE' });
  t.equal(discord.control.messages(guild.controlsId).length, 1, 'one panel');
});
