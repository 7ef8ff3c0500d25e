import { type TicketBlacklistKind, ticketCommands } from '@guildwire/contracts';
import type { FieldChecker } from '@guildwire/errors';
import { limits } from '../domain/limits.js';
import type { Blacklist } from '../use-cases/blacklist.js';
import { blacklistEntryToProto, blacklistKindFromProto } from '../wire/blacklist-proto.js';
import { type TicketCommandSpec, ticketCommand } from './command-spec.js';

function checkTarget(c: FieldChecker, req: { kind: TicketBlacklistKind; targetId: string }) {
  c.check('kind', blacklistKindFromProto(req.kind) !== undefined, 'must be user or role').snowflake(
    'target_id',
    req.targetId,
    { required: true },
  );
}

/** cmd.ticket.blacklist_add, blacklist_remove and blacklist_check: the same use cases as HTTP. */
export function blacklistCommandTable(blacklist: Blacklist): TicketCommandSpec[] {
  return [
    ticketCommand({
      def: ticketCommands.blacklistAdd,
      check: (c, req) => {
        checkTarget(c, req);
        c.text('reason', req.reason, limits.blacklistReason, { required: true });
      },
      run: async (caller, req) => {
        const result = await blacklist.add(
          caller,
          blacklistKindFromProto(req.kind)!,
          req.targetId,
          req.reason,
        );
        return {
          entry: blacklistEntryToProto(result.entry),
          created: result.created,
          changed: result.changed,
        };
      },
    }),
    ticketCommand({
      def: ticketCommands.blacklistRemove,
      check: checkTarget,
      run: async (caller, req) => ({
        entry: blacklistEntryToProto(
          await blacklist.remove(caller, blacklistKindFromProto(req.kind)!, req.targetId),
        ),
      }),
    }),
    ticketCommand({
      def: ticketCommands.blacklistCheck,
      run: async (caller) => {
        const entry = await blacklist.check(caller);
        return entry ? { entry: blacklistEntryToProto(entry) } : {};
      },
    }),
  ];
}
