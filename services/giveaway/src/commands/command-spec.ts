import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { bindCommand, type CommandBinding } from '@guildwire/bus';
import type { CommandDef } from '@guildwire/contracts';
import { type FieldChecker, fieldChecker, isGuildwireError, validationError } from '@guildwire/errors';
import type { Caller } from '../domain/giveaway.js';
import type { GiveawaySettingsSource } from '../domain/settings.js';
import { type CommandEnvelope, checkEnvelope, commandCaller } from './command-caller.js';

/** One `cmd.giveaway.*` command: its definition, its field checks and what it runs. */
export interface GiveawayCommandSpec<
  Req extends DescMessage = DescMessage,
  Res extends DescMessage = DescMessage,
> {
  readonly def: CommandDef<Req, Res>;
  /** Field checks beyond the envelope (guild and actor); every error is reported at once. */
  readonly check?: (check: FieldChecker, request: MessageShape<Req>) => void;
  readonly run: (caller: Caller, request: MessageShape<Req>) => Promise<MessageInitShape<Res>>;
}

/** Declares one command; a wrong request or reply type for `def` does not compile. */
export function giveawayCommand<Req extends DescMessage, Res extends DescMessage>(
  spec: GiveawayCommandSpec<Req, Res>,
): GiveawayCommandSpec {
  return spec as unknown as GiveawayCommandSpec;
}

const snake = (pointer: string) => pointer.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * The domain names fields as the HTTP bodies do (`/winnerCount`); a NATS request names them as its
 * proto does (`/winner_count`). Field errors are renamed on the way out.
 */
function protoFieldNames(err: unknown): unknown {
  if (!isGuildwireError(err) || err.code !== 'GW_ERR_VALIDATION' || !Array.isArray(err.details)) return err;
  return validationError(
    err.details.map((d: { field: string; message: string }) => ({ ...d, field: snake(d.field) })),
  );
}

/**
 * Binds a table of commands to the bus, each the same way: check the envelope and the fields
 * together, derive the caller, run. Errors are Guildwire errors; the command server answers them
 * with their code and status, as the HTTP API does.
 */
export function bindGiveawayCommands(
  specs: readonly GiveawayCommandSpec[],
  settings: GiveawaySettingsSource,
): CommandBinding[] {
  return specs.map((spec) =>
    bindCommand(spec.def, async (request) => {
      const check = fieldChecker();
      checkEnvelope(check, request as unknown as CommandEnvelope);
      spec.check?.(check, request);
      check.done();
      try {
        return await spec.run(await commandCaller(request as unknown as CommandEnvelope, settings), request);
      } catch (err) {
        throw protoFieldNames(err);
      }
    }),
  );
}
