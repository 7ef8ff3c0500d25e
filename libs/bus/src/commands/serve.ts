import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  type CommandDef,
  commandSubject,
  createMessage,
  decodeMessage,
  encodeMessage,
  PayloadDecodeError,
} from '@guildwire/contracts';
import { errorCodes, type GuildwireError, isGuildwireError } from '@guildwire/errors';
import { type Service, type ServiceMsg, Svcm } from '@nats-io/services';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { errorReply } from './reply.js';

/** What a command handler sees besides the request. */
export interface CommandContext {
  readonly subject: string;
  readonly headers: MsgHdrs | undefined;
  readonly logger: Logger;
}

/** Handles one command: returns the reply or throws a Guildwire error (defineError) for a typed error. */
export type CommandHandler<Req extends DescMessage, Res extends DescMessage> = (
  request: MessageShape<Req>,
  ctx: CommandContext,
) => Promise<MessageInitShape<Res>>;

/** A command definition paired with its handler. */
export interface CommandBinding {
  readonly def: CommandDef;
  readonly handle: (data: Uint8Array, ctx: CommandContext) => Promise<Uint8Array>;
}

/** Pairs a definition with a handler; a wrong request or reply type does not compile. */
export function bindCommand<Req extends DescMessage, Res extends DescMessage>(
  def: CommandDef<Req, Res>,
  handler: CommandHandler<Req, Res>,
): CommandBinding {
  return {
    def,
    async handle(data, ctx) {
      const request = decodeMessage(def.request, data);
      const reply = await handler(request, ctx);
      return encodeMessage(def.response, createMessage(def.response, reply));
    },
  };
}

/** Identity of the service as NATS micro discovery ($SRV.INFO, $SRV.STATS) shows it. */
export interface CommandServiceInfo {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
}

/** How one command was answered: `code` is undefined for a success (metrics, logs). */
export interface CommandOutcome {
  readonly def: CommandDef;
  readonly code: string | undefined;
  readonly durationMs: number;
}

/** Options of a command server. */
export interface ServeOptions {
  /** Called once per answered request. */
  readonly onAnswered?: (outcome: CommandOutcome) => void;
}

/** A running command service; stop() stops taking requests and waits for those in hand. */
export interface CommandServer {
  stop(): Promise<void>;
}

/**
 * Serves commands in the service's queue group (any replica answers) as a NATS micro service, so
 * `$SRV` discovery and per-endpoint stats work for ops. A handler's Guildwire error is answered as a
 * typed error with its code, status and details — the same vocabulary as the HTTP API.
 */
export async function serveCommands(
  bus: Bus,
  info: CommandServiceInfo,
  bindings: readonly CommandBinding[],
  options: ServeOptions = {},
): Promise<CommandServer> {
  const logger = bus.logger.child({ component: 'commands', service: info.name });
  const service: Service = await new Svcm(bus.nc).add({
    name: info.name,
    version: info.version,
    description: info.description ?? '',
    queue: info.name,
  });
  const inFlight = new Set<Promise<void>>();
  for (const binding of bindings) {
    const subject = commandSubject(binding.def);
    const ctxLogger = logger.child({ subject });
    service.addEndpoint(`${binding.def.service}_${binding.def.verb}`, {
      subject: bus.wire(subject),
      handler: (err, msg) => {
        if (err) {
          logger.error({ err, subject }, 'command endpoint failed');
          return;
        }
        const ctx = { subject, headers: msg.headers as MsgHdrs | undefined, logger: ctxLogger };
        const answering = answer(binding, msg, ctx, options.onAnswered).finally(() =>
          inFlight.delete(answering),
        );
        inFlight.add(answering);
      },
    });
  }
  // The server has the endpoints' subscriptions once this round trip is back: a request sent after
  // serveCommands resolves (a replica reported ready) finds a responder.
  await bus.nc.flush();
  return {
    async stop() {
      await service.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}

async function answer(
  binding: CommandBinding,
  msg: ServiceMsg,
  ctx: CommandContext,
  onAnswered: ServeOptions['onAnswered'],
): Promise<void> {
  const started = performance.now();
  let code: string | undefined;
  try {
    msg.respond(await binding.handle(msg.data, ctx));
  } catch (thrown) {
    const err = classify(thrown, binding.def, ctx);
    code = err.code;
    const reply = errorReply(err);
    msg.respondError(err.statusCode, err.message, reply.payload, { headers: reply.headers });
  }
  onAnswered?.({ def: binding.def, code, durationMs: performance.now() - started });
}

function classify(err: unknown, def: CommandDef, ctx: CommandContext): GuildwireError {
  if (isGuildwireError(err)) {
    if (err.statusCode >= 500) ctx.logger.error({ err }, 'command failed');
    return err;
  }
  if (err instanceof PayloadDecodeError) {
    ctx.logger.warn({ err: err.message }, 'undecodable command request');
    return new errorCodes.GW_ERR_BAD_REQUEST(`request is not a valid ${def.request.typeName}`);
  }
  ctx.logger.error({ err }, 'command handler failed');
  return new errorCodes.GW_ERR_INTERNAL();
}
