import t from 'tap';
import { fakeDiscordForTest, loginClient, seedGuild } from '../fixtures.js';

t.test('login – READY and GUILD_CREATE fill the discord.js caches', async (t) => {
  const server = await fakeDiscordForTest(t);
  const { guild, staff, category, text, alice } = seedGuild(server);
  const client = await loginClient(t, server);
  t.equal(client.user.id, server.botUser.id);
  t.equal(client.application.id, server.applicationId);
  const cached = client.guilds.cache.get(guild.id);
  t.ok(cached, 'the guild is cached');
  t.equal(cached?.name, 'Test Guild');
  t.equal(cached?.available, true);
  t.equal(cached?.channels.cache.get(text.id)?.parentId, category.id);
  t.ok(cached?.roles.cache.get(staff.id), 'roles are cached');
  t.equal(cached?.members.cache.get(alice.id)?.user.username, 'alice');
  t.equal(cached?.members.me?.id, server.botUser.id);
});
