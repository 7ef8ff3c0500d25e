import { type ReceivedEvent, readOrdered } from '@guildwire/bus';
import { type EventOf, guildEventsFilter, ticketEvents } from '@guildwire/contracts';
import { seedDemoGuild } from '@guildwire/fake-discord';
import { waitUntil } from '@guildwire/testkit';
import t from 'tap';
import { answerText, botBus, fakeDiscord, startBot } from '../fixtures.js';
import { startTicketService, ticketSettings } from './stack.js';

t.test(
  'e2e feedback – a closed ticket asks its opener for a rating: buttons → modal → cmd.ticket.feedback, once',
  async (t) => {
    const discord = await fakeDiscord(t);
    const demo = seedDemoGuild(discord.control);
    const bus = await botBus(t);
    const events: ReceivedEvent[] = [];
    const reader = await readOrdered(bus, {
      filter: guildEventsFilter(demo.guildId),
      startSeq: 1,
      onEvent: (e) => void events.push(e),
    });
    t.teardown(() => reader.stop());
    await ticketSettings(t, bus, [demo.staffRoleId], { feedbackOnClose: true });
    await startTicketService(t, bus);
    await startBot(t, discord, bus);
    const slash = (userId: string, channelId: string, subcommand: string, options?: Record<string, string>) =>
      discord.control.runSlashCommand({
        channelId,
        userId,
        name: 'ticket',
        subcommand,
        ...(options ? { options } : {}),
      });

    const open = slash(demo.userIds.alice, demo.generalChannelId, 'open', { subject: 'refund' });
    t.match(await answerText(discord, open.id), /Ticket #1 is open/);
    const thread = await discord.control.waitFor(() => discord.control.threads(demo.generalChannelId)[0]);
    await discord.control.waitForMessage(thread.id, (m) => m.embeds.length > 0);
    await waitUntil('the ticket knows its thread', async () =>
      events.find((e) => e.def === ticketEvents.updated) ? true : undefined,
    );
    const claim = slash(demo.userIds.sam, thread.id, 'claim');
    t.equal(await answerText(discord, claim.id), 'You claimed ticket #1.');
    const close = slash(demo.userIds.sam, thread.id, 'close');
    t.equal(await answerText(discord, close.id), 'Ticket #1 is closed.');

    const prompt = await discord.control.waitForMessage(thread.id, (m) =>
      m.content.includes('How did we do?'),
    );
    const buttons = [
      ...JSON.stringify(prompt.components).matchAll(/"custom_id":"(gw:ticket-rate:[^"]+)"/g),
    ].map((m) => m[1]!);
    t.equal(buttons.length, 5, 'five rating buttons');
    await discord.control.waitFor(() => {
      const c = discord.control.channel(thread.id) as { thread_metadata?: { archived: boolean } };
      return c.thread_metadata?.archived ? true : undefined;
    });

    // Staff pressing a rating is told it is not theirs (no modal).
    const wrong = discord.control.pressButton({
      messageId: prompt.id,
      customId: buttons[4]!,
      userId: demo.userIds.sam,
    });
    t.equal(await answerText(discord, wrong.id), 'Only the member who opened this ticket can rate it.');

    // The opener presses 4, writes a comment and submits: thanked, the event is on the stream.
    const press = discord.control.pressButton({
      messageId: prompt.id,
      customId: buttons[3]!,
      userId: demo.userIds.alice,
    });
    const pressed = await discord.control.waitForInteractionResponse(press.id);
    t.equal(pressed.callback?.type, 9, 'the button opened a modal');
    const submit = discord.control.submitModal({
      interactionId: press.id,
      values: { comment: ' quick and kind ' },
    });
    t.equal(await answerText(discord, submit.id), 'Thank you for rating ticket #1: 4 of 5.');
    const [rated] = await waitUntil('ticket.feedback_submitted on the stream', async () => {
      const found = events.filter((e) => e.def === ticketEvents.feedbackSubmitted);
      return found.length > 0 ? found : undefined;
    });
    const feedback = (rated!.message as EventOf<typeof ticketEvents.feedbackSubmitted>).feedback;
    t.match(feedback, { rating: 4, comment: 'quick and kind', staffId: demo.userIds.sam });

    // A second rating (another press, another submit) is refused with a clear answer.
    const again = discord.control.pressButton({
      messageId: prompt.id,
      customId: buttons[0]!,
      userId: demo.userIds.alice,
    });
    await discord.control.waitForInteractionResponse(again.id);
    const resubmit = discord.control.submitModal({ interactionId: again.id, values: { comment: '' } });
    t.equal(await answerText(discord, resubmit.id), 'You have already rated this ticket. Thank you!');
    const tooLong = discord.control.submitModal({
      interactionId: again.id,
      values: { comment: 'x'.repeat(401) },
    });
    t.equal(await answerText(discord, tooLong.id), 'The comment is too long (at most 400 characters).');

    // The close event was handled (the thread is archived after the prompt): one prompt in all.
    t.equal(
      discord.control.messages(thread.id).filter((m) => m.content.includes('How did we do?')).length,
      1,
      'the rating prompt was posted once',
    );
    t.equal(events.filter((e) => e.def === ticketEvents.feedbackSubmitted).length, 1, 'one feedback event');
  },
);
