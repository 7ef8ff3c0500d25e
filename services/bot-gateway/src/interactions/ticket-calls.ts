import { type Bus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  type OpenLimitExceeded,
  type Ticket,
  type TicketBlacklistEntry,
  type TicketPriority,
  type TicketReplyDraft,
  type TicketTag,
  ticketCommands,
} from '@guildwire/contracts';
import type { InteractionActor } from './actor.js';

/** What every ticket command from an interaction carries. */
export interface InteractionCall {
  readonly guildId: string;
  readonly actor: InteractionActor;
  /** The interaction id: idempotency key and correlation id (a retried press applies once). */
  readonly interactionId: string;
}

/** What a member asks for when opening a ticket from Discord. */
export interface OpenInput {
  readonly panelId?: string;
  readonly categoryId?: string;
  readonly subject: string;
  readonly description: string;
  readonly answers?: readonly { readonly label: string; readonly value: string }[];
}

/** cmd.ticket.* as the bot calls them for a Discord user. */
export interface TicketCalls {
  open(call: InteractionCall, input: OpenInput): Promise<Ticket>;
  /** Staff moves a ticket to another category; `overLimit` when that took the opener past its limit. */
  move(
    call: InteractionCall,
    ticketId: string,
    categoryId: string,
  ): Promise<{ ticket: Ticket; overLimit: OpenLimitExceeded | undefined }>;
  claim(call: InteractionCall, ticketId: string): Promise<Ticket>;
  unclaim(call: InteractionCall, ticketId: string): Promise<Ticket>;
  close(call: InteractionCall, ticketId: string, reason: string): Promise<Ticket>;
  answerCloseRequest(call: InteractionCall, ticketId: string, accept: boolean): Promise<Ticket>;
  setPriority(call: InteractionCall, ticketId: string, priority: TicketPriority): Promise<Ticket>;
  /** The guild's tags whose name starts with `prefix` (staff), for /tag's autocomplete. */
  tags(call: InteractionCall, prefix: string, limit: number): Promise<TicketTag[]>;
  /** Posts the tag named `name` in the ticket as the actor's reply (staff). */
  useTag(
    call: InteractionCall,
    ticketId: string,
    name: string,
  ): Promise<{ tag: TicketTag; reply: TicketReplyDraft }>;
  /** The blacklist entry that refuses the actor opening a ticket (their id or a role), if any. */
  blacklistEntry(call: InteractionCall, timeoutMs: number): Promise<TicketBlacklistEntry | undefined>;
  /** Staff lets a user into the ticket (`add`) or takes them out. */
  changeMember(call: InteractionCall, ticketId: string, memberId: string, add: boolean): Promise<Ticket>;
  /** The assignee (or an admin) hands the ticket to another staff member. */
  transfer(call: InteractionCall, ticketId: string, toUserId: string): Promise<Ticket>;
  /** The opener rates the closed ticket (1-5) with an optional comment. */
  feedback(call: InteractionCall, ticketId: string, rating: number, comment: string): Promise<Ticket>;
}

/** Ticket calls over the bus, each bounded by `timeoutMs`. */
export function createTicketCalls(bus: Bus, timeoutMs: number): TicketCalls {
  const common = (call: InteractionCall) => ({
    guildId: call.guildId,
    actor: { kind: ActorKind.DISCORD_USER, id: call.actor.userId },
    actorRoles: { roleIds: [...call.actor.roleIds], guildAdmin: call.actor.guildAdmin },
    idempotencyKey: call.interactionId,
    correlationId: call.interactionId,
  });
  const ticketOf = (reply: { ticket?: Ticket | undefined }) => {
    if (!reply.ticket) throw new Error('the ticket service replied without a ticket');
    return reply.ticket;
  };
  const options = { timeoutMs };
  return {
    async open(call, input) {
      const reply = await requestCommand(
        bus,
        ticketCommands.open,
        {
          ...common(call),
          openerId: call.actor.userId,
          subject: input.subject,
          description: input.description,
          ...(input.panelId ? { panelId: input.panelId } : {}),
          ...(input.categoryId ? { categoryId: input.categoryId } : {}),
          answers: (input.answers ?? []).map((a) => ({ label: a.label, value: a.value })),
        },
        options,
      );
      return ticketOf(reply);
    },
    async move(call, ticketId, categoryId) {
      const reply = await requestCommand(
        bus,
        ticketCommands.move,
        { ...common(call), ticketId, categoryId },
        options,
      );
      return { ticket: ticketOf(reply), overLimit: reply.overLimit };
    },
    claim: async (call, ticketId) =>
      ticketOf(await requestCommand(bus, ticketCommands.claim, { ...common(call), ticketId }, options)),
    unclaim: async (call, ticketId) =>
      ticketOf(await requestCommand(bus, ticketCommands.unclaim, { ...common(call), ticketId }, options)),
    close: async (call, ticketId, reason) =>
      ticketOf(
        await requestCommand(bus, ticketCommands.close, { ...common(call), ticketId, reason }, options),
      ),
    answerCloseRequest: async (call, ticketId, accept) =>
      ticketOf(
        await requestCommand(
          bus,
          ticketCommands.answerCloseRequest,
          { ...common(call), ticketId, accept },
          options,
        ),
      ),
    changeMember: async (call, ticketId, memberId, add) => {
      const request = { ...common(call), ticketId, memberId };
      return ticketOf(
        add
          ? await requestCommand(bus, ticketCommands.addMember, request, options)
          : await requestCommand(bus, ticketCommands.removeMember, request, options),
      );
    },
    transfer: async (call, ticketId, toUserId) =>
      ticketOf(
        await requestCommand(bus, ticketCommands.transfer, { ...common(call), ticketId, toUserId }, options),
      ),
    feedback: async (call, ticketId, rating, comment) =>
      ticketOf(
        await requestCommand(
          bus,
          ticketCommands.feedback,
          { ...common(call), ticketId, rating, comment },
          options,
        ),
      ),
    setPriority: async (call, ticketId, priority) =>
      ticketOf(
        await requestCommand(
          bus,
          ticketCommands.setPriority,
          { ...common(call), ticketId, priority },
          options,
        ),
      ),
    async tags(call, prefix, limit) {
      const { idempotencyKey: _k, ...envelope } = common(call);
      return (await requestCommand(bus, ticketCommands.tagList, { ...envelope, prefix, limit }, options))
        .tags;
    },
    async useTag(call, ticketId, name) {
      const reply = await requestCommand(
        bus,
        ticketCommands.tagUse,
        { ...common(call), ticketId, name },
        options,
      );
      if (!reply.tag || !reply.reply)
        throw new Error('the ticket service replied without the tag or the reply');
      return { tag: reply.tag, reply: reply.reply };
    },
    blacklistEntry: async (call, checkTimeoutMs) => {
      const { guildId, actor, actorRoles } = common(call);
      const reply = await requestCommand(
        bus,
        ticketCommands.blacklistCheck,
        { guildId, actor, actorRoles },
        { timeoutMs: Math.min(timeoutMs, checkTimeoutMs) },
      );
      return reply.entry;
    },
  };
}
