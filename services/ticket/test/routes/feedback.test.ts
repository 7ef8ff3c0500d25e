import { type CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, ticketCommands, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { freshGuild, peerBus, ticketApp, tokenFor } from '../fixtures.js';

t.test('http feedback – the opener rates once; bad input, others and open tickets are refused', async (t) => {
  const { app, events } = await ticketApp(t, { settings: { feedbackOnClose: true } });
  const guild = freshGuild();
  const opener = tokenFor('10', { [guild]: 'member' });
  const staff = tokenFor('9', { [guild]: 'staff' });
  const url = (id: string) => `/v1/guilds/${guild}/tickets/${id}/feedback`;
  const opened = await app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: opener,
    payload: { subject: 'refund' },
  });
  const id = opened.json().ticket.id as string;
  const early = await app.inject({ method: 'POST', url: url(id), headers: opener, payload: { rating: 5 } });
  t.equal(early.statusCode, 409);
  t.equal(early.json().error.code, 'TICKET_ERR_NOT_CLOSED');
  await app.inject({ method: 'POST', url: `/v1/guilds/${guild}/tickets/${id}/close`, headers: staff });

  for (const [payload, field] of [
    [{ rating: 0 }, '/rating'],
    [{ rating: 6 }, '/rating'],
    [{ rating: 2.5 }, '/rating'],
    [{ rating: '5' }, '/rating'],
    [{}, '/rating'],
    [{ rating: 3, comment: 'x'.repeat(401) }, '/comment'],
    [{ rating: 3, stars: 3 }, '/stars'],
  ] as const) {
    const res = await app.inject({ method: 'POST', url: url(id), headers: opener, payload });
    t.equal(res.statusCode, 400, JSON.stringify(payload));
    t.match(JSON.stringify(res.json().error), field, `names ${field}`);
  }
  const none = await app.inject({ method: 'POST', url: url(id), payload: { rating: 5 } });
  t.equal(none.statusCode, 401);
  for (const headers of [staff, tokenFor('11', { [guild]: 'member' })]) {
    const res = await app.inject({ method: 'POST', url: url(id), headers, payload: { rating: 5 } });
    t.equal(res.statusCode, 403);
    t.equal(res.json().error.code, 'TICKET_ERR_NOT_OPENER');
  }
  const ok = await app.inject({
    method: 'POST',
    url: url(id),
    headers: opener,
    payload: { rating: 5, comment: 'x'.repeat(400) },
  });
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().ticket.feedback.rating, 5);
  t.equal(ok.json().ticket.feedback.comment.length, 400);
  t.equal(ok.json().ticket.feedback.staffId, null, 'nobody held the ticket');
  const again = await app.inject({ method: 'POST', url: url(id), headers: opener, payload: { rating: 1 } });
  t.equal(again.statusCode, 409);
  t.equal(again.json().error.code, 'TICKET_ERR_FEEDBACK_EXISTS');
  const got = await app.inject({ method: 'GET', url: `/v1/guilds/${guild}/tickets/${id}`, headers: staff });
  t.equal(got.json().ticket.feedback.rating, 5, 'GET shows the rating');
  const [event] = await events.waitFor(ticketEvents.feedbackSubmitted, guild);
  t.equal(event?.feedback?.rating, 5);
});

/** The refusal of a command that must fail (a success is the test's failure). */
const refused = (): CommandRejectedError => {
  throw new Error('the command was expected to be refused');
};

t.test('command feedback – cmd.ticket.feedback shares the rules; bad rating named', async (t) => {
  const env = await ticketApp(t, { settings: { feedbackOnClose: true } });
  const bot = await peerBus(t, env.bus, 'bot-gateway');
  const guildId = freshGuild();
  const actor = { kind: ActorKind.DISCORD_USER, id: '10' };
  const opened = await requestCommand(bot, ticketCommands.open, { guildId, actor, subject: 'hi' });
  const ticketId = opened.ticket!.id;
  await requestCommand(bot, ticketCommands.close, { guildId, actor, ticketId });
  const bad = await requestCommand(bot, ticketCommands.feedback, {
    guildId,
    actor,
    ticketId,
    rating: 9,
    comment: 'y'.repeat(401),
  }).then(refused, (e: CommandRejectedError) => e);
  t.equal(bad.code, 'GW_ERR_VALIDATION');
  t.same(
    bad.fieldErrors.map((f) => f.field),
    ['/rating', '/comment'],
  );
  const other = await requestCommand(bot, ticketCommands.feedback, {
    guildId,
    actor: { kind: ActorKind.DISCORD_USER, id: '11' },
    ticketId,
    rating: 4,
  }).then(refused, (e: CommandRejectedError) => e);
  t.equal(other.code, 'TICKET_ERR_NOT_OPENER');
  const rated = await requestCommand(bot, ticketCommands.feedback, {
    guildId,
    actor,
    ticketId,
    rating: 4,
    comment: 'good',
  });
  t.equal(rated.ticket?.feedback?.rating, 4);
  t.equal(rated.ticket?.feedback?.comment, 'good');
  const twice = await requestCommand(bot, ticketCommands.feedback, {
    guildId,
    actor,
    ticketId,
    rating: 4,
  }).then(refused, (e: CommandRejectedError) => e);
  t.equal(twice.code, 'TICKET_ERR_FEEDBACK_EXISTS');
  t.equal(twice.statusCode, 409);
});
