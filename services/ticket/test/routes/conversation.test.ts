import { createHash } from 'node:crypto';
import { CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, MessageChange, ticketCommands, ticketEvents } from '@guildwire/contracts';
import t from 'tap';
import { reported, snowflake } from '../conversation-fixtures.js';
import { freshGuild, peerBus, ticketApp, tokenFor } from '../fixtures.js';

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };

/** The service over HTTP and NATS, a ticket opened by member 100 with its Discord channel 9000. */
async function setup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t);
  const bot = await peerBus(t, env.bus, 'bot');
  const guild = freshGuild();
  const opened = await env.app.inject({
    method: 'POST',
    url: `/v1/guilds/${guild}/tickets`,
    headers: tokenFor('100', { [guild]: 'member' }),
    payload: { subject: 'Refund' },
  });
  const ticketId = opened.json().ticket.id as string;
  await requestCommand(bot, ticketCommands.setChannel, {
    guildId: guild,
    actor: system,
    ticketId,
    channelId: '9000',
  });
  const record = (message: ReturnType<typeof reported>, change = MessageChange.CREATED, replyId = '') =>
    requestCommand(bot, ticketCommands.recordMessage, {
      guildId: guild,
      actor: system,
      ticketId,
      change,
      message,
      replyId,
    });
  const url = `/v1/guilds/${guild}/tickets/${ticketId}`;
  return { ...env, bot, guild, ticketId, record, url };
}

t.test(
  'http reply – 202 and ticket.reply_requested; Idempotency-Key: one reply; the limit, 403, 409 and 404 answered clearly',
  async (t) => {
    const { app, events, guild, url } = await setup(t);
    const staff = tokenFor('500', { [guild]: 'staff' });
    const send = (headers: Record<string, string>, content: string) =>
      app.inject({ method: 'POST', url: `${url}/messages`, headers, payload: { content } });

    const tooLong = await send(staff, 'x'.repeat(2001));
    t.equal(tooLong.statusCode, 400);
    t.match(tooLong.json().error.code, 'GW_ERR_VALIDATION');
    t.match(JSON.stringify(tooLong.json().error), /2000/, 'the answer names the limit');
    t.equal((await send(staff, '')).statusCode, 400, 'an empty message');
    const extra = await app.inject({
      method: 'POST',
      url: `${url}/messages`,
      headers: staff,
      payload: { content: 'hi', embeds: [] },
    });
    t.equal(extra.statusCode, 400, 'unknown fields are refused');

    const keyed = { ...staff, 'idempotency-key': 'reply-1' };
    const [a, b] = await Promise.all([send(keyed, 'We are on it'), send(keyed, 'We are on it')]);
    t.equal(a.statusCode, 202);
    t.equal(b.statusCode, 202);
    t.equal(a.json().reply.id, b.json().reply.id, 'one reply for one key');
    t.equal(a.json().reply.status, 'pending');
    const other = await send({ ...staff, 'idempotency-key': 'reply-1' }, 'something else');
    t.equal(other.statusCode, 422, 'the same key for another body');

    const stranger = await send(tokenFor('101', { [guild]: 'member' }), 'let me in');
    t.equal(stranger.statusCode, 403, "a member replying to someone else's ticket");
    t.equal(stranger.json().error.code, 'TICKET_ERR_FORBIDDEN');
    const opener = await send(tokenFor('100', { [guild]: 'member' }), 'thanks');
    t.equal(opener.statusCode, 202, 'the opener may write');
    const missing = await app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets/0190c1d2-0000-7000-8000-000000000001/messages`,
      headers: staff,
      payload: { content: 'hello' },
    });
    t.equal(missing.statusCode, 404);

    await app.inject({ method: 'POST', url: `${url}/close`, headers: staff, payload: { reason: 'done' } });
    const closed = await send(staff, 'after close');
    t.equal(closed.statusCode, 409);
    t.equal(closed.json().error.code, 'TICKET_ERR_CLOSED');
    const requested = await events.waitFor(ticketEvents.replyRequested, guild, 2);
    t.equal(requested.length, 2, 'one event per accepted reply');
    t.equal(requested[0]?.channelId, '9000');
  },
);

t.test('http messages – cursor pages in Discord order; a member sees only their own ticket', async (t) => {
  const { app, guild, url, record } = await setup(t);
  const ids = Array.from({ length: 5 }, () => snowflake());
  for (const [i, id] of ids.entries()) await record(reported({ id, content: `m${i}` }));
  const staff = tokenFor('500', { [guild]: 'staff' });
  const first = await app.inject({ method: 'GET', url: `${url}/messages?limit=2`, headers: staff });
  t.equal(first.statusCode, 200);
  t.same(
    first.json().items.map((m: { content: string }) => m.content),
    ['m0', 'm1'],
  );
  const second = await app.inject({
    method: 'GET',
    url: `${url}/messages?limit=2&cursor=${first.json().nextCursor}`,
    headers: staff,
  });
  t.same(
    second.json().items.map((m: { content: string }) => m.content),
    ['m2', 'm3'],
  );
  const newest = await app.inject({
    method: 'GET',
    url: `${url}/messages?limit=2&order=desc`,
    headers: staff,
  });
  t.same(
    newest.json().items.map((m: { content: string }) => m.content),
    ['m4', 'm3'],
  );
  const item = first.json().items[0];
  t.equal(item.author.name, 'alice');
  t.equal(item.deletedAt, null, 'the dashboard dialect: absent is null');
  t.equal(item.replyId, null);
  const bad = await app.inject({ method: 'GET', url: `${url}/messages?cursor=abc`, headers: staff });
  t.equal(bad.statusCode, 400);
  const stranger = await app.inject({
    method: 'GET',
    url: `${url}/messages`,
    headers: tokenFor('101', { [guild]: 'member' }),
  });
  t.equal(stranger.statusCode, 404, "another member's ticket does not exist for them");
  const opener = await app.inject({
    method: 'GET',
    url: `${url}/messages`,
    headers: tokenFor('100', { [guild]: 'member' }),
  });
  t.equal(opener.json().items.length, 5);
});

t.test(
  'http transcript – sealed on close: JSON byte-exact to its digest; HTML escapes a script tag and forbids scripts',
  async (t) => {
    const { app, guild, url, record } = await setup(t);
    await record(
      reported({
        id: snowflake(),
        content: '<script>alert("pwned")</script> & <@200> see <#300>',
        mentions: [
          { kind: 1, id: '200', name: 'bob<b>' },
          { kind: 3, id: '300', name: 'billing' },
        ],
      }),
    );
    await record(reported({ id: snowflake(), content: 'second' }));
    const staff = tokenFor('500', { [guild]: 'staff' });
    const live = await app.inject({ method: 'GET', url: `${url}/transcript`, headers: staff });
    t.equal(live.headers['transcript-sealed'], 'false', 'an open ticket has a live transcript, not sealed');
    const closed = await app.inject({
      method: 'POST',
      url: `${url}/close`,
      headers: staff,
      payload: { reason: 'done' },
    });
    const digest = closed.json().ticket.transcript.digest as string;
    t.match(digest, /^[0-9a-f]{64}$/);
    t.equal(closed.json().ticket.transcript.messageCount, 2);

    const json = await app.inject({
      method: 'GET',
      url: `${url}/transcript.json`,
      headers: tokenFor('100', { [guild]: 'member' }),
    });
    t.equal(json.statusCode, 200);
    t.equal(json.headers['transcript-sealed'], 'true');
    t.equal(
      createHash('sha256').update(json.body).digest('hex'),
      digest,
      'sha256 of the body is the stored digest',
    );
    t.equal(json.json().messages.length, 2);

    const html = await app.inject({ method: 'GET', url: `${url}/transcript.html`, headers: staff });
    t.equal(html.statusCode, 200);
    t.match(html.headers['content-type'], /text\/html/);
    t.match(html.headers['content-security-policy'], /default-src 'none'/);
    t.notMatch(html.body, /<script>/, 'no script tag survives');
    t.match(html.body, /&lt;script&gt;alert\(&quot;pwned&quot;\)&lt;\/script&gt; &amp;/);
    t.match(html.body, /@bob&lt;b&gt;/, 'mentions show the name they had, escaped');
    t.match(html.body, /#billing/);
    t.match(html.body, new RegExp(digest));
    const stranger = await app.inject({
      method: 'GET',
      url: `${url}/transcript.html`,
      headers: tokenFor('101', { [guild]: 'member' }),
    });
    t.equal(stranger.statusCode, 404);
  },
);

t.test(
  'cmd.ticket.record_message – bad reports are refused with field errors; cursors name each ticket’s newest message',
  async (t) => {
    const { bot, guild, ticketId, record } = await setup(t);
    const err = await requestCommand(bot, ticketCommands.recordMessage, {
      guildId: guild,
      actor: system,
      ticketId,
      change: MessageChange.UNSPECIFIED,
      message: reported({ id: 'not-a-snowflake' }),
    }).catch((e: unknown) => e);
    t.ok(err instanceof CommandRejectedError);
    const fields = (err as CommandRejectedError).fieldErrors.map((f) => f.field);
    t.ok(fields.includes('/change'), 'the change');
    t.ok(fields.includes('/message/id'), 'the message id');
    const huge = await record(reported({ id: snowflake(), content: 'x'.repeat(4001) })).catch(
      (e: unknown) => e,
    );
    t.ok(huge instanceof CommandRejectedError, 'content beyond what Discord allows');
    const asUser = await requestCommand(bot, ticketCommands.recordMessage, {
      guildId: guild,
      actor: { kind: ActorKind.DISCORD_USER, id: '100' },
      ticketId,
      change: MessageChange.CREATED,
      message: reported({ id: snowflake() }),
    }).catch((e: unknown) => e);
    t.equal((asUser as CommandRejectedError).code, 'TICKET_ERR_FORBIDDEN', 'only the bot records');
    await record(reported({ id: snowflake() }));
    const last = snowflake();
    await record(reported({ id: last }));
    const cursors = await requestCommand(bot, ticketCommands.conversationCursors, {
      guildId: guild,
      actor: system,
      ticketIds: [ticketId, '0190c1d2-0000-7000-8000-000000000001'],
    });
    t.same(cursors.lastMessageIds, { [ticketId]: last });
    t.same(cursors.recent, {}, 'no recent messages unless asked');
    // Recent stamps: newest first, deleted ones left out, edit times for edited ones.
    const edited = snowflake();
    const gone = snowflake();
    await record(reported({ id: edited, content: 'a' }));
    await record(reported({ id: gone, content: 'b' }));
    const editedAt = new Date(Date.now() + 1000);
    await record(reported({ id: edited, content: 'a!', editedAt }), MessageChange.EDITED);
    await record(reported({ id: gone }), MessageChange.DELETED);
    const withRecent = await requestCommand(bot, ticketCommands.conversationCursors, {
      guildId: guild,
      actor: system,
      ticketIds: [ticketId],
      recentLimit: 2,
    });
    const stamps = withRecent.recent[ticketId]?.messages ?? [];
    t.same(
      stamps.map((m) => m.id),
      [edited, last],
    );
    t.equal(stamps[0]?.editedAt?.seconds, BigInt(Math.floor(editedAt.getTime() / 1000)));
    t.equal(stamps[1]?.editedAt, undefined, 'never edited');
    const tooRecent = await requestCommand(bot, ticketCommands.conversationCursors, {
      guildId: guild,
      actor: system,
      ticketIds: Array.from({ length: 11 }, () => ticketId),
      recentLimit: 1000,
    }).catch((e: unknown) => e);
    t.same(
      (tooRecent as CommandRejectedError).fieldErrors.map((f) => f.field),
      ['/recent_limit'],
      'a reply too large for NATS is refused, naming recent_limit',
    );
    const tooMany = await requestCommand(bot, ticketCommands.conversationCursors, {
      guildId: guild,
      actor: system,
      ticketIds: Array.from({ length: 501 }, () => ticketId),
    }).catch((e: unknown) => e);
    t.ok(tooMany instanceof CommandRejectedError);
  },
);
