import type { FastifyInstance } from 'fastify';
import type { FakeDiscordContext } from '../../context.js';
import { discordErrors } from '../../errors.js';
import { commandScope, overwriteCommands, upsertCommand } from '../../state/commands.js';
import { requireGuild } from '../../state/lookup.js';
import { parseCommand, parseCommands } from '../validation/commands.js';

interface ScopeParams {
  appId: string;
  guildId?: string;
  commandId?: string;
}

/** Application commands, global and per guild: list, bulk overwrite, create, fetch, delete. */
export function registerCommandRoutes(app: FastifyInstance, ctx: FakeDiscordContext): void {
  const scopeOf = (params: ScopeParams) => {
    if (params.appId !== ctx.applicationId) throw discordErrors.unknownApplication();
    if (params.guildId) requireGuild(ctx.store, params.guildId);
    return params.guildId;
  };
  for (const base of ['/applications/:appId/commands', '/applications/:appId/guilds/:guildId/commands']) {
    app.get<{ Params: ScopeParams }>(base, async (request) => [
      ...commandScope(ctx, scopeOf(request.params)).values(),
    ]);
    app.put<{ Params: ScopeParams }>(base, async (request) => {
      const guildId = scopeOf(request.params);
      return overwriteCommands(ctx, guildId, parseCommands(request.body));
    });
    app.post<{ Params: ScopeParams }>(base, async (request, reply) => {
      const guildId = scopeOf(request.params);
      const { command, created } = upsertCommand(ctx, guildId, parseCommand(request.body));
      return reply.code(created ? 201 : 200).send(command);
    });
    app.get<{ Params: ScopeParams }>(`${base}/:commandId`, async (request) => {
      const command = commandScope(ctx, scopeOf(request.params)).get(request.params.commandId ?? '');
      if (!command) throw discordErrors.unknownCommand();
      return command;
    });
    app.delete<{ Params: ScopeParams }>(`${base}/:commandId`, async (request, reply) => {
      const scope = commandScope(ctx, scopeOf(request.params));
      if (!scope.delete(request.params.commandId ?? '')) throw discordErrors.unknownCommand();
      return reply.code(204).send();
    });
  }
}
