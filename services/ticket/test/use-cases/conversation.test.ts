import { createHash } from 'node:crypto';
import { ticketEvents } from '@guildwire/contracts';
import { sql } from 'kysely';
import t from 'tap';
import { bot, reported, snowflake, ticketWithChannel } from '../conversation-fixtures.js';
import { as, freshGuild, ticketEnv } from '../fixtures.js';

t.test('record – a create reported twice is kept once and posted once', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  const id = snowflake();
  const message = reported({ id, content: 'hello <@200>', mentions: [{ kind: 1, id: '200', name: 'bob' }] });
  const first = await env.conversation.record(bot(guild), ticket.id, 'created', message, '');
  const again = await env.conversation.record(bot(guild), ticket.id, 'created', message, '');
  t.equal(first.applied, true);
  t.equal(again.applied, false);
  const [posted] = await env.events.waitFor(ticketEvents.messagePosted, guild);
  t.equal(posted?.message?.id, id);
  t.equal(posted?.message?.content, 'hello <@200>');
  t.equal(posted?.openerId, '100', 'the opener rides on the event: the audience admits them');
  const marker = await env.conversation.record(
    bot(guild),
    ticket.id,
    'created',
    reported({ id: snowflake() }),
    '',
  );
  await env.events.waitFor(ticketEvents.messagePosted, guild, 2);
  t.equal(env.events.of(ticketEvents.messagePosted, guild).length, 2, 'no duplicate before the marker');
  t.equal(marker.applied, true);
});

t.test(
  'record – edits apply in edited_timestamp order whatever the arrival order; a delete is final',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const id = snowflake();
    await env.conversation.record(bot(guild), ticket.id, 'created', reported({ id, content: 'v1' }), '');
    const t2 = new Date(Date.now() + 2000);
    const t1 = new Date(Date.now() + 1000);
    const newer = await env.conversation.record(
      bot(guild),
      ticket.id,
      'edited',
      reported({ id, content: 'v3', editedAt: t2 }),
      '',
    );
    const older = await env.conversation.record(
      bot(guild),
      ticket.id,
      'edited',
      reported({ id, content: 'v2', editedAt: t1 }),
      '',
    );
    t.equal(newer.applied, true);
    t.equal(older.applied, false, 'the older edit arrived late and is dropped');
    const page = await env.conversation.page(as.staff(guild), ticket.id, { limit: 10 });
    t.equal(page.items[0]?.content, 'v3');
    const deleted = await env.conversation.record(bot(guild), ticket.id, 'deleted', reported({ id }), '');
    t.equal(deleted.applied, true);
    t.equal(deleted.message.content, '', 'a deleted message keeps no content');
    const late = await env.conversation.record(
      bot(guild),
      ticket.id,
      'edited',
      reported({ id, content: 'v4', editedAt: new Date(Date.now() + 5000) }),
      '',
    );
    t.equal(late.applied, false);
    const edited = await env.events.waitFor(ticketEvents.messageEdited, guild);
    const [gone] = await env.events.waitFor(ticketEvents.messageDeleted, guild);
    t.equal(edited.length, 1);
    t.equal(gone?.message?.deletedAt !== undefined, true);
    t.equal(gone?.message?.version, 3);
  },
);

t.test(
  'record – a delete seen before its create leaves a tombstone: nothing shown, nothing posted',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const id = snowflake();
    const tomb = await env.conversation.record(bot(guild), ticket.id, 'deleted', reported({ id }), '');
    const create = await env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({ id, content: 'x' }),
      '',
    );
    t.equal(tomb.applied, false);
    t.equal(create.applied, false);
    const page = await env.conversation.page(as.staff(guild), ticket.id, { limit: 10 });
    t.same(page.items, []);
    const cursors = await env.conversation.cursors(bot(guild), [ticket.id]);
    t.equal(cursors.lastMessageIds.get(ticket.id), id, 'the backfill cursor still moves past it');
  },
);

t.test('record – only the bot records messages; an unknown ticket is 404', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  await t.rejects(
    env.conversation.record(as.staff(guild), ticket.id, 'created', reported({ id: snowflake() }), ''),
    { code: 'TICKET_ERR_FORBIDDEN' },
  );
  await t.rejects(
    env.conversation.record(
      bot(guild),
      '0190c1d2-0000-7000-8000-000000000001',
      'created',
      reported({ id: snowflake() }),
      '',
    ),
    { code: 'TICKET_ERR_NOT_FOUND' },
  );
});

t.test(
  'reply – staff or the opener; 403 for another member, 409 closed, 409 without a channel',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild, '100');
    const byOpener = await env.conversation.reply(as.member(guild, '100'), ticket.id, 'from the opener');
    t.equal(byOpener.reply.status, 'pending');
    await t.rejects(env.conversation.reply(as.member(guild, '101'), ticket.id, 'not mine'), {
      code: 'TICKET_ERR_FORBIDDEN',
    });
    const [requested] = await env.events.waitFor(ticketEvents.replyRequested, guild);
    t.equal(requested?.channelId, '9000');
    t.equal(requested?.reply?.content, 'from the opener');
    const { ticket: bare } = await env.tickets.open(as.member(guild, '102'), {
      subject: 'no channel yet',
      description: '',
    });
    await t.rejects(env.conversation.reply(as.staff(guild), bare.id, 'hello'), {
      code: 'TICKET_ERR_NO_CHANNEL',
    });
    await env.tickets.close(as.staff(guild), ticket.id, 'done');
    await t.rejects(env.conversation.reply(as.staff(guild), ticket.id, 'too late'), {
      code: 'TICKET_ERR_CLOSED',
    });
  },
);

t.test(
  'reply – one Idempotency-Key is one reply; the message carrying it marks it posted; a late failure changes nothing',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const [a, b] = await Promise.all([
      env.conversation.reply(as.staff(guild, '500'), ticket.id, 'we are on it', { idempotencyKey: 'k1' }),
      env.conversation.reply(as.staff(guild, '500'), ticket.id, 'we are on it', { idempotencyKey: 'k1' }),
    ]);
    t.equal(a.reply.id, b.reply.id);
    t.equal([a.replayed, b.replayed].filter(Boolean).length, 1);
    const id = snowflake();
    const recorded = await env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({ id, authorId: 'bot', content: 'we are on it' }),
      a.reply.id,
    );
    t.equal(recorded.message.replyId, a.reply.id);
    t.same(await env.conversation.unpostedReplies(as.staff(guild), ticket.id), []);
    const failed = await env.conversation.replyFailed(bot(guild), ticket.id, a.reply.id, 'thread deleted');
    t.equal(failed.applied, false, 'a posted reply stays posted');
    const [posted] = await env.events.waitFor(ticketEvents.messagePosted, guild);
    t.equal(posted?.message?.replyId, a.reply.id, 'the dashboard matches the message to its reply');
    t.equal(env.events.of(ticketEvents.replyRequested, guild).length, 1);
  },
);

t.test('reply – a reply the bot could not post is failed once, with ticket.message_failed', async (t) => {
  const env = await ticketEnv(t);
  const guild = freshGuild();
  const ticket = await ticketWithChannel(env, guild);
  const { reply } = await env.conversation.reply(as.staff(guild), ticket.id, 'hello?');
  const first = await env.conversation.replyFailed(
    bot(guild),
    ticket.id,
    reply.id,
    "the ticket's thread was deleted in Discord",
  );
  const again = await env.conversation.replyFailed(bot(guild), ticket.id, reply.id, 'again');
  t.equal(first.applied, true);
  t.equal(again.applied, false);
  const [failed] = await env.events.waitFor(ticketEvents.messageFailed, guild);
  t.equal(failed?.reply?.error, "the ticket's thread was deleted in Discord");
  const unposted = await env.conversation.unpostedReplies(as.staff(guild), ticket.id);
  t.equal(unposted[0]?.status, 'failed');
});

t.test(
  'transcript – the close seals the conversation: digest on the ticket, body kept as sealed',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const ids = [snowflake(), snowflake(), snowflake()];
    await env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({ id: ids[0]!, content: 'hi <@200>', mentions: [{ kind: 1, id: '200', name: 'bob' }] }),
      '',
    );
    await env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({ id: ids[1]!, content: 'gone' }),
      '',
    );
    await env.conversation.record(
      bot(guild),
      ticket.id,
      'created',
      reported({
        id: ids[2]!,
        content: 'bye',
        attachments: [
          {
            id: '1',
            filename: 'log.txt',
            url: 'https://cdn.example/log.txt',
            contentType: 'text/plain',
            size: 12n,
          },
        ],
      }),
      '',
    );
    await env.conversation.record(bot(guild), ticket.id, 'deleted', reported({ id: ids[1]! }), '');
    const closed = await env.tickets.close(as.staff(guild), ticket.id, 'solved');
    t.ok(closed.ticket.transcript, 'the seal rides on the ticket');
    t.equal(closed.ticket.transcript?.messageCount, 2, 'deleted messages are not in the transcript');
    const [event] = await env.events.waitFor(ticketEvents.closed, guild);
    t.equal(event?.ticket?.transcript?.digest, closed.ticket.transcript?.digest);
    // Edited after the close: the sealed transcript does not change.
    await env.conversation.record(
      bot(guild),
      ticket.id,
      'edited',
      reported({ id: ids[0]!, content: 'rewritten', editedAt: new Date(Date.now() + 1000) }),
      '',
    );
    const view = await env.conversation.transcript(as.member(guild, '100'), ticket.id);
    t.equal(createHash('sha256').update(view.body).digest('hex'), closed.ticket.transcript?.digest);
    t.same(
      view.transcript.messages.map((m) => m.content),
      ['hi <@200>', 'bye'],
    );
    t.equal(view.transcript.names['user:200'], 'bob', 'mention names as they were at the close');
    t.equal(view.transcript.messages[1]?.attachments[0]?.url, 'https://cdn.example/log.txt');
    await t.rejects(env.conversation.transcript(as.member(guild, '101'), ticket.id), {
      code: 'TICKET_ERR_NOT_FOUND',
    });
  },
);

t.test(
  'conversation – 10,000 messages: pages are one index range scan; the transcript seals them all in order',
  async (t) => {
    const env = await ticketEnv(t);
    const guild = freshGuild();
    const ticket = await ticketWithChannel(env, guild);
    const start = BigInt(snowflake());
    // Inserted in bulk (one statement): the subject is reading them, not recording them one by one.
    await sql`insert into ticket_messages (ticket_id, message_id, guild_id, channel_id, author, content, created_at, version)
    select ${ticket.id}::uuid, ${start.toString()}::bigint + (g::bigint << 22), ${guild}, '9000',
      '{"id":"100","name":"alice","avatarUrl":null,"bot":false}'::jsonb, 'message ' || g, now(), 1
    from generate_series(1, 10000) g`.execute(env.db);
    await sql`analyze ticket_messages`.execute(env.db);

    let cursor: string | undefined;
    let seen = 0;
    let pages = 0;
    do {
      const page = await env.conversation.page(as.staff(guild), ticket.id, { limit: 100, cursor });
      seen += page.items.length;
      pages++;
      cursor = page.nextCursor;
    } while (cursor);
    t.equal(seen, 10_000);
    t.equal(pages, 100);

    const last = (start + (9_900n << 22n)).toString();
    const plan = await sql<{ 'QUERY PLAN': unknown }>`explain (analyze, format json)
    select * from ticket_messages where ticket_id = ${ticket.id} and version > 0 and message_id > ${last}::bigint
    order by message_id limit 101`.execute(env.db);
    const text = JSON.stringify(plan.rows[0]?.['QUERY PLAN']);
    t.match(text, /Index Scan/, 'the page reads the primary key index');
    t.notMatch(text, /"Node Type":"Seq Scan"/, 'never the whole table');
    t.notMatch(text, /"Node Type":"Sort"/, 'already in order: no sort of the conversation');
    const rows = [...text.matchAll(/"Actual Rows":(\d+)/g)].map((m) => Number(m[1]));
    t.ok(
      Math.max(...rows) <= 101,
      `no plan node touched more than a page of rows (max ${Math.max(...rows)})`,
    );

    const closed = await env.tickets.close(as.staff(guild), ticket.id, '');
    t.equal(closed.ticket.transcript?.messageCount, 10_000);
    const view = await env.conversation.transcript(as.staff(guild), ticket.id);
    t.equal(view.transcript.messages[0]?.content, 'message 1');
    t.equal(view.transcript.messages[9999]?.content, 'message 10000');
    t.comment(`10,000-message transcript: ${(view.body.length / 1024 / 1024).toFixed(2)} MiB of JSON`);
  },
);
