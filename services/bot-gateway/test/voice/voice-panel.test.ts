import { PermissionFlagsBits } from '@discordjs/core';
import { demoIds } from '@guildwire/fake-discord';
import t from 'tap';
import { parseUserLimit } from '../../src/voice/voice-interactions.js';
import { parseVoiceCustomId, voiceCustomId } from '../../src/voice/voice-panel.js';
import { answerText, botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { standInConfig, voiceGuild, voiceSettings, waitForRoomOf } from './voice-fixtures.js';

const { Connect, ViewChannel, ManageChannels } = PermissionFlagsBits;

t.test('voice panel – custom ids and the limit parser', async (t) => {
  t.equal(voiceCustomId('voice-lock'), 'gw:voice-lock');
  t.equal(parseVoiceCustomId('gw:voice-rename-set'), 'voice-rename-set');
  t.equal(parseVoiceCustomId('gw:voice-explode'), undefined);
  t.equal(parseVoiceCustomId('gw:ticket-claim:1'), undefined);
  t.equal(parseUserLimit(' 7 '), 7);
  t.equal(parseUserLimit('0'), 0);
  for (const bad of ['', '-1', '100', '1.5', 'ten', '99999'])
    t.throws(() => parseUserLimit(bad), /whole number from 0 to 99/, JSON.stringify(bad));
});

t.test('voice panel – owner, non-owner, outsiders; lock, hide, limit, rename, claim', async (t) => {
  const discord = await fakeDiscord(t);
  const guild = voiceGuild(discord);
  const bus = await botBus(t);
  await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
  const { app } = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' });
  const { alice, bob, carol } = guild.users;

  const posted = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild.guildId}/discord/panels`,
    headers: tokenFor(demoIds.owner, { [guild.guildId]: 'admin' }),
    payload: { kind: 'voice', channelId: guild.controlsId },
  });
  t.equal(posted.statusCode, 201);
  const messageId: string = posted.json().messageId;
  const press = (userId: string, action: Parameters<typeof voiceCustomId>[0]) =>
    discord.control.pressButton({ messageId, customId: voiceCustomId(action), userId });
  const say = (userId: string, action: Parameters<typeof voiceCustomId>[0]) =>
    answerText(discord, press(userId, action).id);
  const everyone = (channelId: string) =>
    discord.control.channel(channelId)?.permission_overwrites?.find((o) => o.id === guild.guildId);

  t.match(
    await say(carol, 'voice-lock'),
    `You are not in a temporary voice channel. Join <#${guild.lobbyId}>`,
  );
  discord.control.joinVoice(guild.guildId, carol, guild.loungeId);
  t.match(await say(carol, 'voice-lock'), `<#${guild.loungeId}> is not a temporary voice channel`);

  discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
  const room = await waitForRoomOf(discord, guild, alice);
  discord.control.joinVoice(guild.guildId, bob, room.id);
  t.match(await say(bob, 'voice-lock'), `Only <@${alice}>, who owns <#${room.id}>, can do that`);
  t.equal(everyone(room.id), undefined, 'a non-owner changes nothing');

  t.match(await say(alice, 'voice-lock'), 'is locked');
  t.not(BigInt(everyone(room.id)?.deny ?? '0') & Connect, 0n, '@everyone may not connect');
  t.throws(
    () => discord.control.joinVoice(guild.guildId, carol, room.id),
    /may not connect/,
    'carol cannot join',
  );
  t.match(await say(alice, 'voice-hide'), 'is hidden');
  t.equal(BigInt(everyone(room.id)?.deny ?? '0'), Connect | ViewChannel, 'lock and hide together');
  t.match(await say(alice, 'voice-unlock'), 'is unlocked');
  t.equal(BigInt(everyone(room.id)?.deny ?? '0'), ViewChannel, 'unlock keeps it hidden');
  t.match(await say(alice, 'voice-show'), 'is visible again');
  t.equal(everyone(room.id), undefined, 'nothing left to override: the overwrite is removed');
  discord.control.joinVoice(guild.guildId, carol, room.id);
  discord.control.joinVoice(guild.guildId, carol, guild.loungeId);

  t.test('limit and rename modals', async (t) => {
    const modal = async (
      userId: string,
      action: 'voice-limit' | 'voice-rename',
      values: Record<string, string>,
    ) => {
      const opened = press(userId, action);
      const record = await discord.control.waitForInteractionResponse(opened.id);
      t.equal(record.callback?.type, 9, 'a modal opens');
      return answerText(discord, discord.control.submitModal({ interactionId: opened.id, values }).id);
    };
    t.match(await modal(alice, 'voice-limit', { limit: 'abc' }), 'whole number from 0 to 99');
    t.match(await modal(alice, 'voice-limit', { limit: '100' }), 'whole number from 0 to 99');
    t.equal(discord.control.channel(room.id)?.user_limit, 4, 'bad input changes nothing');
    t.match(await modal(alice, 'voice-limit', { limit: '2' }), 'allows 2 members');
    t.equal(discord.control.channel(room.id)?.user_limit, 2);
    t.throws(() => discord.control.joinVoice(guild.guildId, carol, room.id), /full/, 'the limit holds');
    t.match(await modal(alice, 'voice-limit', { limit: '0' }), 'no member limit');

    t.match(await modal(alice, 'voice-rename', { name: '   ' }), 'The name cannot be empty.');
    t.match(
      await modal(alice, 'voice-rename', { name: 'x'.repeat(101) }),
      'too long (at most 100 characters)',
    );
    t.match(await modal(alice, 'voice-rename', { name: ' Study hall ' }), 'Renamed to **Study hall**');
    t.equal(discord.control.channel(room.id)?.name, 'Study hall');

    const refused = press(bob, 'voice-rename');
    t.match(await answerText(discord, refused.id), `Only <@${alice}>`, 'no modal for a non-owner');
    t.equal(discord.control.interaction(refused.id)?.callback?.type, 4);
  });

  t.test('claim', async (t) => {
    t.match(await say(bob, 'voice-claim'), `<@${alice}> is still in <#${room.id}>`);
    t.match(await say(alice, 'voice-claim'), 'You already own');
    discord.control.joinVoice(guild.guildId, alice, guild.loungeId);
    t.match(await say(bob, 'voice-claim'), `You now own <#${room.id}>`);
    const overwrites = discord.control.channel(room.id)?.permission_overwrites ?? [];
    t.not(BigInt(overwrites.find((o) => o.id === bob)?.allow ?? '0') & ManageChannels, 0n, 'bob manages it');
    t.notOk(
      overwrites.some((o) => o.id === alice),
      "alice's owner overwrite is gone",
    );
    discord.control.joinVoice(guild.guildId, alice, room.id);
    t.match(await say(alice, 'voice-lock'), `Only <@${bob}>`, 'alice is no longer the owner');
    t.match(await say(bob, 'voice-lock'), 'is locked');
  });
});
