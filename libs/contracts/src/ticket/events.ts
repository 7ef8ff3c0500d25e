import type { Audience } from '../registry/audience.js';
import { defineEvent } from '../registry/define-event.js';
import {
  TicketAssignedSchema,
  TicketAttachmentAddedSchema,
  TicketAttachmentRemovedSchema,
  TicketClaimedSchema,
  TicketClosedSchema,
  TicketCommentAddedSchema,
  TicketOpenedSchema,
  TicketPriorityChangedSchema,
  TicketReopenedSchema,
  TicketUnclaimedSchema,
  TicketUpdatedSchema,
} from '../gen/guildwire/ticket/v1/events_pb.js';
import type { Ticket } from '../gen/guildwire/ticket/v1/ticket_pb.js';

/** Ticket content goes to staff and admins, and to the ticket's opener (DESIGN §6). */
const staffAndOpener: Audience<{ ticket?: Ticket | undefined }> = {
  roles: ['staff', 'admin'],
  users: (event) => [event.ticket?.openerId],
};

/** Every ticket event type, one declaration each. */
export const ticketEvents = {
  opened: defineEvent('ticket', 'opened', TicketOpenedSchema, staffAndOpener),
  claimed: defineEvent('ticket', 'claimed', TicketClaimedSchema, staffAndOpener),
  unclaimed: defineEvent('ticket', 'unclaimed', TicketUnclaimedSchema, staffAndOpener),
  assigned: defineEvent('ticket', 'assigned', TicketAssignedSchema, staffAndOpener),
  priorityChanged: defineEvent('ticket', 'priority_changed', TicketPriorityChangedSchema, staffAndOpener),
  updated: defineEvent('ticket', 'updated', TicketUpdatedSchema, staffAndOpener),
  commentAdded: defineEvent('ticket', 'comment_added', TicketCommentAddedSchema, staffAndOpener),
  attachmentAdded: defineEvent('ticket', 'attachment_added', TicketAttachmentAddedSchema, staffAndOpener),
  attachmentRemoved: defineEvent('ticket', 'attachment_removed', TicketAttachmentRemovedSchema, staffAndOpener),
  closed: defineEvent('ticket', 'closed', TicketClosedSchema, staffAndOpener),
  reopened: defineEvent('ticket', 'reopened', TicketReopenedSchema, staffAndOpener),
} as const;
