import type { DescMessage } from '@bufbuild/protobuf';

/** One request/reply command served by a service on `cmd.<service>.<verb>`. */
export interface CommandDef<Req extends DescMessage = DescMessage, Res extends DescMessage = DescMessage> {
  readonly service: string;
  readonly verb: string;
  readonly request: Req;
  readonly response: Res;
}

const token = /^[a-z][a-z0-9_]*$/;

/** Declares a command; service and verb must be lower-case subject tokens. */
export function defineCommand<Req extends DescMessage, Res extends DescMessage>(
  service: string,
  verb: string,
  request: Req,
  response: Res,
): CommandDef<Req, Res> {
  if (!token.test(service) || !token.test(verb)) throw new Error(`bad command name ${service}.${verb}`);
  return Object.freeze({ service, verb, request, response });
}
