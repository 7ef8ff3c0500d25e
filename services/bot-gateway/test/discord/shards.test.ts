import { GatewayDispatchEvents } from '@discordjs/core';
import { shardOfGuild, snowflakeFromTimestamp } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { publishOpened, recordBotCommands, ticketOf, welcomeIn } from '../effects/ticket-fixtures.js';
import { answerText, botBus, fakeDiscord, startBot } from '../fixtures.js';

t.test(
  'shards – two replicas with different shard ranges each cache and answer only their guilds',
  async (t) => {
    const discord = await fakeDiscord(t, { maxConcurrency: 2 });
    const owner = discord.control.createUser({ username: 'owner' });
    const user = discord.control.createUser({ username: 'member' });
    // Consecutive millisecond timestamps alternate between shard 0 and 1 of two.
    const now = Date.now();
    const guilds = [0, 1, 2, 3].map((i) => {
      const guild = discord.control.createGuild({
        name: `guild-${i}`,
        id: snowflakeFromTimestamp(now + i),
        ownerId: owner.id,
      });
      discord.control.addMember(guild.id, user.id);
      const channel = discord.control.createChannel(guild.id, { name: 'general' });
      return { id: guild.id, channelId: channel.id, shard: shardOfGuild(guild.id, 2) };
    });
    const bus = await botBus(t);
    const env = (shard: string) => ({ SHARD_COUNT: '2', SHARD_IDS: shard });
    const commands = await recordBotCommands(t, bus);
    const replicas = [await startBot(t, discord, bus, env('0')), await startBot(t, discord, bus, env('1'))];
    t.same(
      discord.control.gateway
        .sessions()
        .map((s) => s.shard)
        .sort(),
      [
        [0, 2],
        [1, 2],
      ],
      'one session per shard',
    );
    for (const [shard, replica] of replicas.entries()) {
      for (const guild of guilds)
        t.equal(
          replica.app.discord.cache.guild(guild.id) !== undefined,
          guild.shard === shard,
          `replica ${shard} caches guild ${guild.id} (shard ${guild.shard}) only if it is its own`,
        );
    }
    // Each guild's interactions reach its shard's replica, which answers them.
    const seen: string[][] = [[], []];
    for (const [shard, replica] of replicas.entries()) {
      replica.app.discord.client.on(GatewayDispatchEvents.InteractionCreate, ({ data }) => {
        seen[shard]?.push(data.guild_id ?? '');
      });
    }
    for (const guild of guilds) {
      const ix = discord.control.runSlashCommand({
        channelId: guild.channelId,
        userId: user.id,
        name: 'ticket',
        subcommand: 'claim',
      });
      t.equal(await answerText(discord, ix.id), "/ticket claim works inside a ticket's thread or channel.");
    }
    for (const [shard, ids] of seen.entries())
      t.same(
        ids.sort(),
        guilds
          .filter((g) => g.shard === shard)
          .map((g) => g.id)
          .sort(),
        `replica ${shard} received only its guilds' interactions`,
      );

    // Side effects: one durable consumer shared by both, so either may take a guild's event; each
    // is done once, and a guild of the other replica's shards is served from REST, never cached.
    const tickets = guilds.map((g) => ticketOf(g.id, user.id));
    for (const ticket of tickets) await publishOpened(bus, ticket);
    await waitUntil('every ticket placed', async () =>
      commands.setChannel.length === tickets.length ? true : undefined,
    );
    for (const ticket of tickets) {
      const made = discord.control
        .channels(ticket.guildId)
        .filter((c) => c.name === `ticket-${ticket.number}`);
      t.equal(made.length, 1, `guild ${ticket.guildId}: one ticket channel`);
      await welcomeIn(discord, made[0]!.id);
      t.equal(
        discord.control.messages(made[0]!.id).length,
        1,
        `guild ${ticket.guildId}: one welcome message`,
      );
    }
    for (const [shard, replica] of replicas.entries())
      for (const guild of guilds.filter((g) => g.shard !== shard))
        t.notOk(
          replica.app.discord.cache.guild(guild.id),
          `replica ${shard} did not cache guild ${guild.id}`,
        );
  },
);
