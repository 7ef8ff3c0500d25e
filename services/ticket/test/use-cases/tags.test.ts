import { ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { matchesKeywords } from '../../src/domain/tag.js';
import { bot, reported, snowflake, ticketWithChannel } from '../conversation-fixtures.js';
import { as, freshGuild, ticketEnv } from '../fixtures.js';

t.test('use – staff post a tag as their reply: reply_requested carries its content and name', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await env.tags.create(as.admin(guild), { name: 'refund', content: 'Refunds take 5 days.' });
  const used = await env.tags.use(as.staff(guild, '500'), ticket.id, 'Refund', { idempotencyKey: 'ix-1' });
  t.equal(used.reply.content, 'Refunds take 5 days.');
  t.equal(used.reply.tagName, 'refund');
  t.equal(used.reply.authorId, '500', "the reply is the staff member's");
  const again = await env.tags.use(as.staff(guild, '500'), ticket.id, 'refund', { idempotencyKey: 'ix-1' });
  t.equal(again.replayed, true, 'a retried /tag is one reply');
  t.equal(again.reply.id, used.reply.id);
  const [requested] = await env.events.waitFor(ticketEvents.replyRequested, guild);
  t.equal(requested?.reply?.content, 'Refunds take 5 days.');
  t.equal(requested?.reply?.tagName, 'refund');
  t.equal(requested?.channelId, '9000');
  const pending = await env.conversation.unpostedReplies(as.staff(guild), ticket.id);
  t.same(
    pending.map((r) => [r.id, r.tagName]),
    [[used.reply.id, 'refund']],
    'one pending reply, kept with its tag',
  );
});

t.test('use – unknown tag 404, members 403, closed ticket 409', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await env.tags.create(as.admin(guild), { name: 'hello', content: 'Hi' });
  await t.rejects(env.tags.use(as.staff(guild), ticket.id, 'nope'), { code: 'TICKET_ERR_TAG_NOT_FOUND' });
  await t.rejects(env.tags.use(as.member(guild, '100'), ticket.id, 'hello'), {
    code: 'TICKET_ERR_FORBIDDEN',
  });
  await env.tickets.close(as.staff(guild), ticket.id, 'done');
  await t.rejects(env.tags.use(as.staff(guild), ticket.id, 'hello'), { code: 'TICKET_ERR_CLOSED' });
  // Another guild's tag of the same name is not this guild's.
  const other = freshGuild();
  await env.tags.create(as.admin(other), { name: 'only-there', content: 'x' });
  const open = await ticketWithChannel(env, guild, '101', '9001');
  await t.rejects(env.tags.use(as.staff(guild), open.id, 'only-there'), { code: 'TICKET_ERR_TAG_NOT_FOUND' });
});

t.test('keywords – whole words in any case, never a pattern', async (t) => {
  t.ok(matchesKeywords(['refund'], 'I want a REFUND please'));
  t.ok(matchesKeywords(['refund'], 'refund?'));
  t.ok(matchesKeywords(['money back'], 'can I get my money\n  back'), 'spaces fold');
  t.notOk(matchesKeywords(['refund'], 'I was refunded'), 'not inside a longer word');
  t.notOk(matchesKeywords(['fund'], 'refund'), 'not at the end of one either');
  t.notOk(matchesKeywords([], 'refund'));
  t.notOk(matchesKeywords(['a.c'], 'abc'), 'a dot is a dot');
  t.ok(matchesKeywords(['ça marche'], 'Ça marche pas'), 'letters beyond ASCII');
  // The text a catastrophic regular expression would stall on is a plain scan here.
  t.notOk(matchesKeywords(['aaaa'], `${'a'.repeat(50_000)}!`));
});

t.test('auto-reply – the opener writing a keyword gets the tag once per ticket', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild, '100', '9000');
  await env.tags.create(as.admin(guild), {
    name: 'refund',
    content: 'Refunds take 5 days.',
    keywords: ['refund', 'money back'],
  });
  await env.tags.create(as.admin(guild), {
    name: 'shipping',
    content: 'We ship on Mondays.',
    keywords: ['shipping'],
  });
  await env.tags.create(as.admin(guild), { name: 'manual', content: 'Only by hand.' });
  const say = (authorId: string, content: string, isBot = false) =>
    env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({ id: snowflake(), authorId, content, bot: isBot }),
      '',
    );

  await say('100', 'hello, nothing special');
  await say('500', 'staff says refund', false);
  await say('999', 'the bot says refund', true);
  await say('100', 'I was refunded twice');
  // The first matching message: one reply, the first matching tag by name.
  await say('100', 'Refund and shipping please');
  const [first] = await env.events.waitFor(ticketEvents.replyRequested, guild);
  t.equal(first?.reply?.content, 'Refunds take 5 days.');
  t.equal(first?.reply?.tagName, 'refund');
  t.equal(first?.reply?.authorId, 'bot-gateway', 'the bot writes it');
  // Again the same topic: nothing; the other topic: its tag, once.
  await say('100', 'so, my money back?');
  await say('100', 'and the shipping?');
  await env.events.waitFor(ticketEvents.replyRequested, guild, 2);
  await say('100', 'shipping shipping refund');
  const marker = await say('100', 'marker');
  await env.events.waitFor(ticketEvents.messagePosted, guild, 9);
  t.equal(marker.applied, true);
  t.same(
    env.events.of(ticketEvents.replyRequested, guild).map((e) => e.reply?.tagName),
    ['refund', 'shipping'],
    'each tag once; staff, the bot, a longer word and a repeat post nothing',
  );

  // Another ticket of the same opener starts afresh.
  const second = await ticketWithChannel(env, guild, '100', '9001');
  await env.conversation.record(
    bot(guild),
    second.id,
    'created',
    reported({ id: snowflake(), channelId: '9001', authorId: '100', content: 'refund?' }),
    '',
  );
  await env.events.waitFor(ticketEvents.replyRequested, guild, 3);
  const third = env.events.of(ticketEvents.replyRequested, guild)[2];
  t.equal(third?.ticketId, second.id);
  t.equal(third?.channelId, '9001');
});

t.test('auto-reply – a redelivered message, an edit and concurrent reports reply once', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await env.tags.create(as.admin(guild), {
    name: 'refund',
    content: 'Refunds take 5 days.',
    keywords: ['refund'],
  });
  const id = snowflake();
  const message = reported({ id, authorId: '100', content: 'refund' });
  const other = reported({ id: snowflake(), authorId: '100', content: 'REFUND!' });
  // Two replicas record two matching messages at once (and one of them twice).
  await Promise.all([
    env.conversation.record(bot(guild), ticket.id, 'created', message, ''),
    env.conversation.record(bot(guild), ticket.id, 'created', message, ''),
    env.conversation.record(bot(guild), ticket.id, 'created', other, ''),
  ]);
  await env.conversation.record(
    bot(guild),
    ticket.id,
    'edited',
    reported({ id, authorId: '100', content: 'refund refund', editedAt: new Date(Date.now() + 1000) }),
    '',
  );
  await env.events.waitFor(ticketEvents.messageEdited, guild);
  t.equal(env.events.of(ticketEvents.replyRequested, guild).length, 1, 'one reply');
  // A deleted tag's claim goes with it: recreated, it may answer again.
  const [tag] = await env.tags.list(as.staff(guild));
  await env.tags.remove(as.admin(guild), tag!.id);
  await env.tags.create(as.admin(guild), { name: 'refund', content: 'New text.', keywords: ['refund'] });
  await env.conversation.record(
    bot(guild),
    ticket.id,
    'created',
    reported({ id: snowflake(), content: 'refund' }),
    '',
  );
  await env.events.waitFor(ticketEvents.replyRequested, guild, 2);
  t.equal(env.events.of(ticketEvents.replyRequested, guild)[1]?.reply?.content, 'New text.');
});

t.test('auto-reply – a closed ticket replies nothing', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await env.tags.create(as.admin(guild), { name: 'refund', content: 'x', keywords: ['refund'] });
  await env.tickets.close(as.staff(guild), ticket.id, 'done');
  await env.conversation.record(
    bot(guild),
    ticket.id,
    'created',
    reported({ id: snowflake(), content: 'refund' }),
    '',
  );
  await env.events.waitFor(ticketEvents.messagePosted, guild);
  t.equal(env.events.of(ticketEvents.replyRequested, guild).length, 0);
});
