import {
  TicketAssignedSchema,
  TicketAttachmentAddedSchema,
  TicketAttachmentRemovedSchema,
  TicketClaimedSchema,
  TicketClosedSchema,
  TicketCloseRequestDeclinedSchema,
  TicketCloseRequestedSchema,
  TicketCommentAddedSchema,
  TicketOpenedSchema,
  TicketPanelCreatedSchema,
  TicketPanelDeletedSchema,
  TicketPanelSendRequestedSchema,
  TicketPanelUpdatedSchema,
  TicketPriorityChangedSchema,
  TicketReopenedSchema,
  TicketUnclaimedSchema,
  TicketUpdatedSchema,
} from '../gen/guildwire/ticket/v1/events_pb.js';
import type { Ticket } from '../gen/guildwire/ticket/v1/ticket_pb.js';
import { type Audience, staffOnly } from '../registry/audience.js';
import { defineEvent } from '../registry/define-event.js';

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
  attachmentRemoved: defineEvent(
    'ticket',
    'attachment_removed',
    TicketAttachmentRemovedSchema,
    staffAndOpener,
  ),
  closed: defineEvent('ticket', 'closed', TicketClosedSchema, staffAndOpener),
  reopened: defineEvent('ticket', 'reopened', TicketReopenedSchema, staffAndOpener),
  closeRequested: defineEvent('ticket', 'close_requested', TicketCloseRequestedSchema, staffAndOpener),
  closeRequestDeclined: defineEvent(
    'ticket',
    'close_request_declined',
    TicketCloseRequestDeclinedSchema,
    staffAndOpener,
  ),
  // Panels are guild configuration: moderators see them change, members see the posted message.
  panelCreated: defineEvent('ticket', 'panel_created', TicketPanelCreatedSchema, staffOnly),
  panelUpdated: defineEvent('ticket', 'panel_updated', TicketPanelUpdatedSchema, staffOnly),
  panelDeleted: defineEvent('ticket', 'panel_deleted', TicketPanelDeletedSchema, staffOnly),
  panelSendRequested: defineEvent(
    'ticket',
    'panel_send_requested',
    TicketPanelSendRequestedSchema,
    staffOnly,
  ),
} as const;
