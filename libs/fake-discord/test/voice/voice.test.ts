import { once } from 'node:events';
import {
  ChannelType,
  Events,
  GatewayIntentBits,
  OverwriteType,
  PermissionFlagsBits,
  type VoiceState,
} from 'discord.js';
import t from 'tap';
import { ControlUsageError } from '../../src/index.js';
import { botIntents, fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

const voiceIntents = [...botIntents, GatewayIntentBits.GuildVoiceStates];

t.test('voice – voice states in GUILD_CREATE, joins and leaves dispatched, REST voice state', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, alice, sam, text } = seedGuild(server);
  const lounge = server.control.createChannel(guild.id, { name: 'Lounge', type: 2 });
  server.control.joinVoice(guild.id, alice.id, lounge.id);
  const client = await loginClient(t, server, { intents: voiceIntents });
  const cached = client.guilds.cache.get(guild.id);
  t.equal(cached?.voiceStates.cache.get(alice.id)?.channelId, lounge.id, 'GUILD_CREATE carries voice_states');

  const joined = once(client, Events.VoiceStateUpdate) as Promise<[VoiceState, VoiceState]>;
  server.control.joinVoice(guild.id, sam.id, lounge.id);
  const [, after] = await joined;
  t.equal(after.channelId, lounge.id);
  t.equal(after.member?.id, sam.id, 'VOICE_STATE_UPDATE carries the member');

  const state = await cached?.voiceStates.fetch(sam.id);
  t.equal(state?.channelId, lounge.id, 'GET /guilds/{id}/voice-states/{user}');

  const left = once(client, Events.VoiceStateUpdate) as Promise<[VoiceState, VoiceState]>;
  server.control.joinVoice(guild.id, sam.id, null);
  const [before, now] = await left;
  t.equal(before.channelId, lounge.id);
  t.equal(now.channelId, null);
  t.equal(server.control.voiceState(guild.id, sam.id), undefined);
  const missing = await cached?.voiceStates.fetch(sam.id, { force: true }).catch((e: unknown) => e);
  t.match(missing, { code: 10065 }, 'not connected: 10065 Unknown Voice State');

  t.throws(
    () => server.control.joinVoice(guild.id, sam.id, text.id),
    ControlUsageError,
    'not a voice channel',
  );
});

t.test('voice – without GUILD_VOICE_STATES the bot gets no VOICE_STATE_UPDATE', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, alice } = seedGuild(server);
  const lounge = server.control.createChannel(guild.id, { name: 'Lounge', type: 2 });
  const client = await loginClient(t, server);
  let voiceEvents = 0;
  client.on(Events.VoiceStateUpdate, () => voiceEvents++);
  server.control.joinVoice(guild.id, alice.id, lounge.id);
  // Dispatches reach a session in order: once this CHANNEL_CREATE is in, the voice one would be too.
  const created = once(client, Events.ChannelCreate);
  server.control.createChannel(guild.id, { name: 'after' });
  await created;
  t.equal(voiceEvents, 0);
});

t.test(
  'voice – a voice channel with limit and bitrate, a member moved, the channel deleted disconnects',
  async (t) => {
    const server = await fakeDiscordForTest(t);
    const { guild, alice, sam, category } = seedGuild(server);
    const client = await loginClient(t, server, { intents: voiceIntents });
    const cached = client.guilds.cache.get(guild.id);
    if (!cached) throw new Error('guild not cached');
    const lobby = server.control.createChannel(guild.id, { name: 'Join to create', type: 2 });

    const room = await cached.channels.create({
      name: "alice's channel",
      type: ChannelType.GuildVoice,
      parent: category.id,
      userLimit: 3,
      bitrate: 96_000,
      permissionOverwrites: [
        { id: alice.id, type: OverwriteType.Member, allow: [PermissionFlagsBits.ManageChannels] },
      ],
    });
    t.match(server.control.channel(room.id), {
      type: 2,
      user_limit: 3,
      bitrate: 96_000,
      parent_id: category.id,
    });

    const bad = await cached.channels
      .create({ name: 'x', type: ChannelType.GuildVoice, bitrate: 1000, userLimit: 100 })
      .catch((e: unknown) => e);
    t.match(bad, { code: 50035 }, 'bitrate and user_limit are validated');
    t.match((bad as { rawError: unknown }).rawError, {
      errors: {
        bitrate: { _errors: [{ code: 'NUMBER_TYPE_MIN' }] },
        user_limit: { _errors: [{ code: 'NUMBER_TYPE_MAX' }] },
      },
    });

    const notConnected = await cached.members.edit(alice.id, { channel: room.id }).catch((e: unknown) => e);
    t.match(notConnected, { code: 40032 }, 'a member not in voice cannot be moved');

    const inLobby = once(client, Events.VoiceStateUpdate);
    server.control.joinVoice(guild.id, alice.id, lobby.id);
    await inLobby;
    const sessionId = server.control.voiceState(guild.id, alice.id)?.sessionId;
    const moved = once(client, Events.VoiceStateUpdate) as Promise<[VoiceState, VoiceState]>;
    await cached.members.edit(alice.id, { channel: room.id });
    const [from, to] = await moved;
    t.equal(from.channelId, lobby.id);
    t.equal(to.channelId, room.id);
    t.equal(
      server.control.voiceState(guild.id, alice.id)?.sessionId,
      sessionId,
      'a move keeps the voice session',
    );

    await room.edit({ userLimit: 1, name: 'renamed' });
    t.match(server.control.channel(room.id), { user_limit: 1, name: 'renamed' });
    t.throws(
      () => server.control.joinVoice(guild.id, sam.id, room.id),
      /full/,
      'a full channel refuses a member',
    );

    await room.edit({ userLimit: 0 });
    await room.permissionOverwrites.edit(guild.id, { Connect: false });
    t.throws(() => server.control.joinVoice(guild.id, sam.id, room.id), /may not connect/, 'locked');
    await room.permissionOverwrites.edit(guild.id, { Connect: null, ViewChannel: false });
    t.throws(() => server.control.joinVoice(guild.id, sam.id, room.id), /may not connect/, 'hidden');
    await room.permissionOverwrites.edit(sam.id, { ViewChannel: true, Connect: true });
    server.control.joinVoice(guild.id, sam.id, room.id);
    t.equal(
      server.control.voiceState(guild.id, sam.id)?.channelId,
      room.id,
      'a member overwrite lets one in',
    );

    await room.delete();
    t.same(server.control.voiceStates(guild.id), [], 'deleting a voice channel disconnects everyone in it');
  },
);

t.test('voice – control over HTTP', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, alice } = seedGuild(server);
  const lounge = server.control.createChannel(guild.id, { name: 'Lounge', type: 2 });
  const post = (body: unknown) =>
    fetch(`${server.url}/__control/voice`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const ok = await post({ guildId: guild.id, userId: alice.id, channelId: lounge.id });
  t.equal(ok.status, 200);
  t.match(await ok.json(), { voiceState: { channelId: lounge.id, userId: alice.id } });
  const states = await fetch(`${server.url}/__control/guilds/${guild.id}/voice-states`);
  t.match(await states.json(), [{ userId: alice.id }]);
  const bad = await post({ guildId: guild.id, userId: alice.id, channelId: 5 });
  t.equal(bad.status, 400);
  t.match(await bad.json(), { error: /channelId/ });
});
