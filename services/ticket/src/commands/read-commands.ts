import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { ticketCommands } from '@guildwire/contracts';
import type { TicketSettingsSource } from '../domain/settings.js';
import { fieldChecker } from '../domain/validation.js';
import type { PanelOperations } from '../operations/panel-operations.js';
import type { TicketQueries } from '../operations/ticket-queries.js';
import { attachmentToProto, commentToProto, panelToProto, ticketToProto } from '../operations/to-proto.js';
import { asCommand, commandCaller } from './command-caller.js';

/** `cmd.ticket.get` (one ticket with comments and attachments) and `cmd.ticket.panel_sent`. */
export function readAndPanelCommandBindings(
  queries: TicketQueries,
  panels: PanelOperations,
  settings: TicketSettingsSource,
): CommandBinding[] {
  return [
    bindCommand(ticketCommands.get, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        const check = fieldChecker();
        check.uuid('ticket_id', req.ticketId);
        check.check('ticket_id', req.ticketId !== '' || req.number > 0, 'ticket_id or number is required');
        check.done();
        const details = await queries.get(
          caller,
          req.ticketId ? { id: req.ticketId } : { number: req.number },
        );
        return {
          ticket: ticketToProto(details.ticket),
          comments: details.comments.map(commentToProto),
          attachments: details.attachments.map(attachmentToProto),
        };
      }),
    ),
    bindCommand(ticketCommands.panelSent, (req) =>
      asCommand(async () => {
        const caller = await commandCaller(req, settings);
        const check = fieldChecker();
        check.uuid('panel_id', req.panelId, { required: true });
        check.snowflake('channel_id', req.channelId, { required: true });
        check.snowflake('message_id', req.messageId, { required: true });
        check.done();
        return {
          panel: panelToProto(await panels.markSent(caller, req.panelId, req.channelId, req.messageId)),
        };
      }),
    ),
  ];
}
