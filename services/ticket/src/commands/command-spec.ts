import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { bindCommand, type CommandBinding } from '@guildwire/bus';
import type { CommandDef } from '@guildwire/contracts';
import { type FieldChecker, fieldChecker } from '@guildwire/errors';
import type { TicketSettingsSource } from '../domain/settings.js';
import type { Caller } from '../domain/ticket.js';
import { type CommandEnvelope, checkEnvelope, commandCaller } from './command-caller.js';

/** One `cmd.ticket.*` command: its definition, its field checks and what it runs. */
export interface TicketCommandSpec<
  Req extends DescMessage = DescMessage,
  Res extends DescMessage = DescMessage,
> {
  readonly def: CommandDef<Req, Res>;
  /** Field checks beyond the envelope (guild and actor); every error is reported at once. */
  readonly check?: (check: FieldChecker, request: MessageShape<Req>) => void;
  readonly run: (caller: Caller, request: MessageShape<Req>) => Promise<MessageInitShape<Res>>;
}

/** Declares one command; a wrong request or reply type for `def` does not compile. */
export function ticketCommand<Req extends DescMessage, Res extends DescMessage>(
  spec: TicketCommandSpec<Req, Res>,
): TicketCommandSpec {
  return spec as unknown as TicketCommandSpec;
}

/**
 * Binds a table of commands to the bus, each the same way: check the envelope and the fields
 * together, derive the caller, run. Errors are Guildwire errors; the command server answers them
 * with their code and status, as the HTTP API does.
 */
export function bindTicketCommands(
  specs: readonly TicketCommandSpec[],
  settings: TicketSettingsSource,
): CommandBinding[] {
  return specs.map((spec) =>
    bindCommand(spec.def, async (request) => {
      const check = fieldChecker();
      checkEnvelope(check, request as unknown as CommandEnvelope);
      spec.check?.(check, request);
      check.done();
      return spec.run(await commandCaller(request as unknown as CommandEnvelope, settings), request);
    }),
  );
}
