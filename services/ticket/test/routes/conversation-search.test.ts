import { requestCommand } from '@guildwire/bus';
import { ActorKind, MessageChange, ticketCommands } from '@guildwire/contracts';
import { sql } from 'kysely';
import t from 'tap';
import { ticketListQuery } from '../../src/store/list-tickets.js';
import { reported, snowflake } from '../conversation-fixtures.js';
import { freshGuild, peerBus, ticketApp, tokenFor } from '../fixtures.js';

// GET …/tickets?messages=: tickets found by the words of their Discord conversation, through the
// HTTP API on real Postgres (the GIN index of migration 0009) and the bot's record_message command.

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };

async function setup(t: Parameters<typeof ticketApp>[0]) {
  const env = await ticketApp(t);
  const bot = await peerBus(t, env.bus, 'bot');
  /** A ticket of `openerId` in `guild`, with a Discord channel, and `record` for its messages. */
  const ticket = async (guild: string, openerId: string, subject: string) => {
    const opened = await env.app.inject({
      method: 'POST',
      url: `/v1/guilds/${guild}/tickets`,
      headers: tokenFor(openerId, { [guild]: 'member' }),
      payload: { subject },
    });
    const ticketId = opened.json().ticket.id as string;
    await requestCommand(bot, ticketCommands.setChannel, {
      guildId: guild,
      actor: system,
      ticketId,
      channelId: '9000',
    });
    const record = async (content: string, change = MessageChange.CREATED, id = snowflake()) => {
      await requestCommand(bot, ticketCommands.recordMessage, {
        guildId: guild,
        actor: system,
        ticketId,
        change,
        message: reported({
          id,
          content,
          ...(change === MessageChange.EDITED ? { editedAt: new Date() } : {}),
        }),
        replyId: '',
      });
      return id;
    };
    return { id: ticketId, record };
  };
  /** Subjects of the tickets `GET …/tickets?messages=<words>` answers to `headers`, sorted. */
  const search = async (guild: string, headers: Record<string, string>, words: string, extra = '') => {
    const res = await env.app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets?messages=${encodeURIComponent(words)}${extra}`,
      headers,
    });
    if (res.statusCode !== 200) throw new Error(`search answered ${res.statusCode}: ${res.body}`);
    return (res.json().items as { subject: string }[]).map((i) => i.subject).sort();
  };
  return { ...env, ticket, search };
}

t.test(
  'conversation search – staff find tickets by words written in them (prefixes, across messages, any case); members only their own; other guilds never',
  async (t) => {
    const { ticket, search } = await setup(t);
    const guild = freshGuild();
    const a = await ticket(guild, '100', 'A');
    const b = await ticket(guild, '101', 'B');
    await ticket(guild, '100', 'silent');
    await a.record('The printer is on fire');
    await a.record('Refund requested for invoice INV-2041, thanks');
    await b.record('printer jammed again');
    await b.record("it's 3.5 volts, mail alice@example.com");
    const elsewhere = freshGuild();
    const c = await ticket(elsewhere, '100', 'other guild');
    await c.record('printer printer printer');
    const staff = tokenFor('500', { [guild]: 'staff' });

    t.same(await search(guild, staff, 'printer'), ['A', 'B'], 'a word');
    t.same(await search(guild, staff, 'print'), ['A', 'B'], 'a prefix (typing as you go)');
    t.same(await search(guild, staff, 'PRINTER'), ['A', 'B'], 'any case');
    t.same(await search(guild, staff, 'refund printer'), ['A'], 'every word, in different messages');
    t.same(await search(guild, staff, 'printer volts'), ['B']);
    t.same(await search(guild, staff, 'printer unicorn'), [], 'a word written nowhere');
    t.same(await search(guild, staff, 'inv-2041'), ['A'], 'a code with a dash');
    t.same(await search(guild, staff, "it's 3.5"), ['B'], 'an apostrophe and a decimal, as written');
    t.same(await search(guild, staff, 'alice@example.com'), ['B'], 'an address');
    t.same(await search(guild, staff, 'printer', '&status=closed'), [], 'with the other filters');
    t.same(await search(guild, staff, 'printer', '&q=B'), ['B'], 'with the subject search');

    t.same(await search(guild, tokenFor('100', { [guild]: 'member' }), 'printer'), ['A'], 'the opener of A');
    t.same(await search(guild, tokenFor('101', { [guild]: 'member' }), 'printer'), ['B'], 'the opener of B');
    t.same(
      await search(guild, tokenFor('102', { [guild]: 'member' }), 'printer'),
      [],
      'a member who opened neither',
    );
    t.same(
      await search(elsewhere, tokenFor('500', { [elsewhere]: 'staff' }), 'printer'),
      ['other guild'],
      "the other guild's staff find only their guild's ticket",
    );
  },
);

t.test(
  'conversation search – an edit is found by its new words only, a deleted message not at all; operators in the input are words, not syntax; bad input is 400',
  async (t) => {
    const { app, ticket, search } = await setup(t);
    const guild = freshGuild();
    const a = await ticket(guild, '100', 'A');
    const staff = tokenFor('500', { [guild]: 'staff' });
    const typo = await a.record('my tablet broke');
    await a.record('my tablet works', MessageChange.EDITED, typo);
    t.same(await search(guild, staff, 'broke'), [], 'the word edited away');
    t.same(await search(guild, staff, 'works'), ['A'], 'the word edited in');
    const secret = await a.record('password hunter2');
    t.same(await search(guild, staff, 'hunter2'), ['A']);
    await a.record('', MessageChange.DELETED, secret);
    t.same(await search(guild, staff, 'hunter2'), [], 'a deleted message is not searched');

    // What would be tsquery syntax is taken as text: never a 500, never every ticket.
    for (const input of ['tablet & !works', "'", '\\', 'a:*|b', ')(', "tab'let", 'works\\']) {
      const found = await search(guild, staff, input);
      t.ok(Array.isArray(found), `${JSON.stringify(input)} is answered`);
    }
    t.same(await search(guild, staff, 'works & !tablet'), ['A'], '& and ! are not operators');
    t.same(await search(guild, staff, '!!! ???'), [], 'no word at all finds nothing, not everything');

    const tooLong = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets?messages=${'x'.repeat(201)}`,
      headers: staff,
    });
    t.equal(tooLong.statusCode, 400);
    t.match(JSON.stringify(tooLong.json().error), /messages/, 'the answer names the parameter');
    const empty = await app.inject({
      method: 'GET',
      url: `/v1/guilds/${guild}/tickets?messages=`,
      headers: staff,
    });
    t.equal(empty.statusCode, 400, 'an empty search');
    const anonymous = await app.inject({ method: 'GET', url: `/v1/guilds/${guild}/tickets?messages=x` });
    t.equal(anonymous.statusCode, 401);
  },
);

t.test(
  'conversation search – 5,010 tickets, 20,000 messages: the plan reads the GIN index, not every message',
  async (t) => {
    const { db, ticket, search } = await setup(t);
    const guild = freshGuild();
    const tickets = [];
    for (let i = 0; i < 10; i++) tickets.push(await ticket(guild, String(100 + i), `T${i}`));
    // Seeded in two statements (through the bot it would take minutes): 5,000 more tickets, and
    // four ordinary messages on each of the 5,010.
    await sql`
      insert into tickets (id, guild_id, number, subject, status, priority, opener_id, created_at,
                           updated_at, last_activity_at, version)
      select gen_random_uuid(), ${guild}, 1000 + n, 'bulk ' || n, 'open', 2, '100',
             now() - n * interval '1 second', now(), now(), 1
      from generate_series(1, 5000) n`.execute(db);
    await sql`
      insert into ticket_messages (ticket_id, message_id, guild_id, channel_id, author, content, created_at, version)
      select t.id, (1000000 + n * 10000 + t.number)::bigint, ${guild}, '9000', '{"id":"100","name":"alice","bot":false}',
             'message ' || n || ' about the usual printer trouble', now(), 1
      from tickets t, generate_series(1, 4) n
      where t.guild_id = ${guild}`.execute(db);
    await tickets[7]!.record('the xylophone is out of tune');
    await sql`analyze ticket_messages`.execute(db);

    const staff = tokenFor('500', { [guild]: 'staff' });
    t.same(await search(guild, staff, 'xylophone'), ['T7']);
    t.same((await search(guild, staff, 'printer', '&limit=100')).length, 100);
    const plan = await ticketListQuery(db, guild, {
      conversation: 'xylophone',
      sort: '-created_at',
      limit: 25,
    }).explain('json', sql`analyze`);
    const nodes = planNodes((plan[0] as { 'QUERY PLAN': [{ Plan: PlanNode }] })['QUERY PLAN'][0].Plan);
    const root = (plan[0] as { 'QUERY PLAN': [{ 'Execution Time': number }] })['QUERY PLAN'][0];
    t.comment(
      `plan (${root['Execution Time']} ms): ${nodes.map((n) => `${n['Node Type']} ${n['Relation Name'] ?? n['Index Name'] ?? ''} ${n['Actual Rows']}×${n['Actual Loops']}`).join(' / ')}`,
    );
    const onMessages = nodes.filter((n) => n['Relation Name'] === 'ticket_messages');
    t.ok(
      nodes.some((n) => n['Index Name'] === 'ticket_messages_words'),
      'the word index answers',
    );
    t.same(
      onMessages.filter((n) => n['Node Type'] === 'Seq Scan'),
      [],
      'no sequential scan of the messages',
    );
    t.ok(
      onMessages.every((n) => n['Actual Loops'] === 1 && (n['Actual Rows'] ?? 0) < 100),
      'the messages are looked up once, not once per ticket, and only the matching ones are read',
    );
    t.same(await search(guild, staff, 'printer xylophone'), ['T7'], 'two words: two lookups intersected');
  },
);

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Actual Rows'?: number;
  'Actual Loops'?: number;
  Plans?: PlanNode[];
}

/** Every node of an EXPLAIN (FORMAT JSON) plan. */
function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}
