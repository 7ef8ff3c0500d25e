import type { DescMessage, JsonObject, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import { bindCommand, type CommandBinding } from '@guildwire/bus';
import { type CommandDef, configCommands } from '@guildwire/contracts';
import { type FieldChecker, fieldChecker } from '@guildwire/errors';
import type { Caller } from '../domain/caller.js';
import type { ConfigUseCases } from '../use-cases/config-use-cases.js';
import { maxReasonLength } from '../use-cases/settings-changes.js';
import { moduleInfoToProto, settingsReplyToProto, settingsVersionToProto } from '../wire/to-proto.js';
import { type CommandEnvelope, checkEnvelope, commandCaller } from './command-caller.js';

/** One guild command: its definition, its field checks beyond the envelope, and what it runs. */
interface GuildCommandSpec<Req extends DescMessage = DescMessage, Res extends DescMessage = DescMessage> {
  readonly def: CommandDef<Req, Res>;
  readonly check?: (check: FieldChecker, request: MessageShape<Req>) => void;
  readonly run: (caller: Caller, request: MessageShape<Req>) => Promise<MessageInitShape<Res>>;
}

/**
 * Binds a guild command: envelope and fields checked together (every error at once), the caller
 * derived, the use case run. Its errors are the use cases' Guildwire errors; the command server
 * answers them with their code and status, as the HTTP API does. An undecodable request never
 * reaches `run`: the bus answers it with a typed GW_ERR_BAD_REQUEST.
 */
function guildCommand<Req extends DescMessage, Res extends DescMessage>(
  spec: GuildCommandSpec<Req, Res>,
): CommandBinding {
  return bindCommand(spec.def, async (request) => {
    const check = fieldChecker();
    checkEnvelope(check, request as unknown as CommandEnvelope);
    spec.check?.(check, request);
    check.done();
    return spec.run(commandCaller(request as unknown as CommandEnvelope), request);
  });
}

/** What every write carries: the version seen (absent → 428), idempotency key, reason. */
function writeOptions(request: {
  readonly expectedVersion?: number | undefined;
  readonly idempotencyKey: string;
  readonly reason: string;
}) {
  return {
    expectedVersion: request.expectedVersion,
    idempotencyKey: request.idempotencyKey || undefined,
    reason: request.reason,
  };
}

const checkWrite = (c: FieldChecker, request: { idempotencyKey: string; reason: string }) =>
  c.text('idempotency_key', request.idempotencyKey, 200).text('reason', request.reason, maxReasonLength);

/** Every `cmd.config.*` command, one entry each, over the same use cases as the HTTP routes. */
export function configCommandBindings({ queries, changes }: ConfigUseCases): CommandBinding[] {
  return [
    // Module declarations are not guild data: no envelope.
    bindCommand(configCommands.listModules, async () => ({
      modules: queries.modules().map(moduleInfoToProto),
    })),
    guildCommand({
      def: configCommands.get,
      run: async (caller, req) =>
        settingsReplyToProto({ state: await queries.get(caller, req.module), replayed: false }),
    }),
    guildCommand({
      def: configCommands.update,
      check: checkWrite,
      run: async (caller, req) =>
        settingsReplyToProto(
          await changes.update(
            caller,
            req.module,
            (req.settings ?? {}) as JsonObject,
            { patch: req.patch },
            writeOptions(req),
          ),
        ),
    }),
    guildCommand({
      def: configCommands.reset,
      check: checkWrite,
      run: async (caller, req) =>
        settingsReplyToProto(await changes.reset(caller, req.module, writeOptions(req))),
    }),
    guildCommand({
      def: configCommands.rollback,
      check: (c, req) => checkWrite(c, req).check('to_version', req.toVersion > 0, 'is required'),
      run: async (caller, req) =>
        settingsReplyToProto(await changes.rollback(caller, req.module, req.toVersion, writeOptions(req))),
    }),
    guildCommand({
      def: configCommands.history,
      check: (c, req) => c.text('cursor', req.cursor, 32),
      run: async (caller, req) => {
        const page = await queries.history(caller, req.module, {
          cursor: req.cursor,
          limit: req.limit || 20,
        });
        return { versions: page.versions.map(settingsVersionToProto), nextCursor: page.nextCursor ?? '' };
      },
    }),
    guildCommand({
      def: configCommands.getVersion,
      check: (c, req) => c.check('version', req.version > 0, 'is required'),
      run: async (caller, req) => ({
        version: settingsVersionToProto(await queries.version(caller, req.module, req.version)),
      }),
    }),
  ];
}
