import { type Bus, requestCommand } from '@guildwire/bus';
import { ActorKind, type Ticket, type TicketPriority, ticketCommands } from '@guildwire/contracts';
import type { InteractionActor } from './actor.js';

/** What every ticket command from an interaction carries. */
export interface InteractionCall {
  readonly guildId: string;
  readonly actor: InteractionActor;
  /** The interaction id: idempotency key and correlation id (a retried press applies once). */
  readonly interactionId: string;
}

/** cmd.ticket.* as the bot calls them for a Discord user. */
export interface TicketCalls {
  open(
    call: InteractionCall,
    input: { panelId?: string; subject: string; description: string },
  ): Promise<Ticket>;
  claim(call: InteractionCall, ticketId: string): Promise<Ticket>;
  unclaim(call: InteractionCall, ticketId: string): Promise<Ticket>;
  close(call: InteractionCall, ticketId: string, reason: string): Promise<Ticket>;
  answerCloseRequest(call: InteractionCall, ticketId: string, accept: boolean): Promise<Ticket>;
  setPriority(call: InteractionCall, ticketId: string, priority: TicketPriority): Promise<Ticket>;
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
        },
        options,
      );
      return ticketOf(reply);
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
