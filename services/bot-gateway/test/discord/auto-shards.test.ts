import { fileURLToPath } from 'node:url';
import type { FakeDiscord } from '@guildwire/fake-discord';
import { shardOfGuild, snowflakeFromTimestamp } from '@guildwire/fake-discord';
import { spawnService, waitUntil } from '@guildwire/testkit';
import t, { type Test } from 'tap';
import { answerText, botBus, botConfig, fakeDiscord, jwtSecret, startBot } from '../fixtures.js';

const main = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const shardCount = 4;
// Short leases so a killed replica's shards move within seconds.
const auto = {
  SHARD_IDS: 'auto',
  SHARD_COUNT: String(shardCount),
  SHARD_LEASE_TTL_MS: '2000',
  SIDE_EFFECTS: 'false',
  REGISTER_COMMANDS: 'false',
};

/** A guild on each of the four shards, with a member and a channel to run a slash command in. */
function guildPerShard(discord: FakeDiscord) {
  const owner = discord.control.createUser({ username: 'owner' });
  const user = discord.control.createUser({ username: 'member' });
  const now = Date.now();
  const byShard = new Map<number, { id: string; channelId: string }>();
  for (let i = 0; byShard.size < shardCount; i++) {
    const id = snowflakeFromTimestamp(now + i);
    const shard = shardOfGuild(id, shardCount);
    if (byShard.has(shard)) continue;
    const guild = discord.control.createGuild({ name: `guild-${shard}`, id, ownerId: owner.id });
    discord.control.addMember(guild.id, user.id);
    byShard.set(shard, { id, channelId: discord.control.createChannel(guild.id, { name: 'general' }).id });
  }
  return { user, guilds: [...byShard.values()] };
}

/** Connected gateway sessions per shard id. */
function connectedPerShard(discord: FakeDiscord): number[] {
  const counts = Array.from({ length: shardCount }, () => 0);
  for (const s of discord.control.gateway.sessions()) if (s.connected) counts[s.shard[0]]! += 1;
  return counts;
}

/** Waits until each replica holds `sizes` leases and every shard has exactly one connected session. */
async function waitForSpread(discord: FakeDiscord, held: (() => number[])[], sizes: number[], what: string) {
  await waitUntil(
    what,
    async () => {
      const counts = held.map((h) => h().length);
      const connected = connectedPerShard(discord);
      return counts.every((n, i) => n === sizes[i]) && connected.every((n) => n === 1) ? true : undefined;
    },
    { timeoutMs: 60_000 },
  );
}

/** Every guild's slash command is answered (by the replica running its shard). */
async function answersEveryGuild(t: Test, discord: FakeDiscord, world: ReturnType<typeof guildPerShard>) {
  for (const guild of world.guilds) {
    const ix = discord.control.runSlashCommand({
      channelId: guild.channelId,
      userId: world.user.id,
      name: 'ticket',
      subcommand: 'claim',
    });
    t.equal(await answerText(discord, ix.id), "/ticket claim works inside a ticket's thread or channel.");
  }
}

t.test(
  'auto shards – two replicas split the shards; a killed one’s shards are resumed by the other; a third joins',
  async (t) => {
    const discord = await fakeDiscord(t, { maxConcurrency: shardCount });
    const world = guildPerShard(discord);
    const bus = await botBus(t);

    // Replica A runs as its own process so it can be killed with -9.
    const config = botConfig(discord, bus);
    const a = await spawnService(main, {
      t,
      env: {
        NATS_URL: config.NATS_URL,
        NATS_NAMESPACE: bus.namespace,
        JWT_SECRET: jwtSecret,
        DISCORD_TOKEN: discord.token,
        DISCORD_API_URL: discord.apiUrl,
        LOG_LEVEL: 'warn',
        ...auto,
        // Registers /ticket, so the fake Discord lets users run it.
        REGISTER_COMMANDS: 'true',
      },
      readyTimeoutMs: 60_000,
    });
    t.same(connectedPerShard(discord), [1, 1, 1, 1], 'alone, replica A runs every shard');
    const identified = discord.control.gateway
      .sessions()
      .map((s) => s.id)
      .sort();

    const b = await startBot(t, discord, bus, auto);
    const heldByA = () => {
      const bHeld = new Set(b.app.discord.leases?.held());
      return [0, 1, 2, 3].filter((id) => !bHeld.has(id));
    };
    await waitForSpread(
      discord,
      [() => b.app.discord.leases?.held() ?? []],
      [2],
      'B holds half of the shards',
    );
    t.same(connectedPerShard(discord), [1, 1, 1, 1], 'one connection per shard');
    t.same(
      discord.control.gateway
        .sessions()
        .map((s) => s.id)
        .sort(),
      identified,
      'the shards B took were RESUMEd: no new session',
    );
    t.same(
      b.app.discord.gateway.running(),
      b.app.discord.leases?.held(),
      'B runs exactly the shards it leases',
    );
    await answersEveryGuild(t, discord, world);

    // kill -9: A's leases expire, B takes its shards and RESUMEs their sessions from KV.
    const resumesBefore = new Map(discord.control.gateway.sessions().map((s) => [s.id, s.resumes]));
    const aShards = heldByA();
    await a.child.kill();
    await waitForSpread(discord, [() => b.app.discord.leases?.held() ?? []], [4], 'B holds every shard');
    const sessions = discord.control.gateway.sessions();
    t.same(
      sessions.map((s) => s.id).sort(),
      identified,
      'no re-IDENTIFY: the killed replica’s sessions were resumed',
    );
    for (const shard of aShards) {
      const session = sessions.find((s) => s.shard[0] === shard);
      t.ok(
        session && session.resumes > (resumesBefore.get(session.id) ?? 0),
        `shard ${shard} (A's) was resumed by B`,
      );
    }
    await answersEveryGuild(t, discord, world);

    // A third replica joins: B (older) keeps two, C takes two.
    const c = await startBot(t, discord, bus, auto);
    await waitForSpread(
      discord,
      [() => b.app.discord.leases?.held() ?? [], () => c.app.discord.leases?.held() ?? []],
      [2, 2],
      'B and C hold two shards each',
    );
    const bHeld = new Set(b.app.discord.leases?.held());
    t.notOk(
      c.app.discord.leases?.held().some((id) => bHeld.has(id)),
      'no shard leased twice',
    );
    t.same(
      discord.control.gateway
        .sessions()
        .map((s) => s.id)
        .sort(),
      identified,
      'still the first sessions',
    );
    for (const guild of world.guilds) {
      const shard = shardOfGuild(guild.id, shardCount);
      const runner = bHeld.has(shard) ? b : c;
      const other = bHeld.has(shard) ? c : b;
      await waitUntil('the runner knows the guild', async () => runner.app.discord.guild(guild.id));
      t.notOk(
        other.app.discord.cache.guild(guild.id),
        `guild of shard ${shard} is cached only by its runner`,
      );
    }
    await answersEveryGuild(t, discord, world);

    // A graceful stop hands its shards over at once (no waiting for leases to expire).
    await c.close();
    await waitForSpread(
      discord,
      [() => b.app.discord.leases?.held() ?? []],
      [4],
      'B holds every shard again',
    );
    t.same(
      discord.control.gateway
        .sessions()
        .map((s) => s.id)
        .sort(),
      identified,
      'resumed again',
    );
  },
);
