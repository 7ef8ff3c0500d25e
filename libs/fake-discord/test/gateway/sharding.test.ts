import { Client, GatewayDispatchEvents, GatewayIntentBits } from '@discordjs/core';
import { REST } from '@discordjs/rest';
import { WebSocketManager } from '@discordjs/ws';
import t from 'tap';
import { shardOfGuild, snowflakeFromTimestamp } from '../../src/index.js';
import { fakeDiscordForTest } from '../fixtures.js';

t.test(
  'sharding – @discordjs/core with @discordjs/ws and @discordjs/rest logs in; each shard gets its guilds',
  async (t) => {
    // max_concurrency 2 lets both shards identify at once instead of 5 s apart.
    const server = await fakeDiscordForTest(t, { maxConcurrency: 2 });
    // Consecutive millisecond timestamps alternate between shard 0 and 1 for two shards.
    const now = Date.now();
    const guilds = [0, 1, 2, 3].map((i) =>
      server.control.createGuild({ name: `guild-${i}`, id: snowflakeFromTimestamp(now + i) }),
    );
    const rest = new REST({ api: server.apiUrl }).setToken(server.token);
    t.teardown(() => {
      rest.clearHashSweeper();
      rest.clearHandlerSweeper();
    });
    const gateway = new WebSocketManager({
      token: server.token,
      intents: GatewayIntentBits.Guilds,
      rest,
      shardCount: 2,
    });
    const client = new Client({ rest, gateway });
    t.teardown(() => gateway.destroy());
    const received = new Map<number, string[]>([
      [0, []],
      [1, []],
    ]);
    const allCreated = new Promise<void>((resolve) => {
      client.on(GatewayDispatchEvents.GuildCreate, ({ data, shardId }) => {
        received.get(shardId)?.push(data.id);
        if ([...received.values()].flat().length === guilds.length) resolve();
      });
    });
    await gateway.connect();
    await allCreated;
    for (const [shardId, ids] of received) {
      const expected = guilds.filter((g) => shardOfGuild(g.id, 2) === shardId).map((g) => g.id);
      t.same(ids.sort(), expected.sort(), `shard ${shardId} got exactly its guilds`);
    }
    t.same(
      server.control.gateway
        .sessions()
        .map((s) => s.shard)
        .sort(),
      [
        [0, 2],
        [1, 2],
      ],
    );
    const me = await client.api.users.getCurrent();
    t.equal(me.id, server.botUser.id, 'the REST side works through @discordjs/core');
    const channel = server.control.createChannel(guilds[0]!.id, { name: 'core' });
    const message = await client.api.channels.createMessage(channel.id, { content: 'hello from core' });
    t.equal(server.control.message(message.id)?.content, 'hello from core');
  },
);
