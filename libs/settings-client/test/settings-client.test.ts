import type { JsonObject } from '@bufbuild/protobuf';
import { type Bus, bindCommand, connectBus, ensureStream, publishEvent, serveCommands } from '@guildwire/bus';
import {
  ConfigUpdatedSchema,
  configCommands,
  configEvents,
  createEventMeta,
  createMessage,
  type GetSettingsRequest,
  guildEventsStream,
  SettingsChangeKind,
  settingsModules,
  systemActor,
  type TicketsSettings,
} from '@guildwire/contracts';
import { testNats, waitUntil } from '@guildwire/testkit';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import t from 'tap';
import { createSettingsClient, type SettingsChange } from '../src/index.js';

type Tap = Parameters<typeof testNats>[0] & { teardown(fn: () => unknown): void };

const guild = '1300000000000000100';
const otherGuild = '1300000000000000200';
const defaults = settingsModules.tickets.defaults as TicketsSettings & JsonObject;

/** Waits until `condition` holds (bounded by waitUntil's timeout). */
const until = (what: string, condition: () => boolean) =>
  waitUntil(what, async () => (condition() ? true : undefined));

async function connect(t: Tap, name: string, url?: string, namespace?: string): Promise<Bus> {
  const nats = url === undefined ? await testNats(t) : undefined;
  const bus = await connectBus({
    servers: url ?? nats!.url,
    name,
    namespace: namespace ?? nats!.namespace,
    logger: pino({ level: 'silent' }),
  });
  t.teardown(() => bus.close());
  await ensureStream(bus);
  return bus;
}

/**
 * A stand-in for the config service on real NATS: answers cmd.config.get from `store` and publishes
 * config.updated as the service does. The config service's own tests cover the service itself.
 */
async function configResponder(t: Tap, bus: Bus) {
  const store = new Map<string, { version: number; settings: JsonObject }>();
  const requests: GetSettingsRequest[] = [];
  let delay: Promise<void> | undefined;
  const server = await serveCommands(bus, { name: 'config', version: '0.0.0' }, [
    bindCommand(configCommands.get, async (req) => {
      requests.push(req);
      const doc = store.get(`${req.guildId}/${req.module}`);
      const answer = {
        guildId: req.guildId,
        module: req.module,
        version: doc?.version ?? 0,
        settings: doc?.settings ?? structuredClone(defaults),
      };
      await delay;
      return { settings: answer };
    }),
  ]);
  let running = true;
  const stop = async () => {
    if (running) await server.stop();
    running = false;
  };
  t.teardown(stop);
  return {
    requests,
    stop,
    holdReplies(until: Promise<void>) {
      delay = until;
    },
    /** Stores a version and publishes its event, like a write through the config service. */
    async change(guildId: string, version: number, settings: JsonObject) {
      store.set(`${guildId}/tickets`, { version, settings });
      const event = createMessage(ConfigUpdatedSchema, {
        meta: createEventMeta({ guildId, actor: systemActor('test'), aggregateVersion: version }),
        settings: { guildId, module: 'tickets', version, settings },
        kind: SettingsChangeKind.UPDATE,
      });
      await publishEvent(bus, configEvents.updated, event);
    },
  };
}

t.test('settings client – fills from cmd.config.get once, then reads the cache', async (t) => {
  const bus = await connect(t, 'config');
  const config = await configResponder(t, bus);
  const client = createSettingsClient({ bus, logger: pino({ level: 'silent' }) });
  await client.start();
  t.teardown(() => client.close());

  t.equal(client.peek(guild, 'tickets'), undefined, 'nothing cached before the first read');
  const [a, b] = await Promise.all([client.get(guild, 'tickets'), client.get(guild, 'tickets')]);
  t.equal(config.requests.length, 1, 'concurrent first reads share one request');
  t.equal(a.source, 'config');
  t.equal(b.version, 0);
  t.same(a.settings, defaults);
  t.equal(config.requests[0]?.actor?.id, 'settings-client', 'asks as the system');

  const again = await client.get(guild, 'tickets');
  t.equal(again.source, 'cache');
  t.equal(config.requests.length, 1, 'a cached read asks nobody');
  t.ok(Object.isFrozen(again.settings), 'handed-out settings cannot be changed by a reader');
  t.equal((await client.forGuild(guild).tickets).openLimitPerUser, defaults.openLimitPerUser);
});

t.test('settings client – a config.updated event changes the cached value within the feed', async (t) => {
  const bus = await connect(t, 'config');
  const config = await configResponder(t, bus);
  const client = createSettingsClient({ bus });
  await client.start();
  t.teardown(() => client.close());
  const changes: SettingsChange[] = [];
  client.onChange((c) => changes.push(c));

  await client.get(guild, 'tickets');
  await config.change(guild, 1, {
    ...defaults,
    openLimitPerUser: 1,
    supportRoleIds: ['1300000000000000102'],
  });
  await until(
    'client.peek(guild, "tickets")?.version === 1',
    () => client.peek(guild, 'tickets')?.version === 1,
  );
  const seen = client.peek(guild, 'tickets')!;
  t.equal(seen.settings.openLimitPerUser, 1);
  t.same(seen.settings.supportRoleIds, ['1300000000000000102']);
  t.same(
    changes.map((c) => [c.guildId, c.module, c.version]),
    [[guild, 'tickets', 1]],
    'listeners hear the change',
  );
  t.equal(config.requests.length, 1, 'applied from the event, no refetch');

  // An old event (a replay, or a version already superseded) never moves the value back.
  await config.change(guild, 3, { ...defaults, openLimitPerUser: 3 });
  await until(
    'client.peek(guild, "tickets")?.version === 3',
    () => client.peek(guild, 'tickets')?.version === 3,
  );
  await config.change(guild, 2, { ...defaults, openLimitPerUser: 2 });
  await config.change(otherGuild, 1, { ...defaults, openLimitPerUser: 9 });
  await config.change(guild, 4, { ...defaults, openLimitPerUser: 4 });
  await until(
    'client.peek(guild, "tickets")?.version === 4',
    () => client.peek(guild, 'tickets')?.version === 4,
  );
  t.same(
    changes.map((c) => c.version),
    [1, 3, 4],
    'version 2 arrived after 3 and was ignored',
  );
  t.equal(client.peek(otherGuild, 'tickets'), undefined, 'guilds this process never read are not cached');
});

t.test('settings client – a reply older than an event that overtook it is not kept', async (t) => {
  const bus = await connect(t, 'config');
  const config = await configResponder(t, bus);
  const client = createSettingsClient({ bus });
  await client.start();
  t.teardown(() => client.close());

  let release!: () => void;
  config.holdReplies(new Promise((resolve) => (release = resolve)));
  const reading = client.get(guild, 'tickets'); // the responder reads version 0 and waits
  await until('the request arrived', () => config.requests.length === 1);
  await config.change(guild, 5, { ...defaults, openLimitPerUser: 5 });
  await until(
    'client.peek(guild, "tickets")?.version === 5',
    () => client.peek(guild, 'tickets')?.version === 5,
  );
  release();
  const read = await reading;
  t.equal(read.version, 5, 'the newer version from the event wins over the late reply');
  t.equal(client.peek(guild, 'tickets')?.settings.openLimitPerUser, 5);
});

t.test(
  'settings client – config service down: last known value, else defaults, said by a metric',
  async (t) => {
    const bus = await connect(t, 'config');
    const config = await configResponder(t, bus);
    const registry = new Registry();
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (s: string) => void lines.push(s) });
    const client = createSettingsClient({ bus, logger, registry, retryAfterMs: 300, requestTimeoutMs: 200 });
    await client.start();
    t.teardown(() => client.close());

    await config.change(guild, 2, { ...defaults, openLimitPerUser: 7 });
    t.equal((await client.get(guild, 'tickets')).settings.openLimitPerUser, 7);
    await config.stop();

    const known = await client.get(guild, 'tickets');
    t.equal(known.settings.openLimitPerUser, 7, 'the last known value of a cached guild');
    const unknown = await client.get(otherGuild, 'tickets');
    t.equal(unknown.source, 'defaults');
    t.same(unknown.settings, defaults, 'the module defaults for a guild never read');
    const metrics = await registry.getSingleMetricAsString('settings_client_fallbacks_total');
    t.match(metrics, /settings_client_fallbacks_total\{module="tickets"\} 1/);
    t.ok(
      lines.some((l) => /config service did not answer/.test(l)),
      'a warning says the config service did not answer',
    );
    t.equal(
      lines.filter((l) => /config service did not answer/.test(l)).length,
      1,
      'one warning per outage, not one per read',
    );
    // Within the retry window, reads do not wait for a request that cannot be answered.
    const failedBefore = await registry.getSingleMetricAsString('settings_client_fetches_total');
    await client.get('1300000000000000300', 'tickets');
    t.equal(await registry.getSingleMetricAsString('settings_client_fetches_total'), failedBefore);

    // The service comes back: after the window, the next read asks again and caches.
    const again = await configResponder(t, bus);
    await again.change(otherGuild, 1, { ...defaults, openLimitPerUser: 2 });
    await new Promise((r) => setTimeout(r, 350));
    const back = await client.get(otherGuild, 'tickets');
    t.equal(back.source, 'config');
    t.equal(back.settings.openLimitPerUser, 2);
  },
);

t.test('settings client – a restarted process refills from the config service', async (t) => {
  const bus = await connect(t, 'config');
  const config = await configResponder(t, bus);
  const first = createSettingsClient({ bus });
  await first.start();
  await first.get(guild, 'tickets');
  await config.change(guild, 1, { ...defaults, openLimitPerUser: 4 });
  await until(
    'first.peek(guild, "tickets")?.version === 1',
    () => first.peek(guild, 'tickets')?.version === 1,
  );
  await first.close();

  const second = createSettingsClient({ bus });
  await second.start();
  t.teardown(() => second.close());
  const read = await second.get(guild, 'tickets');
  t.equal(read.source, 'config');
  t.equal(read.version, 1);
  t.equal((read.settings as TicketsSettings).openLimitPerUser, 4);
});

t.test('settings client – the cache is bounded, least recently used first out', async (t) => {
  const bus = await connect(t, 'config');
  const config = await configResponder(t, bus);
  const client = createSettingsClient({ bus, maxEntries: 2 });
  await client.start();
  t.teardown(() => client.close());
  const g = (n: number) => `13000000000000010${n}`;
  await client.get(g(1), 'tickets');
  await client.get(g(2), 'tickets');
  await client.get(g(1), 'tickets'); // g(1) becomes the most recently used
  await client.get(g(3), 'tickets'); // evicts g(2)
  t.ok(client.peek(g(1), 'tickets'));
  t.equal(client.peek(g(2), 'tickets'), undefined);
  t.ok(client.peek(g(3), 'tickets'));
  t.equal(config.requests.length, 3);
  t.throws(() => createSettingsClient({ bus, maxEntries: 0 }), RangeError);
});

t.test('settings client – one ordered consumer follows every guild', async (t) => {
  const bus = await connect(t, 'config');
  await configResponder(t, bus);
  const stream = bus.streamName(guildEventsStream);
  const before = (await bus.jsm.streams.info(stream)).state.consumer_count;
  const client = createSettingsClient({ bus });
  await client.start();
  t.teardown(() => client.close());
  for (let i = 0; i < 20; i++) await client.get(`13000000000000011${String(i).padStart(2, '0')}`, 'tickets');
  const after = (await bus.jsm.streams.info(stream)).state.consumer_count;
  t.equal(after - before, 1, 'twenty guilds, one consumer');
  t.ok(client.following);
  await client.close();
  t.notOk(client.following, 'not following after close');
});

t.test('settings client – after NATS restarts, the feed resumes and later changes still apply', async (t) => {
  const nats = await testNats(t);
  if (nats.source !== 'local') {
    t.pass('skipped: restarting the server needs a NATS of this test’s own');
    return;
  }
  const bus = await connect(t, 'config', nats.url, nats.namespace);
  const config = await configResponder(t, bus);
  const client = createSettingsClient({ bus, refollowAfterMs: 100 });
  await client.start();
  t.teardown(() => client.close());
  await client.get(guild, 'tickets');
  await config.change(guild, 1, { ...defaults, openLimitPerUser: 1 });
  await until('version 1 is cached', () => client.peek(guild, 'tickets')?.version === 1);

  await nats.restart();
  // Publishing fails until the connection is back; the change is made once it is.
  await waitUntil(
    'version 2 published after the restart',
    async () =>
      await config.change(guild, 2, { ...defaults, openLimitPerUser: 2 }).then(
        () => true,
        () => undefined,
      ),
  );
  await until('version 2 is cached', () => client.peek(guild, 'tickets')?.version === 2);
  t.equal(client.peek(guild, 'tickets')?.settings.openLimitPerUser, 2);
  t.ok(client.following, 'following again');
});
