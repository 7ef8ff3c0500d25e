import { type Bus, bindCommand, serveCommands } from '@guildwire/bus';
import { type ClaimTicketRequest, type OpenTicketRequest, ticketCommands } from '@guildwire/contracts';
import { defineError, errorCodes } from '@guildwire/errors';
import { type FakeDiscord, seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { customId } from '../../src/interactions/custom-ids.js';
import { answerText, botBus, fakeDiscord, startBot, type Tap } from '../fixtures.js';

const AlreadyClaimed = defineError('TICKET_ERR_ALREADY_CLAIMED', 409, 'Ticket %s is already claimed');

/** A stand-in ticket service on the real bus: records requests, answers as told. */
async function standInTicketService(t: Tap, bus: Bus, behaviour: { slowMs?: number } = {}) {
  const opens: OpenTicketRequest[] = [];
  const claims: ClaimTicketRequest[] = [];
  let number = 0;
  const ticket = (id: string, guildId: string) => ({ id, guildId, number: ++number, subject: 's' });
  const server = await serveCommands(bus, { name: 'ticket', version: '0.0.0' }, [
    bindCommand(ticketCommands.open, async (req) => {
      opens.push(req);
      if (behaviour.slowMs) await new Promise((r) => setTimeout(r, behaviour.slowMs));
      return { ticket: ticket('0190c1d2-0000-7000-8000-000000000001', req.guildId) };
    }),
    bindCommand(ticketCommands.claim, async (req) => {
      claims.push(req);
      if (claims.length > 1)
        throw new AlreadyClaimed(req.ticketId).withDetails({ assigneeId: claims[0]!.actor!.id });
      return { ticket: ticket(req.ticketId, req.guildId) };
    }),
    bindCommand(ticketCommands.close, async () => {
      throw new errorCodes.GW_ERR_FORBIDDEN('members may not close this ticket');
    }),
  ]);
  t.teardown(() => server.stop());
  return { opens, claims, stop: () => server.stop() };
}

async function setup(t: Tap, env: Record<string, string> = {}) {
  const discord = await fakeDiscord(t);
  const demo = seedDemoGuild(discord.control);
  const bus = await botBus(t);
  const bot = await startBot(t, discord, bus, { SIDE_EFFECTS: 'false', ...env });
  return { discord, demo, bus, bot };
}

/** A panel message with the bot's open button, posted by the bot. */
async function postPanel(
  discord: FakeDiscord,
  bot: Awaited<ReturnType<typeof setup>>['bot'],
  channelId: string,
) {
  const message = await bot.app.discord.api.channels.createMessage(channelId, {
    content: 'Need help?',
    components: [
      {
        type: 1,
        components: [
          { type: 2, style: 1, label: 'Open a ticket', custom_id: customId('ticket-panel', 'panel-1') },
          { type: 2, style: 2, label: 'Old', custom_id: 'legacy-bot:open' },
        ],
      },
    ],
  });
  return discord.control.message(message.id)!;
}

t.test(
  'interactions – panel button → modal → cmd.ticket.open, keyed by the press; a double submit repeats the key',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t);
    const ticketService = await standInTicketService(t, bus);
    t.ok(
      discord.control.commands().find((c) => c.name === 'ticket'),
      '/ticket is registered',
    );
    const panel = await postPanel(discord, bot, demo.ticketPanelChannelId);

    const press = discord.control.pressButton({
      messageId: panel.id,
      customId: customId('ticket-panel', 'panel-1'),
      userId: demo.userIds.alice,
    });
    const pressed = await discord.control.waitForInteractionResponse(press.id);
    t.equal(pressed.callback?.type, 9, 'the button opened a modal');

    const submit = discord.control.submitModal({
      interactionId: press.id,
      values: { subject: '  cannot log in ', description: 'since Tuesday' },
    });
    t.match(await answerText(discord, submit.id), /Ticket #1 is open/);
    const again = discord.control.submitModal({
      interactionId: press.id,
      values: { subject: 'cannot log in' },
    });
    await answerText(discord, again.id);
    t.equal(ticketService.opens.length, 2);
    const [first, second] = ticketService.opens;
    t.match(first, {
      guildId: demo.guildId,
      openerId: demo.userIds.alice,
      panelId: 'panel-1',
      subject: 'cannot log in',
      description: 'since Tuesday',
      idempotencyKey: press.id,
      correlationId: press.id,
      actor: { id: demo.userIds.alice },
      actorRoles: { roleIds: [], guildAdmin: false },
    });
    t.equal(second?.idempotencyKey, press.id, 'both submits carry the key of the press: one ticket');
  },
);

t.test('interactions – bad input and stale buttons get clear ephemeral replies', async (t) => {
  const { discord, demo, bus, bot } = await setup(t);
  const ticketService = await standInTicketService(t, bus);
  const panel = await postPanel(discord, bot, demo.ticketPanelChannelId);
  const press = discord.control.pressButton({
    messageId: panel.id,
    customId: customId('ticket-panel', 'panel-1'),
    userId: demo.userIds.alice,
  });
  await discord.control.waitForInteractionResponse(press.id);
  const blank = discord.control.submitModal({ interactionId: press.id, values: { subject: '   ' } });
  t.equal(await answerText(discord, blank.id), 'The subject cannot be empty.');
  const long = discord.control.submitModal({ interactionId: press.id, values: { subject: 'x'.repeat(101) } });
  t.match(await answerText(discord, long.id), /too long \(at most 100 characters\)/);
  t.equal(ticketService.opens.length, 0, 'nothing reached the ticket service');

  const stale = discord.control.pressButton({
    messageId: panel.id,
    customId: 'legacy-bot:open',
    userId: demo.userIds.bob,
  });
  t.equal(await answerText(discord, stale.id), 'This button is no longer in use.');
  t.equal(discord.control.interaction(stale.id)?.callback?.data?.flags, 64, 'ephemeral');

  const outside = discord.control.runSlashCommand({
    channelId: demo.generalChannelId,
    userId: demo.userIds.sam,
    name: 'ticket',
    subcommand: 'claim',
  });
  t.equal(await answerText(discord, outside.id), "/ticket claim works inside a ticket's thread or channel.");
});

t.test(
  'interactions – claim races: the loser is told who has it; forbidden close is explained',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t);
    await standInTicketService(t, bus);
    const ticketId = '0190c1d2-0000-7000-8000-0000000000aa';
    const message = await bot.app.discord.api.channels.createMessage(demo.generalChannelId, {
      content: 'ticket',
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 1, label: 'Claim', custom_id: customId('ticket-claim', ticketId) },
            { type: 2, style: 4, label: 'Close', custom_id: customId('ticket-close', ticketId) },
          ],
        },
      ],
    });
    const claim = (userId: string) =>
      discord.control.pressButton({
        messageId: message.id,
        customId: customId('ticket-claim', ticketId),
        userId,
      });
    const won = claim(demo.userIds.sam);
    t.equal(await answerText(discord, won.id), 'You claimed ticket #1.');
    const lost = claim(demo.userIds.bob);
    t.equal(await answerText(discord, lost.id), `This ticket is already claimed by <@${demo.userIds.sam}>.`);
    const close = discord.control.pressButton({
      messageId: message.id,
      customId: customId('ticket-close', ticketId),
      userId: demo.userIds.alice,
    });
    t.equal(await answerText(discord, close.id), 'Only staff can do that.');
  },
);

t.test(
  'interactions – the ticket service down or slow: deferred, then an error, never a failed interaction',
  async (t) => {
    const { discord, demo, bus, bot } = await setup(t, { DEFER_AFTER_MS: '50', COMMAND_TIMEOUT_MS: '400' });
    const open = () =>
      discord.control.runSlashCommand({
        channelId: demo.generalChannelId,
        userId: demo.userIds.alice,
        name: 'ticket',
        subcommand: 'open',
        options: { subject: 'help' },
      });
    const down = open();
    t.match(await answerText(discord, down.id), /ticket service is unavailable/);

    const ticketService = await standInTicketService(t, bus, { slowMs: 1500 });
    const slow = open();
    t.match(await answerText(discord, slow.id), /did not answer in time/);
    t.equal(discord.control.interaction(slow.id)?.callback?.type, 5, 'the interaction was deferred first');
    t.equal(ticketService.opens.length, 1);
    // Counted once the handler is done, which is just after Discord has the answer.
    const metrics = await waitUntil('both interactions counted', async () => {
      const body = (await bot.app.inject({ method: 'GET', url: '/metrics' })).body;
      return /outcome="deferred"[^}]*\} 1/.test(body) ? body : undefined;
    });
    t.match(
      metrics,
      /discord_interactions_total\{type="2",outcome="replied"[^}]*\} 1/,
      'the first answered at once',
    );
    t.match(
      metrics,
      /discord_interactions_total\{type="2",outcome="deferred"[^}]*\} 1/,
      'the slow one deferred',
    );
  },
);
