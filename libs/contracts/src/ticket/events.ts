import {
  TicketAssignedJson,
  TicketAttachmentAddedJson,
  TicketAttachmentRemovedJson,
  TicketBlacklistAddedJson,
  TicketBlacklistRemovedJson,
  TicketClaimedJson,
  TicketClosedJson,
  TicketCloseRequestDeclinedJson,
  TicketCloseRequestedJson,
  TicketCommentAddedJson,
  TicketFeedbackSubmittedJson,
  TicketMemberAddedJson,
  TicketMemberRemovedJson,
  TicketMessageDeletedJson,
  TicketMessageEditedJson,
  TicketMessageFailedJson,
  TicketMessagePostedJson,
  TicketMovedJson,
  TicketOpenedJson,
  TicketPanelCreatedJson,
  TicketPanelDeletedJson,
  TicketPanelSendRequestedJson,
  TicketPanelUpdatedJson,
  TicketPriorityChangedJson,
  TicketReopenedJson,
  TicketReplyRequestedJson,
  TicketTagCreatedJson,
  TicketTagDeletedJson,
  TicketTagUpdatedJson,
  TicketTransferredJson,
  TicketUnclaimedJson,
  TicketUpdatedJson,
} from '../gen/guildwire/ticket/v1/events_json.js';
import type { Ticket } from '../gen/guildwire/ticket/v1/ticket_pb.js';
import { type Audience, staffOnly } from '../registry/audience.js';
import { defineEvent } from '../registry/define-event.js';

/** Ticket content goes to staff and admins, and to the ticket's opener (docs/design.md, Auth). */
const staffAndOpener: Audience<{ ticket?: Ticket | undefined }> = {
  roles: ['staff', 'admin'],
  users: (event) => [event.ticket?.openerId],
};

/** Conversation events carry the ticket's id and opener instead of the whole ticket: same audience. */
const conversationAudience: Audience<{ openerId: string }> = {
  roles: ['staff', 'admin'],
  users: (event) => [event.openerId],
};

/** Every ticket event type, one declaration each. */
export const ticketEvents = {
  opened: defineEvent('ticket', 'opened', TicketOpenedJson, staffAndOpener),
  claimed: defineEvent('ticket', 'claimed', TicketClaimedJson, staffAndOpener),
  unclaimed: defineEvent('ticket', 'unclaimed', TicketUnclaimedJson, staffAndOpener),
  assigned: defineEvent('ticket', 'assigned', TicketAssignedJson, staffAndOpener),
  priorityChanged: defineEvent('ticket', 'priority_changed', TicketPriorityChangedJson, staffAndOpener),
  updated: defineEvent('ticket', 'updated', TicketUpdatedJson, staffAndOpener),
  moved: defineEvent('ticket', 'moved', TicketMovedJson, staffAndOpener),
  commentAdded: defineEvent('ticket', 'comment_added', TicketCommentAddedJson, staffAndOpener),
  attachmentAdded: defineEvent('ticket', 'attachment_added', TicketAttachmentAddedJson, staffAndOpener),
  attachmentRemoved: defineEvent('ticket', 'attachment_removed', TicketAttachmentRemovedJson, staffAndOpener),
  closed: defineEvent('ticket', 'closed', TicketClosedJson, staffAndOpener),
  reopened: defineEvent('ticket', 'reopened', TicketReopenedJson, staffAndOpener),
  closeRequested: defineEvent('ticket', 'close_requested', TicketCloseRequestedJson, staffAndOpener),
  closeRequestDeclined: defineEvent(
    'ticket',
    'close_request_declined',
    TicketCloseRequestDeclinedJson,
    staffAndOpener,
  ),
  memberAdded: defineEvent('ticket', 'member_added', TicketMemberAddedJson, staffAndOpener),
  memberRemoved: defineEvent('ticket', 'member_removed', TicketMemberRemovedJson, staffAndOpener),
  transferred: defineEvent('ticket', 'transferred', TicketTransferredJson, staffAndOpener),
  // The conversation in the ticket's Discord thread or channel, and replies written on the dashboard.
  messagePosted: defineEvent('ticket', 'message_posted', TicketMessagePostedJson, conversationAudience),
  messageEdited: defineEvent('ticket', 'message_edited', TicketMessageEditedJson, conversationAudience),
  messageDeleted: defineEvent('ticket', 'message_deleted', TicketMessageDeletedJson, conversationAudience),
  replyRequested: defineEvent('ticket', 'reply_requested', TicketReplyRequestedJson, conversationAudience),
  messageFailed: defineEvent('ticket', 'message_failed', TicketMessageFailedJson, conversationAudience),
  // Panels are guild configuration: moderators see them change, members see the posted message.
  panelCreated: defineEvent('ticket', 'panel_created', TicketPanelCreatedJson, staffOnly),
  panelUpdated: defineEvent('ticket', 'panel_updated', TicketPanelUpdatedJson, staffOnly),
  panelDeleted: defineEvent('ticket', 'panel_deleted', TicketPanelDeletedJson, staffOnly),
  panelSendRequested: defineEvent('ticket', 'panel_send_requested', TicketPanelSendRequestedJson, staffOnly),
  // Tags (canned replies) are guild configuration too: staff use them, members never see the list.
  tagCreated: defineEvent('ticket', 'tag_created', TicketTagCreatedJson, staffOnly),
  tagUpdated: defineEvent('ticket', 'tag_updated', TicketTagUpdatedJson, staffOnly),
  tagDeleted: defineEvent('ticket', 'tag_deleted', TicketTagDeletedJson, staffOnly),
  // The blacklist is moderation: staff see it change; the refused user learns the reason on opening.
  blacklistAdded: defineEvent('ticket', 'blacklist_added', TicketBlacklistAddedJson, staffOnly),
  blacklistRemoved: defineEvent('ticket', 'blacklist_removed', TicketBlacklistRemovedJson, staffOnly),
  // The opener rated the closed ticket (once per ticket).
  feedbackSubmitted: defineEvent('ticket', 'feedback_submitted', TicketFeedbackSubmittedJson, staffAndOpener),
} as const;
