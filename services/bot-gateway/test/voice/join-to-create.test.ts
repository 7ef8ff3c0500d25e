import { PermissionFlagsBits } from '@discordjs/core';
import t from 'tap';
import { createTempChannels, openVoiceBucket } from '../../src/voice/temp-channels.js';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';
import {
  rooms,
  standInConfig,
  voiceGuild,
  voiceSettings,
  waitForDeleted,
  waitForRoomOf,
} from './voice-fixtures.js';

const quiet = { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' };

t.test('join to create – joining the lobby makes a channel for the member, leaving deletes it', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  await startBot(t, discord, bus, quiet);
  const { alice } = guild.users;

  discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
  const room = await waitForRoomOf(discord, guild, alice);
  t.match(room, {
    name: "alice's room",
    type: 2,
    user_limit: 4,
    bitrate: 96_000,
    parent_id: guild.categoryId,
  });
  const owner = room.permission_overwrites?.find((o) => o.id === alice);
  t.equal(owner?.type, 1, 'a member overwrite for the owner');
  const allow = BigInt(owner?.allow ?? '0');
  t.not(allow & PermissionFlagsBits.ManageChannels, 0n, 'the owner may manage the channel');
  t.not(allow & PermissionFlagsBits.MoveMembers, 0n, 'and move members');
  t.equal(allow & PermissionFlagsBits.ManageRoles, 0n, 'but not its permissions');
  t.ok(
    room.permission_overwrites?.some((o) => o.id === discord.botUser.id),
    'the bot keeps access when the owner hides or locks it',
  );
  const temps = createTempChannels(await openVoiceBucket(bus));
  t.match(await temps.get(guild.guildId, room.id), { ownerId: alice }, 'recorded in KV');

  discord.control.joinVoice(guild.guildId, alice, null);
  await waitForDeleted(discord, room.id);
  t.equal(
    await createTempChannels(await openVoiceBucket(bus)).get(guild.guildId, room.id),
    undefined,
    'record gone',
  );
  t.equal(await temps.ownerMark(guild.guildId, alice), undefined, 'owner mark gone');
  t.same(rooms(discord, guild), []);
});

t.test('join to create – two members: a channel each; one stays while anyone is in it', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  await startBot(t, discord, bus, quiet);
  const { alice, bob } = guild.users;

  discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
  const aliceRoom = await waitForRoomOf(discord, guild, alice);
  discord.control.joinVoice(guild.guildId, bob, guild.lobbyId);
  const bobRoom = await waitForRoomOf(discord, guild, bob);
  t.not(aliceRoom.id, bobRoom.id);
  t.equal(bobRoom.name, "bob's room");

  discord.control.joinVoice(guild.guildId, bob, aliceRoom.id);
  await waitForDeleted(discord, bobRoom.id);
  t.ok(discord.control.channel(aliceRoom.id), "alice's room stays");

  discord.control.joinVoice(guild.guildId, alice, guild.loungeId);
  // bob is still inside: leaving it is what deletes it, not its owner leaving.
  discord.control.joinVoice(guild.guildId, bob, null);
  await waitForDeleted(discord, aliceRoom.id);
  t.ok(discord.control.channel(guild.lobbyId), 'the lobby is never deleted');
  t.ok(discord.control.channel(guild.loungeId), 'nor a channel the bot did not make');
});

t.test(
  'join to create – joining the lobby twice quickly gives one channel; a replayed join does nothing',
  async (t) => {
    const discord = await fakeDiscord(t);
    const guild = voiceGuild(discord);
    const bus = await botBus(t);
    await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
    const { app } = await startBot(t, discord, bus, quiet);
    const { alice, bob } = guild.users;

    // Three dispatches before the bot handles the first: lobby, out, lobby again.
    discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
    discord.control.joinVoice(guild.guildId, alice, guild.loungeId);
    discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
    const room = await waitForRoomOf(discord, guild, alice);
    // Voice states of one guild are handled in order: once bob has his room, alice's are all done.
    discord.control.joinVoice(guild.guildId, bob, guild.lobbyId);
    const bobRoom = await waitForRoomOf(discord, guild, bob);
    t.same(
      rooms(discord, guild)
        .map((c) => c.id)
        .sort(),
      [room.id, bobRoom.id].sort(),
      'one channel for alice',
    );

    // The lobby join dispatched again (a RESUME replays what the stored sequence had not covered):
    // alice is in her room now, so nothing is created and she is not moved.
    const requestsBefore = discord.control.requests().length;
    discord.control.joinVoice(guild.guildId, alice, guild.loungeId);
    await app.voiceRooms.joinToCreate.onVoiceState({
      guildId: guild.guildId,
      userId: alice,
      channelId: guild.lobbyId,
      username: 'alice',
    });
    t.equal(discord.control.voiceState(guild.guildId, alice)?.channelId, guild.loungeId, 'not moved back');
    const after = discord.control
      .requests()
      .slice(requestsBefore)
      .map((r) => `${r.method} ${r.path}`);
    t.notOk(
      after.some((r) => r === `POST /guilds/${guild.guildId}/channels` || r.endsWith(`/members/${alice}`)),
      'nothing created, alice not moved',
    );
    t.ok(after.includes(`DELETE /channels/${room.id}`), 'her emptied room was deleted');
  },
);

t.test('join to create – a settings change applies without a restart', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  const config = await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  const { app } = await startBot(t, discord, bus, quiet);
  const { alice, bob, carol } = guild.users;
  const newLobby = discord.control.createChannel(guild.guildId, { name: 'New lobby', type: 2 });

  discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
  const first = await waitForRoomOf(discord, guild, alice);
  await config.change(
    app,
    voiceSettings(guild, { lobbyChannelId: newLobby.id, nameTemplate: 'vc {username}' }),
  );

  discord.control.joinVoice(guild.guildId, bob, guild.lobbyId);
  discord.control.joinVoice(guild.guildId, carol, newLobby.id);
  const carolRoom = await waitForRoomOf(discord, guild, carol);
  t.equal(carolRoom.name, 'vc carol', 'the new template');
  t.equal(
    discord.control.voiceState(guild.guildId, bob)?.channelId,
    guild.lobbyId,
    'the old lobby makes nothing',
  );

  await config.change(app, voiceSettings(guild, { lobbyChannelId: '' }));
  discord.control.joinVoice(guild.guildId, bob, newLobby.id);
  // Channels made before still go when they empty (and this is handled after bob's join).
  discord.control.joinVoice(guild.guildId, alice, null);
  await waitForDeleted(discord, first.id);
  t.equal(discord.control.voiceState(guild.guildId, bob)?.channelId, newLobby.id, 'off: nothing is made');
  t.same(
    rooms(discord, guild).map((c) => c.id),
    [carolRoom.id],
  );
});
