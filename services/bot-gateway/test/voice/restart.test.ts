import t from 'tap';
import { botBus, fakeDiscord, startBot } from '../fixtures.js';
import { standInConfig, voiceGuild, voiceSettings, waitForDeleted, waitForRoomOf } from './voice-fixtures.js';

const quiet = { REGISTER_COMMANDS: 'false', SIDE_EFFECTS: 'false' };

t.test(
  'restart – a channel made before the bot stopped is deleted when it empties later (RESUME, no GUILD_CREATE)',
  async (t) => {
    const discord = await fakeDiscord(t);
    const guild = voiceGuild(discord);
    const bus = await botBus(t);
    await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
    const first = await startBot(t, discord, bus, quiet);
    const { alice, bob } = guild.users;
    discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
    const room = await waitForRoomOf(discord, guild, alice);
    discord.control.joinVoice(guild.guildId, bob, room.id);
    await first.app.voiceRooms.queue.drain();
    const identifiedBefore = discord.control.gateway.sessions().length;
    await first.close();

    // While no bot runs: alice leaves (the dispatch waits in the session for the RESUME).
    discord.control.joinVoice(guild.guildId, alice, null);
    const second = await startBot(t, discord, bus, quiet);
    const sessions = discord.control.gateway.sessions();
    t.equal(sessions.length, identifiedBefore, 'the new replica resumed the session instead of identifying');
    t.ok((sessions[0]?.resumes ?? 0) >= 1, 'resumed');
    // The replayed "alice left" came before RESUMED, so it is queued by now.
    await second.app.voiceRooms.queue.drain();
    t.match(await second.app.voiceRooms.temps.get(guild.guildId, room.id), { occupants: [bob] });
    t.ok(discord.control.channel(room.id), 'bob is still in it: it stays');

    discord.control.joinVoice(guild.guildId, bob, null);
    await waitForDeleted(discord, room.id);
    await second.app.voiceRooms.queue.drain();
    t.equal(await second.app.voiceRooms.temps.get(guild.guildId, room.id), undefined, 'record gone');
  },
);

t.test(
  'restart – a channel emptied while no bot ran is deleted at the next start (a fresh session: GUILD_CREATE)',
  async (t) => {
    const discord = await fakeDiscord(t);
    const guild = voiceGuild(discord);
    const bus = await botBus(t);
    await standInConfig(t, bus, guild.guildId, voiceSettings(guild));
    const first = await startBot(t, discord, bus, quiet);
    const { alice, bob } = guild.users;
    discord.control.joinVoice(guild.guildId, alice, guild.lobbyId);
    const aliceRoom = await waitForRoomOf(discord, guild, alice);
    discord.control.joinVoice(guild.guildId, bob, guild.lobbyId);
    const bobRoom = await waitForRoomOf(discord, guild, bob);
    await first.app.voiceRooms.queue.drain();
    await first.close();

    discord.control.joinVoice(guild.guildId, alice, null);
    // Discord forgot the session (down longer than the resume window): the next start identifies.
    discord.control.gateway.invalidateSessions();
    await startBot(t, discord, bus, quiet);
    await waitForDeleted(discord, aliceRoom.id);
    t.ok(discord.control.channel(bobRoom.id), "bob's room, still in use, stays");
  },
);
