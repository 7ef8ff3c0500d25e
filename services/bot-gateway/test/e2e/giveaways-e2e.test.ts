import { fileURLToPath } from 'node:url';
import type { Bus } from '@guildwire/bus';
import { collectEvents } from '@guildwire/bus/testing';
import { giveawayEvents, guildEventsStream } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { spawnService, testPostgres, waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { parseCustomId } from '../../src/interactions/custom-ids.js';
import { answerText, botBus, fakeDiscord, jwtSecret, startBot, type Tap, tokenFor } from '../fixtures.js';

// The real giveaway service, as its own process: services never import each other's code. No
// config service runs: both read the giveaways module's defaults (maxWinners 20…).
const giveawayMain = fileURLToPath(new URL('../../../giveaway/src/main.ts', import.meta.url));

async function startGiveawayService(t: Tap, bus: Bus) {
  const pg = await testPostgres(t);
  const { url } = await spawnService(giveawayMain, {
    t,
    env: {
      NATS_URL: `nats://${bus.nc.getServer().replace(/^nats:\/\//, '')}`,
      NATS_NAMESPACE: bus.namespace,
      DATABASE_URL: pg.url,
      JWT_SECRET: jwtSecret,
      LOG_LEVEL: 'warn',
    },
    readyTimeoutMs: 60_000,
  });
  return url;
}

const entrants = 200;

t.test(
  'e2e – /giveaway start, 200 members enter through the button, it ends on time and one winners message is posted',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const members = Array.from({ length: entrants }, (_, i) => {
      const user = discord.control.createUser({ username: `member-${i}` });
      discord.control.addMember(demo.guildId, user.id);
      return user.id;
    });
    const bus = await botBus(t);
    const events = await collectEvents(t, bus);
    const giveawayUrl = await startGiveawayService(t, bus);
    await startBot(t, discord, bus, { GIVEAWAY_COUNT_EDIT_MS: '1000' });

    // The guild's owner (an admin) starts it in #giveaways. 20 s leaves room for 200 presses (about 2 s
    // here) on a loaded machine; a press after the end would be told so, and the counts would not match.
    const start = discord.control.runSlashCommand({
      channelId: demo.giveawayChannelId,
      userId: '1300000000000000101',
      name: 'giveaway',
      subcommand: 'start',
      options: { prize: 'A year of Nitro', duration: '20s', winners: 3 },
    });
    t.match(await answerText(discord, start.id), /The giveaway for \*\*A year of Nitro\*\* is on in <#\d+>/);
    const message = await discord.control.waitForMessage(demo.giveawayChannelId, (m) => m.embeds.length > 0);
    t.match(message.embeds[0], { title: 'A year of Nitro' });
    const enter = JSON.stringify(message.components).match(/"custom_id":"([^"]+)"/)?.[1] ?? '';
    const giveawayId = parseCustomId(enter)?.id ?? '';
    t.equal(parseCustomId(enter)?.action, 'giveaway-enter');

    const pressedAt = Date.now();
    // 200 members within two seconds (20 every 200 ms): a crowd, not one instant — on a shared test
    // machine 200 presses in the same millisecond can starve the deferral timers past Discord's 3 s.
    const presses: Array<{ id: string }> = [];
    for (let i = 0; i < members.length; i += 20) {
      for (const userId of members.slice(i, i + 20))
        presses.push(discord.control.pressButton({ messageId: message.id, customId: enter, userId }));
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const answers = await Promise.all(presses.map((p) => answerText(discord, p.id)));
    t.comment(`${entrants} presses answered in ${Date.now() - pressedAt} ms`);
    t.equal(
      answers.filter((a) => a === 'You entered the giveaway. Good luck!').length,
      entrants,
      'every press answered "entered"',
    );
    const again = discord.control.pressButton({
      messageId: message.id,
      customId: enter,
      userId: members[0]!,
    });
    t.equal(
      await answerText(discord, again.id),
      'You have already entered this giveaway. Changed your mind?',
      'a second press enters nobody twice',
    );

    const [ended] = await waitUntil(
      'giveaway.ended',
      async () => {
        const found = events.of(giveawayEvents.ended, demo.guildId);
        return found.length > 0 ? found : undefined;
      },
      { timeoutMs: 90_000 },
    );
    const g = ended?.giveaway;
    t.equal(g?.entrantCount, entrants, 'the end counted 200 entrants');
    t.equal(ended?.winnerIds.length, 3);
    const announcement = await discord.control.waitForMessage(
      demo.giveawayChannelId,
      (m) => m.content.startsWith('🎉'),
      { timeoutMs: 30_000 },
    );
    for (const winner of ended?.winnerIds ?? []) t.match(announcement.content, `<@${winner}>`);

    // Once the side-effect consumer has nothing left in hand, count what was posted.
    await waitUntil('the side effects are done', async () => {
      const info = await bus.jsm.consumers.info(
        bus.streamName(guildEventsStream),
        'bot-gateway-side-effects',
      );
      return info.num_pending === 0 && info.num_ack_pending === 0 ? true : undefined;
    });
    const posted = discord.control.messages(demo.giveawayChannelId);
    t.equal(posted.filter((m) => m.content.startsWith('🎉')).length, 1, 'exactly one winners message');
    t.equal(posted.filter((m) => m.embeds.length > 0).length, 1, 'one giveaway message');
    const shown = discord.control.message(message.id);
    t.same(shown?.components, [], 'the Enter button is gone');
    const fields =
      (shown?.embeds[0] as { fields?: Array<{ name: string; value: string }> } | undefined)?.fields ?? [];
    t.equal(
      fields.find((f) => f.name === 'Entrants')?.value,
      String(entrants),
      'the message shows 200 entrants',
    );
    t.match(fields.find((f) => f.name === 'Won by')?.value, `<@${ended?.winnerIds[0]}>`);

    // The giveaway service agrees: 200 entries, ended within a few seconds of its end time.
    const res = await fetch(`${giveawayUrl}/v1/guilds/${demo.guildId}/giveaways/${giveawayId}`, {
      headers: tokenFor(members[1]!, { [demo.guildId]: 'member' }),
    });
    const body = (await res.json()) as {
      giveaway: { entrantCount: number; endsAt: string; endedAt: string; messageId: string; status: string };
    };
    t.equal(body.giveaway.status, 'ended');
    t.equal(body.giveaway.entrantCount, entrants, 'the giveaway service has 200 entrants');
    t.equal(body.giveaway.messageId, message.id, 'the service knows its message (set_message)');
    const lateMs = Date.parse(body.giveaway.endedAt) - Date.parse(body.giveaway.endsAt);
    t.ok(lateMs >= 0 && lateMs < 5000, `ended ${lateMs} ms after its end time`);
  },
);
