// The drill's verdict: the database is the truth; the stream, every dashboard and the fake
// Discord's record of messages are compared with it.
import { type Bus, decodeStreamMessage } from '@guildwire/bus';
import { guildEventsStream } from '@guildwire/contracts';
import type { FakeDiscord } from '@guildwire/fake-discord';
import pg from 'pg';
import type { DashboardView } from './dashboards.js';
import type { ChaosGuild } from './load.js';

/** Counts of what went wrong (each should be 0). */
export interface Verdict {
  events_total: number;
  events_lost: number;
  events_duplicated: number;
  outbox_unpublished: number;
  dashboard_events_lost: number;
  dashboard_events_duplicated: number;
  dashboard_mismatches: number;
  dashboard_resyncs: number;
  ticket_numbers_twice: number;
  ticket_number_gaps: number;
  double_ends: number;
  never_ended: number;
  double_side_effects: number;
  missing_side_effects: number;
  /** What each non-zero count refers to, for the report. */
  details: string[];
}

interface StreamEvent {
  readonly eventId: string;
  readonly type: string;
  readonly guildId: string;
  readonly aggregateId: string | undefined;
}

/** Every event on GUILD_EVENTS, decoded. */
async function readStream(bus: Bus): Promise<StreamEvent[]> {
  const name = bus.streamName(guildEventsStream);
  const info = await bus.jsm.streams.info(name);
  const out: StreamEvent[] = [];
  if (info.state.messages === 0) return out;
  const consumer = await bus.js.consumers.get(name);
  const messages = await consumer.fetch({ max_messages: info.state.messages, expires: 10_000 });
  for await (const m of messages) {
    const event = decodeStreamMessage(bus, {
      subject: m.subject,
      seq: m.seq,
      data: m.data,
      timestampMs: m.info.timestampNanos / 1e6,
      redelivered: m.redelivered,
    });
    const message = event.message as {
      meta?: { eventId?: string };
      ticket?: { id?: string };
      ticketId?: string;
      giveaway?: { id?: string };
      giveawayId?: string;
    };
    out.push({
      eventId: message.meta?.eventId ?? '',
      type: event.def.type,
      guildId: event.guildId,
      aggregateId: message.ticket?.id ?? message.ticketId ?? message.giveaway?.id ?? message.giveawayId,
    });
    if (out.length === info.state.messages) break;
  }
  return out;
}

const watched = new Set(['ticket.opened', 'ticket.closed', 'giveaway.created', 'giveaway.ended']);

/** Compares the database with the stream, the dashboards and Discord. */
export async function verify(options: {
  readonly databaseUrl: string;
  readonly bus: Bus;
  readonly dashboards: readonly DashboardView[];
  readonly discord: FakeDiscord;
  readonly guilds: readonly ChaosGuild[];
}): Promise<Verdict> {
  const db = new pg.Client({ connectionString: options.databaseUrl });
  await db.connect();
  const v: Verdict = {
    events_total: 0,
    events_lost: 0,
    events_duplicated: 0,
    outbox_unpublished: 0,
    dashboard_events_lost: 0,
    dashboard_events_duplicated: 0,
    dashboard_mismatches: 0,
    dashboard_resyncs: 0,
    ticket_numbers_twice: 0,
    ticket_number_gaps: 0,
    double_ends: 0,
    never_ended: 0,
    double_side_effects: 0,
    missing_side_effects: 0,
    details: [],
  };
  try {
    const guildIds = options.guilds.map((g) => g.id);
    const tickets = (
      await db.query<{ id: string; guild_id: string; number: number; status: string }>(
        'select id, guild_id, number, status from ticket.tickets where guild_id = any($1)',
        [guildIds],
      )
    ).rows;
    const giveaways = (
      await db.query<{
        id: string;
        guild_id: string;
        status: string;
        message_id: string | null;
        overdue: boolean;
      }>(
        `select id, guild_id, status, message_id, ends_at < now() - interval '10 seconds' as overdue
         from giveaway.giveaways where guild_id = any($1)`,
        [guildIds],
      )
    ).rows;
    for (const schema of ['ticket', 'giveaway', 'config'])
      v.outbox_unpublished += Number(
        (await db.query<{ n: string }>(`select count(*) as n from ${schema}.outbox`)).rows[0]?.n ?? 0,
      );

    // ---- the stream
    const events = await readStream(options.bus);
    v.events_total = events.length;
    const byId = new Map<string, number>();
    for (const e of events) byId.set(e.eventId, (byId.get(e.eventId) ?? 0) + 1);
    for (const [id, n] of byId)
      if (n > 1) {
        v.events_duplicated += n - 1;
        v.details.push(`event ${id} stored ${n} times`);
      }
    const ofType = (type: string, id: string) =>
      events.filter((e) => e.type === type && e.aggregateId === id);
    const expectOnce = (type: string, id: string) => {
      const found = new Set(ofType(type, id).map((e) => e.eventId));
      if (found.size === 0) {
        v.events_lost++;
        v.details.push(`${type} of ${id} is not on the stream`);
      }
      return found.size;
    };
    for (const t of tickets) {
      expectOnce('ticket.opened', t.id);
      if (t.status === 'closed') expectOnce('ticket.closed', t.id);
    }
    for (const g of giveaways) {
      expectOnce('giveaway.created', g.id);
      if (g.status === 'ended') {
        const ends = expectOnce('giveaway.ended', g.id);
        if (ends > 1) {
          v.double_ends += ends - 1;
          v.details.push(`giveaway ${g.id} ended ${ends} times`);
        }
      } else if (g.overdue && g.status !== 'cancelled') {
        v.never_ended++;
        v.details.push(`giveaway ${g.id} is overdue and ${g.status}`);
      }
    }

    // ---- ticket numbers: 1..n per guild, each once
    for (const guildId of guildIds) {
      const numbers = tickets.filter((t) => t.guild_id === guildId).map((t) => t.number);
      const distinct = new Set(numbers);
      v.ticket_numbers_twice += numbers.length - distinct.size;
      const max = Math.max(0, ...numbers);
      const gaps = max - distinct.size;
      if (gaps > 0) v.details.push(`guild ${guildId}: ${gaps} ticket numbers missing below ${max}`);
      v.ticket_number_gaps += gaps;
    }

    // ---- dashboards: every watched event of their guild once, and the database's state
    for (const view of options.dashboards) {
      v.dashboard_resyncs += view.resyncs;
      const expected = events.filter((e) => e.guildId === view.guildId && watched.has(e.type));
      const lost = expected.filter((e) => !view.seen.has(e.eventId)).length;
      const dup = [...view.seen.values()].filter((n) => n > 1).reduce((a, n) => a + n - 1, 0);
      v.dashboard_events_lost += lost;
      v.dashboard_events_duplicated += dup;
      const dbTickets = tickets.filter((t) => t.guild_id === view.guildId);
      const ticketsDiffer =
        dbTickets.length !== view.tickets.size ||
        dbTickets.some((t) => (view.tickets.get(t.id) === 'closed') !== (t.status === 'closed'));
      const dbEnded = giveaways.filter((g) => g.guild_id === view.guildId && g.status === 'ended');
      const endedDiffer =
        dbEnded.length !== view.endedGiveaways.size || dbEnded.some((g) => !view.endedGiveaways.has(g.id));
      if (ticketsDiffer || endedDiffer) {
        v.dashboard_mismatches++;
        v.details.push(
          `${view.name} (${view.client.status}): ${view.tickets.size} tickets vs ${dbTickets.length} in the database, ` +
            `${view.endedGiveaways.size} ended giveaways vs ${dbEnded.length}; ${lost} events lost, ${dup} twice`,
        );
      }
    }

    // ---- Discord: one giveaway message each (the one the database names: the bot reports it with
    // cmd.giveaway.set_message; its Enter button goes at the end), one winners' reply per ended one
    for (const guild of options.guilds) {
      const posted = options.discord.control.messages(guild.giveawayChannelId);
      const replyTo = (m: (typeof posted)[number]) =>
        (m.message_reference as { message_id?: string } | undefined)?.message_id;
      const own = giveaways.filter((x) => x.guild_id === guild.id);
      let found = 0;
      for (const g of own) {
        const message = posted.find((m) => m.id === g.message_id);
        if (!message) {
          v.missing_side_effects++;
          v.details.push(`giveaway ${g.id}: no message in Discord (message_id ${g.message_id ?? 'unset'})`);
          continue;
        }
        found++;
        if (g.status !== 'ended') continue;
        const replies = posted.filter((m) => replyTo(m) === message.id).length;
        if (replies === 0) {
          v.missing_side_effects++;
          v.details.push(`giveaway ${g.id}: ended, winners never announced`);
        } else if (replies > 1) {
          v.double_side_effects += replies - 1;
          v.details.push(`giveaway ${g.id}: winners announced ${replies} times`);
        }
      }
      // Giveaway messages are the channel's only messages that reply to nothing.
      const extra = posted.filter((m) => replyTo(m) === undefined).length - found;
      if (extra > 0) {
        v.double_side_effects += extra;
        v.details.push(`guild ${guild.id}: ${extra} giveaway messages posted beyond one per giveaway`);
      }
    }
  } finally {
    await db.end();
  }
  return v;
}
