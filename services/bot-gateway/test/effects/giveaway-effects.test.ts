import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromMs } from '@bufbuild/protobuf/wkt';
import { type Bus, bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  type Giveaway,
  GiveawayCancelledSchema,
  GiveawayCreatedSchema,
  GiveawayEndedSchema,
  GiveawayEntrantsCountedSchema,
  GiveawayPausedSchema,
  GiveawaySchema,
  GiveawayStatus,
  GiveawayUpdatedSchema,
  giveawayCommands,
  giveawayEvents,
  guildEventsStream,
  type SetGiveawayMessageRequest,
  systemActor,
  WinnerRoundSchema,
} from '@guildwire/contracts';
import { type FakeDiscord, seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { createEffectLog } from '../../src/effects/effect-log.js';
import { winnersAnnouncement } from '../../src/effects/giveaway-message.js';
import { customId } from '../../src/interactions/custom-ids.js';
import { openBotBuckets } from '../../src/state/buckets.js';
import { botBus, fakeDiscord, startBot, type Tap } from '../fixtures.js';

/** A stand-in giveaway service for cmd.giveaway.set_message, on the real bus. */
async function recordSetMessage(t: Tap, bus: Bus) {
  const calls: SetGiveawayMessageRequest[] = [];
  const server = await serveCommands(bus, { name: 'giveaway', version: '0.0.0' }, [
    bindCommand(giveawayCommands.setMessage, async (req) => {
      calls.push(req);
      return {};
    }),
  ]);
  t.teardown(() => server.stop());
  return calls;
}

let n = 0;
function giveawayIn(
  guildId: string,
  channelId: string,
  init: MessageInitShape<typeof GiveawaySchema> = {},
): Giveaway {
  n++;
  return createMessage(GiveawaySchema, {
    id: `0190c1d2-0000-7000-8000-${String(n).padStart(12, '0')}`,
    guildId,
    prize: `Prize ${n}`,
    hostId: '1300000000000000101',
    channelId,
    winnerCount: 1,
    status: GiveawayStatus.RUNNING,
    endsAt: timestampFromMs(Date.now() + 3_600_000),
    version: 1,
    updatedAt: timestampFromMs(Date.now()),
    ...init,
  });
}

const meta = (g: Giveaway) =>
  createEventMeta({ guildId: g.guildId, actor: discordActor(g.hostId), aggregateVersion: g.version });

async function publishCreated(bus: Bus, g: Giveaway, before?: (eventId: string) => Promise<void>) {
  const m = meta(g);
  await before?.(m.eventId);
  await publishEvent(
    bus,
    giveawayEvents.created,
    createMessage(GiveawayCreatedSchema, { meta: m, giveaway: g }),
  );
  return m.eventId;
}

const giveawayMessage = (discord: FakeDiscord, channelId: string, g: Giveaway) =>
  discord.control.waitForMessage(channelId, (m) =>
    JSON.stringify(m.components).includes(customId('giveaway-enter', g.id)),
  );

const embedOf = (discord: FakeDiscord, messageId: string) =>
  discord.control.message(messageId)?.embeds[0] as
    | { title: string; description: string; fields: Array<{ name: string; value: string }> }
    | undefined;

/** Waits until the side-effect consumer has handled and acked everything published so far. */
async function settled(bus: Bus) {
  return waitUntil('the side-effect consumer is idle', async () => {
    const info = await bus.jsm.consumers.info(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
    const stream = await bus.jsm.streams.info(bus.streamName(guildEventsStream));
    return info.num_pending === 0 &&
      info.num_ack_pending === 0 &&
      info.delivered.stream_seq >= stream.state.last_seq
      ? info
      : undefined;
  });
}

t.test(
  'giveaway effects – created → one message with Enter, set_message; 429s waited out; a replayed stream posts nothing again',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const setMessage = await recordSetMessage(t, bus);
    const first = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    discord.control.rateLimit({
      count: 2,
      retryAfterMs: 200,
      method: 'POST',
      path: /\/channels\/\d+\/messages$/,
    });
    const g = giveawayIn(demo.guildId, demo.giveawayChannelId, { entrantCount: 0 });
    await publishCreated(bus, g);
    const message = await giveawayMessage(discord, demo.giveawayChannelId, g);
    t.match(message.embeds[0], {
      title: g.prize,
      fields: [{ name: 'Hosted by' }, { name: 'Winners', value: '1' }],
    });
    await waitUntil('set_message', async () => setMessage[0]);
    t.match(setMessage[0], { giveawayId: g.id, channelId: demo.giveawayChannelId, messageId: message.id });
    t.ok(discord.control.requests().filter((r) => r.status === 429).length >= 2, 'the 429s happened');

    await settled(bus);
    await first.close();
    // A new durable consumer reads the stream again from its first event.
    await bus.jsm.consumers.delete(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const other = giveawayIn(demo.guildId, demo.giveawayChannelId);
    await publishCreated(bus, other);
    await giveawayMessage(discord, demo.giveawayChannelId, other);
    await settled(bus);
    t.equal(
      discord.control.messages(demo.giveawayChannelId).length,
      2,
      'one message per giveaway, none replayed',
    );
    t.equal(setMessage.filter((c) => c.giveawayId === g.id).length, 1, 'set_message once');
  },
);

t.test(
  'giveaway effects – killed after Discord stored the message but before it was recorded: the retry finds it',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const setMessage = await recordSetMessage(t, bus);
    const bot = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const effects = createEffectLog((await openBotBuckets(bus)).effects);
    const g = giveawayIn(demo.guildId, demo.giveawayChannelId);
    const posted = await bot.app.discord.api.channels.createMessage(demo.giveawayChannelId, {
      content: 'posted before the crash',
      components: [
        {
          type: 1,
          components: [{ type: 2, style: 1, label: 'Enter', custom_id: customId('giveaway-enter', g.id) }],
        },
      ],
    });
    await publishCreated(bus, g, (eventId) => effects.save(eventId, { posting: true }));
    await waitUntil('set_message', async () => setMessage[0]);
    t.equal(setMessage[0]?.messageId, posted.id, 'the message posted before the crash is used');
    t.equal(discord.control.messages(demo.giveawayChannelId).length, 1, 'no second message');
  },
);

t.test(
  'giveaway effects – edits follow versions: a late older event changes nothing; cancelled; counts throttled',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await recordSetMessage(t, bus);
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false', GIVEAWAY_COUNT_EDIT_MS: '3000' });
    const g = giveawayIn(demo.guildId, demo.giveawayChannelId);
    await publishCreated(bus, g);
    const message = await giveawayMessage(discord, demo.giveawayChannelId, g);

    // v3 (prize edited) is delivered before v2 (paused): v2 must not bring the old prize back.
    const v2 = { ...g, status: GiveawayStatus.PAUSED, version: 2 };
    const v3 = { ...g, prize: 'Two years of Nitro', version: 3, updatedAt: timestampFromMs(Date.now()) };
    await publishEvent(
      bus,
      giveawayEvents.updated,
      createMessage(GiveawayUpdatedSchema, { meta: meta(v3), giveaway: v3, changedFields: ['prize'] }),
    );
    await discord.control.waitFor(() =>
      embedOf(discord, message.id)?.title === v3.prize ? true : undefined,
    );
    await publishEvent(
      bus,
      giveawayEvents.paused,
      createMessage(GiveawayPausedSchema, { meta: meta(v2), giveaway: v2 }),
    );
    await settled(bus);
    t.equal(embedOf(discord, message.id)?.title, v3.prize, 'the older event was skipped');
    t.notMatch(embedOf(discord, message.id)?.description, 'Paused');

    // Counts: the message was just edited (v3), so counts within the next 3 s are held back and the
    // newest is shown by one later edit, and so on; an older count arriving late is skipped.
    const edits = () =>
      discord.control
        .requests()
        .filter((r) => r.method === 'PATCH' && r.path.endsWith(`/messages/${message.id}`));
    const before = edits().length;
    const count = async (entrantCount: number, countedAtMs: number) =>
      publishEvent(
        bus,
        giveawayEvents.entrantsCounted,
        createMessage(GiveawayEntrantsCountedSchema, {
          meta: createEventMeta({
            guildId: g.guildId,
            actor: systemActor('giveaway-counter'),
            aggregateVersion: 3,
          }),
          giveawayId: g.id,
          entrantCount,
          countedAt: timestampFromMs(countedAtMs),
        }),
      );
    const now = Date.now();
    await count(5, now);
    const entrants = () => embedOf(discord, message.id)?.fields.find((f) => f.name === 'Entrants')?.value;
    await discord.control.waitFor(() => (entrants() === '5' ? true : undefined));
    await count(7, now + 1000);
    await count(9, now + 2000);
    await count(6, now + 1500);
    await settled(bus);
    await discord.control.waitFor(() => (entrants() === '9' ? true : undefined), { timeoutMs: 10_000 });
    // The fake records a request when it has answered it, just after the message changed.
    await discord.control.waitFor(() => (edits().length - before >= 2 ? true : undefined));
    t.equal(
      edits().length - before,
      2,
      'two edits for four counts: 5 after the first window, 9 after the second',
    );

    const cancelled = {
      ...v3,
      status: GiveawayStatus.CANCELLED,
      version: 4,
      entrantCount: 9,
      updatedAt: timestampFromMs(Date.now()),
    };
    await publishEvent(
      bus,
      giveawayEvents.cancelled,
      createMessage(GiveawayCancelledSchema, { meta: meta(cancelled), giveaway: cancelled }),
    );
    await discord.control.waitFor(() =>
      discord.control.message(message.id)?.components.length === 0 ? true : undefined,
    );
    t.match(embedOf(discord, message.id)?.description, 'Cancelled: nobody wins');
    t.equal(entrants(), '9', 'the count shown stays the newest');
  },
);

t.test(
  'giveaway effects – ended with 150 winners: the message shows them, one announcement split under 2000 characters, posted once across a crash and a replay',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await recordSetMessage(t, bus);
    const first = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const effects = createEffectLog((await openBotBuckets(bus)).effects);
    const g = giveawayIn(demo.guildId, demo.giveawayChannelId, { winnerCount: 150 });
    await publishCreated(bus, g);
    const message = await giveawayMessage(discord, demo.giveawayChannelId, g);

    const winners = Array.from({ length: 150 }, (_, i) => String(1300000000000200000n + BigInt(i)));
    const ended = createMessage(GiveawaySchema, {
      ...g,
      status: GiveawayStatus.ENDED,
      version: 2,
      entrantCount: 400,
      endedAt: timestampFromMs(Date.now()),
      updatedAt: timestampFromMs(Date.now()),
      rounds: [createMessage(WinnerRoundSchema, { round: 1, userIds: winners })],
    });
    const parts = winnersAnnouncement(ended, winners, 1);
    t.ok(parts.length >= 2, `${parts.length} parts`);
    // What an attempt killed right after Discord stored the first part leaves behind.
    const m = meta(ended);
    await effects.save(m.eventId, { parts: [], posting: true });
    await first.app.discord.api.channels.createMessage(demo.giveawayChannelId, { content: parts[0]! });
    await publishEvent(
      bus,
      giveawayEvents.ended,
      createMessage(GiveawayEndedSchema, { meta: m, giveaway: ended, winnerIds: winners }),
    );
    await discord.control.waitFor(() =>
      discord.control.message(message.id)?.components.length === 0 ? true : undefined,
    );
    await settled(bus);
    const announced = () =>
      discord.control.messages(demo.giveawayChannelId).filter((x) => x.id !== message.id);
    t.same(
      announced().map((x) => x.content),
      parts,
      'every part once, in order: the part posted before the crash was found, not posted again',
    );
    for (const x of announced()) t.ok(x.content.length <= 2000);
    const embed = embedOf(discord, message.id);
    t.match(embed?.fields.find((f) => f.name === 'Won by')?.value, `<@${winners[0]}>`);
    t.equal(embed?.fields.find((f) => f.name === 'Entrants')?.value, '400');

    await first.close();
    await bus.jsm.consumers.delete(bus.streamName(guildEventsStream), 'bot-gateway-side-effects');
    await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    await settled(bus);
    t.equal(announced().length, parts.length, 'a replayed stream announces nothing again');
  },
);

t.test(
  'giveaway effects – ended with no entrant says so; a deleted channel or message is logged and skipped, not retried',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await recordSetMessage(t, bus);
    const bot = await startBot(t, discord, bus, { REGISTER_COMMANDS: 'false' });
    const endNow = (g: Giveaway) => {
      const ended = {
        ...g,
        status: GiveawayStatus.ENDED,
        version: g.version + 1,
        endedAt: timestampFromMs(Date.now()),
      };
      return publishEvent(
        bus,
        giveawayEvents.ended,
        createMessage(GiveawayEndedSchema, { meta: meta(ended), giveaway: ended, winnerIds: [] }),
      );
    };

    const empty = giveawayIn(demo.guildId, demo.giveawayChannelId);
    await publishCreated(bus, empty);
    await giveawayMessage(discord, demo.giveawayChannelId, empty);
    await endNow(empty);
    const none = await discord.control.waitForMessage(demo.giveawayChannelId, (m) =>
      m.content.includes('nobody'),
    );
    t.equal(none.content, `The giveaway for **${empty.prize}** has ended with no valid entries: nobody won.`);

    // Its message deleted by hand: the end edits nothing and is acked.
    const deletedMessage = giveawayIn(demo.guildId, demo.generalChannelId);
    await publishCreated(bus, deletedMessage);
    const doomed = await giveawayMessage(discord, demo.generalChannelId, deletedMessage);
    await bot.app.discord.api.channels.deleteMessage(demo.generalChannelId, doomed.id);
    // Its channel deleted before the message could be posted, and another's after.
    const lost = discord.control.createChannel(demo.guildId, { name: 'lost' });
    await bot.app.discord.api.channels.delete(lost.id);
    const neverPosted = giveawayIn(demo.guildId, lost.id);
    await publishCreated(bus, neverPosted);
    const later = discord.control.createChannel(demo.guildId, { name: 'later' });
    const deletedChannel = giveawayIn(demo.guildId, later.id);
    await publishCreated(bus, deletedChannel);
    await giveawayMessage(discord, later.id, deletedChannel);
    await bot.app.discord.api.channels.delete(later.id);
    await endNow(deletedMessage);
    await endNow(neverPosted);
    await endNow(deletedChannel);
    const info = await settled(bus);
    t.equal(info.num_redelivered, 0, 'every event acked at the first attempt');
    t.notOk(discord.control.channel(lost.id), 'nothing recreated');
    t.ok(
      discord.control.messages(demo.generalChannelId).some((m) => m.content.includes(deletedMessage.prize)),
      'the winners of a giveaway whose message was deleted are still announced in its channel',
    );
  },
);
