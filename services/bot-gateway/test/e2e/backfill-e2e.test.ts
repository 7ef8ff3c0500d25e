import { collectEvents } from '@guildwire/bus/testing';
import { ticketEvents } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { botBus, fakeDiscord, startBot, tokenFor } from '../fixtures.js';
import { startServiceProcess, ticketSettings } from './stack.js';

interface StoredMessage {
  id: string;
  content: string;
  editedAt: string | null;
  deletedAt: string | null;
}

t.test(
  'e2e backfill – edits and deletes made while the bot had no session reach the ticket service after it reconnects, once',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    await ticketSettings(t, bus, [demo.staffRoleId]);
    const ticketService = await startServiceProcess(t, bus, 'ticket', true);
    const events = await collectEvents(t, bus);
    let bot = await startBot(t, discord, bus);
    const guild = demo.guildId;
    const { alice, sam } = demo.userIds;
    const staff = { ...tokenFor(sam, { [guild]: 'staff' }), 'content-type': 'application/json' };
    const opened = await fetch(`${ticketService.url}/v1/guilds/${guild}/tickets`, {
      method: 'POST',
      headers: { ...tokenFor(alice, { [guild]: 'member' }), 'content-type': 'application/json' },
      body: JSON.stringify({ subject: 'printer on fire' }),
    });
    const ticketId = ((await opened.json()) as { ticket: { id: string } }).ticket.id;
    const ticketUrl = `${ticketService.url}/v1/guilds/${guild}/tickets/${ticketId}`;
    const channelId = await waitUntil('the ticket has its Discord channel', async () => {
      const res = await fetch(ticketUrl, { headers: staff });
      return ((await res.json()) as { ticket: { channelId: string | null } }).ticket.channelId ?? undefined;
    });
    const stored = async () => {
      const res = await fetch(`${ticketUrl}/messages?limit=100`, { headers: staff });
      return new Map(((await res.json()) as { items: StoredMessage[] }).items.map((m) => [m.id, m]));
    };

    const post = (content: string) => discord.control.postMessage({ channelId, userId: alice, content });
    const edited = post('first');
    const deleted = post('second');
    const kept = post('third');
    const laterDeleted = post('fourth');
    await waitUntil('the four messages are kept', async () =>
      (await stored()).size >= 4 ? true : undefined,
    );

    // The bot goes away and its session is forgotten (a fresh IDENTIFY: nothing is replayed).
    await bot.close();
    discord.control.editMessage({ messageId: edited.id, userId: alice, content: 'first, corrected' });
    discord.control.deleteMessage(deleted.id);
    const whileDown = post('written meanwhile');
    discord.control.gateway.invalidateSessions();
    bot = await startBot(t, discord, bus);

    const after = await waitUntil(
      'the edit, the delete and the new message are kept',
      async () => {
        const now = await stored();
        return now.get(edited.id)?.content === 'first, corrected' &&
          now.get(deleted.id)?.deletedAt &&
          now.has(whileDown.id)
          ? now
          : undefined;
      },
      { timeoutMs: 20_000 },
    );
    t.ok(after.get(edited.id)?.editedAt, 'the edit time is kept');
    t.equal(after.get(kept.id)?.content, 'third', 'an untouched message is untouched');
    t.equal(after.get(kept.id)?.deletedAt, null);

    // Once more with nothing new but one delete: a second fresh session reports the first edit and
    // delete again to nobody. The delete it does find comes after any such repeat in the channel's
    // queue (edits, then deletes, in order), so once it is kept, a repeat would have been too.
    await bot.close();
    discord.control.deleteMessage(laterDeleted.id);
    discord.control.gateway.invalidateSessions();
    bot = await startBot(t, discord, bus);
    await waitUntil(
      'the second delete is kept',
      async () => ((await stored()).get(laterDeleted.id)?.deletedAt ? true : undefined),
      { timeoutMs: 20_000 },
    );
    const edits = (id: string) =>
      events.of(ticketEvents.messageEdited, guild).filter((e) => e.message?.id === id).length;
    const deletes = (id: string) =>
      events.of(ticketEvents.messageDeleted, guild).filter((e) => e.message?.id === id).length;
    await events.waitFor(ticketEvents.messageDeleted, guild, 2);
    t.equal(edits(edited.id), 1, 'the edit once');
    t.equal(deletes(deleted.id), 1, 'the delete once');
    t.equal(deletes(laterDeleted.id), 1);
    t.equal(edits(kept.id), 0);
    t.equal(
      events.of(ticketEvents.messagePosted, guild).filter((e) => e.message?.id === whileDown.id).length,
      1,
      'the message written meanwhile once',
    );
  },
);
