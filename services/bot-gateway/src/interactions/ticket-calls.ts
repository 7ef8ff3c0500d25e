import { type Bus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  type OpenLimitExceeded,
  type Ticket,
  type TicketPriority,
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
  };
}
