import type { FakeDiscordContext } from '../context.js';
import type { ApiCommand, JsonObject } from './types.js';

function toCommand(
  ctx: FakeDiscordContext,
  body: JsonObject,
  id: string,
  guildId: string | undefined,
): ApiCommand {
  const command: ApiCommand = {
    id,
    application_id: ctx.applicationId,
    version: ctx.ids.next(),
    type: typeof body.type === 'number' ? body.type : 1,
    name: String(body.name),
    description: typeof body.description === 'string' ? body.description : '',
    default_member_permissions:
      typeof body.default_member_permissions === 'string' ? body.default_member_permissions : null,
    nsfw: body.nsfw === true,
  };
  if (guildId) command.guild_id = guildId;
  if (Array.isArray(body.options)) command.options = body.options as JsonObject[];
  if (Array.isArray(body.contexts)) command.contexts = body.contexts as number[];
  if (Array.isArray(body.integration_types)) command.integration_types = body.integration_types as number[];
  return command;
}

/** The command map of a scope: global commands, or one guild's. */
export function commandScope(ctx: FakeDiscordContext, guildId: string | undefined): Map<string, ApiCommand> {
  if (!guildId) return ctx.store.globalCommands;
  let scope = ctx.store.guildCommands.get(guildId);
  if (!scope) {
    scope = new Map();
    ctx.store.guildCommands.set(guildId, scope);
  }
  return scope;
}

/**
 * Replaces every command of a scope (bulk overwrite). A command keeps its id when one of the same
 * name and type existed, as on Discord; commands left out are deleted.
 */
export function overwriteCommands(
  ctx: FakeDiscordContext,
  guildId: string | undefined,
  bodies: JsonObject[],
): ApiCommand[] {
  const scope = commandScope(ctx, guildId);
  const previous = [...scope.values()];
  scope.clear();
  return bodies.map((body) => {
    const type = typeof body.type === 'number' ? body.type : 1;
    const existing = previous.find((c) => c.name === body.name && c.type === type);
    const command = toCommand(ctx, body, existing?.id ?? ctx.ids.next(), guildId);
    scope.set(command.id, command);
    return command;
  });
}

/** Creates or replaces (same name and type) one command; `created` tells which. */
export function upsertCommand(
  ctx: FakeDiscordContext,
  guildId: string | undefined,
  body: JsonObject,
): { command: ApiCommand; created: boolean } {
  const scope = commandScope(ctx, guildId);
  const type = typeof body.type === 'number' ? body.type : 1;
  const existing = [...scope.values()].find((c) => c.name === body.name && c.type === type);
  const command = toCommand(ctx, body, existing?.id ?? ctx.ids.next(), guildId);
  scope.set(command.id, command);
  return { command, created: !existing };
}

/** The chat input command named `name` a user in `guildId` can run (guild commands first). */
export function findChatCommand(
  ctx: FakeDiscordContext,
  guildId: string,
  name: string,
): ApiCommand | undefined {
  const all = [...commandScope(ctx, guildId).values(), ...ctx.store.globalCommands.values()];
  return all.find((c) => c.name === name && c.type === 1);
}
