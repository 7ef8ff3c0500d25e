import {
  ClaimTicketRequestSchema,
  CloseTicketRequestSchema,
  OpenTicketRequestSchema,
  TicketReplySchema,
} from '../gen/guildwire/ticket/v1/commands_pb.js';
import { defineCommand } from '../registry/define-command.js';

/** Commands served by the ticket service on `cmd.ticket.*`. */
export const ticketCommands = {
  open: defineCommand('ticket', 'open', OpenTicketRequestSchema, TicketReplySchema),
  claim: defineCommand('ticket', 'claim', ClaimTicketRequestSchema, TicketReplySchema),
  close: defineCommand('ticket', 'close', CloseTicketRequestSchema, TicketReplySchema),
} as const;
