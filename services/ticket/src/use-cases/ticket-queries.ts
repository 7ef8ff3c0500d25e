import { type TicketQuestion, ticketCategories } from '@guildwire/contracts';
import { requireStaff, requireVisible } from '../domain/permissions.js';
import { statsRange } from '../domain/stats-range.js';
import type { Attachment, Caller, Comment, HistoryEntry, Ticket } from '../domain/ticket.js';
import { ticketErrors } from '../errors.js';
import { listTickets, type TicketPage, type TicketQuery } from '../store/list-tickets.js';
import { ticketRecordStore } from '../store/record-store.js';
import { categoryStats, staffStats, type TicketStats, ticketStats } from '../store/stats-store.js';
import { ticketStore } from '../store/ticket-store.js';
import type { TicketDeps } from './deps.js';

/** A ticket category as the API shows it. */
export interface TicketCategoryView {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly emoji: string;
  readonly openLimitPerUser: number;
  readonly channelMode: 'thread' | 'channel';
  readonly questions: TicketQuestion[];
  readonly supportRoleIds: string[];
}

/** One ticket with everything that hangs off it. */
export interface TicketDetails {
  readonly ticket: Ticket;
  readonly comments: Comment[];
  readonly attachments: Attachment[];
  readonly history: HistoryEntry[];
}

/** Reads of tickets: one with details, lists, statistics. */
export function createTicketQueries(deps: Pick<TicketDeps, 'db' | 'clock' | 'settings'>) {
  const { db } = deps;
  return {
    /** A ticket by id or per-guild number, with comments, attachments and history; 404 / 403. */
    async get(
      caller: Caller,
      ref: { readonly id: string } | { readonly number: number },
    ): Promise<TicketDetails> {
      const tickets = ticketStore(db);
      const ticket =
        'id' in ref
          ? await tickets.find(caller.guildId, ref.id)
          : await tickets.findByNumber(caller.guildId, ref.number);
      if (!ticket) throw new ticketErrors.TICKET_ERR_NOT_FOUND('id' in ref ? ref.id : `#${ref.number}`);
      requireVisible(ticket, caller);
      const records = ticketRecordStore(db);
      const [comments, attachments, history] = await Promise.all([
        records.comments(ticket.id),
        records.attachments(ticket.id),
        records.history(ticket.id),
      ]);
      return { ticket, comments, attachments, history };
    },

    /** A page of tickets; members only ever see the tickets they opened. */
    async list(caller: Caller, query: TicketQuery): Promise<TicketPage> {
      const scoped = caller.staff ? query : { ...query, openerId: caller.userId };
      return listTickets(db, caller.guildId, scoped);
    },

    /**
     * The guild's ticket categories, the default one first, as members choose them (names, forms,
     * limits); staff also see each category's support roles.
     */
    async categories(caller: Caller): Promise<TicketCategoryView[]> {
      const settings = await deps.settings.forGuild(caller.guildId);
      return ticketCategories(settings).map((c) => ({
        id: c.id,
        name: c.name,
        description: c.description,
        emoji: c.emoji,
        openLimitPerUser: c.openLimitPerUser,
        channelMode: c.channelMode,
        questions: c.questions.map((q) => ({ ...q })),
        supportRoleIds: caller.staff ? [...c.supportRoleIds] : [],
      }));
    },

    /** Counts and response-time statistics (staff). */
    async stats(caller: Caller, days: number): Promise<TicketStats> {
      requireStaff(caller, 'see statistics');
      return ticketStats(db, caller.guildId, deps.clock(), days);
    },

    /** Per staff member over [from, to) (staff); a bad or too long range is 400. */
    async staffStats(caller: Caller, from?: string, to?: string) {
      requireStaff(caller, 'see statistics');
      const range = statsRange(from, to, deps.clock());
      return { ...range, staff: await staffStats(db, caller.guildId, range.from, range.to) };
    },

    /** Per ticket category over [from, to) (staff); a bad or too long range is 400. */
    async categoryStats(caller: Caller, from?: string, to?: string) {
      requireStaff(caller, 'see statistics');
      const range = statsRange(from, to, deps.clock());
      return { ...range, categories: await categoryStats(db, caller.guildId, range.from, range.to) };
    },
  };
}

/** The ticket queries' interface. */
export type TicketQueries = ReturnType<typeof createTicketQueries>;
