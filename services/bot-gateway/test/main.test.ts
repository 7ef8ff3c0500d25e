import { fileURLToPath } from 'node:url';
import { type Bus, bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  type SetTicketChannelRequest,
  TicketOpenedSchema,
  TicketSchema,
  TicketStatus,
  ticketCommands,
  ticketEvents,
} from '@guildwire/contracts';
import { type FakeDiscord, seedDemoGuild } from '@guildwire/fake-discord';
import { freePort, spawnTs, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, jwtSecret, type Tap } from './fixtures.js';

const main = fileURLToPath(new URL('../src/main.ts', import.meta.url));

/** Spawns the bot gateway against this fake Discord and bus; resolves once /readyz answers. */
async function startMain(t: Tap, discord: FakeDiscord, bus: Bus, logLevel: string) {
  const port = await freePort();
  const child = spawnTs(main, {
    t,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      JWT_SECRET: jwtSecret,
      DISCORD_TOKEN: discord.token,
      DISCORD_API_URL: discord.apiUrl,
      LOG_LEVEL: logLevel,
      // The event the killed process had in hand comes back after this.
      SIDE_EFFECT_ACK_WAIT_MS: '2000',
    },
  });
  await waitUntil(
    'the bot gateway is ready (its shard connected)',
    async () => ((await fetch(`http://127.0.0.1:${port}/readyz`)).ok ? true : undefined),
    {
      timeoutMs: 60_000,
      abort: () => (child.child.exitCode === null ? undefined : new Error(`main exited: ${child.stderr()}`)),
    },
  );
  return child;
}

t.test('main – killed with -9, the restarted process RESUMEs its shard through KV', async (t) => {
  const discord = await fakeDiscord(t);
  seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const start = () => startMain(t, discord, bus, 'info');
  const first = await start();
  t.equal(discord.control.gateway.sessions()[0]?.resumes, 0, 'identified');
  await first.kill();
  const logs = `${first.stdoutLines().join('\n')}${first.stderr()}`;
  t.match(logs, /connected to the Discord gateway/, 'it logged');
  t.notOk(logs.includes(discord.token), 'never the bot token');
  await start();
  const sessions = discord.control.gateway.sessions();
  t.equal(sessions.length, 1, 'no second IDENTIFY');
  t.equal(sessions[0]?.resumes, 1, 'the killed replica’s session was resumed');
  t.equal(sessions[0]?.connected, true);
});

t.test(
  'main – killed with -9 mid-stream and restarted: every ticket gets one channel and one welcome message',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const setChannel: SetTicketChannelRequest[] = [];
    const server = await serveCommands(bus, { name: 'ticket', version: '0.0.0' }, [
      bindCommand(ticketCommands.setChannel, async (req) => {
        setChannel.push(req);
        return {};
      }),
    ]);
    t.teardown(() => server.stop());
    const first = await startMain(t, discord, bus, 'warn');
    const count = 60;
    const tickets = Array.from({ length: count }, (_, i) =>
      createMessage(TicketSchema, {
        id: `0190c1d2-0000-7000-8000-${String(i + 1).padStart(12, '0')}`,
        guildId: demo.guildId,
        number: i + 1,
        subject: `ticket ${i + 1}`,
        status: TicketStatus.OPEN,
        openerId: demo.userIds.alice,
        version: 1,
      }),
    );
    for (const ticket of tickets) {
      const meta = createEventMeta({
        guildId: demo.guildId,
        actor: discordActor(demo.userIds.alice),
        aggregateVersion: 1,
      });
      await publishEvent(bus, ticketEvents.opened, createMessage(TicketOpenedSchema, { meta, ticket }));
    }
    await waitUntil('a few tickets done', async () => (setChannel.length >= 5 ? true : undefined));
    await first.kill();
    const done = () => new Set(setChannel.map((c) => c.ticketId)).size;
    t.ok(done() < count, `killed mid-stream (${done()} of ${count} done)`);
    await startMain(t, discord, bus, 'warn');
    await waitUntil('every ticket done', async () => (done() === count ? true : undefined), {
      timeoutMs: 120_000,
    });
    const channels = discord.control.channels(demo.guildId).filter((c) => c.name.startsWith('ticket-'));
    t.equal(channels.length, count, 'one channel per ticket: none lost, none twice');
    t.same(
      channels.filter((c) => discord.control.messages(c.id).length !== 1).map((c) => c.name),
      [],
      'one welcome message in each',
    );
    for (const ticket of tickets) {
      const ids = new Set(setChannel.filter((c) => c.ticketId === ticket.id).map((c) => c.channelId));
      if (ids.size !== 1) t.fail(`ticket ${ticket.number} was recorded with ${ids.size} channels`);
    }
  },
);

t.test('main – a bad environment stops the process with a message naming the variable', async (t) => {
  const child = spawnTs(main, {
    t,
    env: { JWT_SECRET: jwtSecret, NATS_URL: 'nats://127.0.0.1:1', SHARD_IDS: 'all of them' },
  });
  const exit = await child.exited;
  t.not(exit.code, 0);
  t.match(child.stderr(), /SHARD_IDS/);
});
