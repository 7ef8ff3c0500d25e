import type { DescMessage, MessageInitShape, MessageShape } from '@bufbuild/protobuf';
import {
  type CommandDef,
  commandSubject,
  createMessage,
  decodeMessage,
  encodeMessage,
  PayloadDecodeError,
} from '@guildwire/contracts';
import { type Service, type ServiceMsg, Svcm } from '@nats-io/services';
import type { MsgHdrs } from '@nats-io/transport-node';
import type { Logger } from 'pino';
import type { Bus } from '../connection.js';
import { CommandError } from '../errors.js';
import { errorReply } from './reply.js';

/** What a command handler sees besides the request. */
export interface CommandContext {
  readonly subject: string;
  readonly headers: MsgHdrs | undefined;
  readonly logger: Logger;
}

/** Handles one command: returns the reply or throws CommandError for a typed error. */
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

/** A running command service; stop() drains in-flight requests. */
export interface CommandServer {
  stop(): Promise<void>;
}

/**
 * Serves commands in the service's queue group (any replica answers) as a NATS micro service,
 * so `$SRV` discovery and per-endpoint stats work for ops.
 */
export async function serveCommands(
  bus: Bus,
  info: CommandServiceInfo,
  bindings: readonly CommandBinding[],
): Promise<CommandServer> {
  const logger = bus.logger.child({ component: 'commands', service: info.name });
  // @nats-io/services pins a prerelease nats-core; the connection is the same at run time.
  const svcm = new Svcm(bus.nc as unknown as ConstructorParameters<typeof Svcm>[0]);
  const service: Service = await svcm.add({
    name: info.name,
    version: info.version,
    description: info.description ?? '',
    queue: info.name,
  });
  for (const binding of bindings) {
    const subject = commandSubject(binding.def);
    service.addEndpoint(`${binding.def.service}_${binding.def.verb}`, {
      subject: bus.wire(subject),
      handler: (err, msg) => {
        if (err) {
          logger.error({ err, subject }, 'command endpoint failed');
          return;
        }
        void answer(binding, msg, {
          subject,
          headers: msg.headers as MsgHdrs | undefined,
          logger: logger.child({ subject }),
        });
      },
    });
  }
  return {
    async stop() {
      await service.stop();
    },
  };
}

async function answer(binding: CommandBinding, msg: ServiceMsg, ctx: CommandContext): Promise<void> {
  try {
    msg.respond(await binding.handle(msg.data, ctx));
  } catch (err) {
    const reply = describe(err, binding.def, ctx);
    msg.respondError(reply.status, reply.message, reply.payload, { headers: reply.headers as never });
  }
}

function describe(err: unknown, def: CommandDef, ctx: CommandContext) {
  if (err instanceof CommandError) {
    return {
      ...errorReply(err.code, err.message, err.status, err.fieldErrors),
      status: err.status,
      message: err.message,
    };
  }
  if (err instanceof PayloadDecodeError) {
    ctx.logger.warn({ err: err.message }, 'undecodable command request');
    const message = `request is not a valid ${def.request.typeName}`;
    return { ...errorReply('GW_ERR_BAD_REQUEST', message, 400), status: 400, message };
  }
  ctx.logger.error({ err }, 'command handler failed');
  return { ...errorReply('GW_ERR_INTERNAL', 'internal error', 500), status: 500, message: 'internal error' };
}
