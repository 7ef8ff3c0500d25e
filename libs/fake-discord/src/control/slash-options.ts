import type { FakeDiscordContext } from '../context.js';
import type { GuildRecord } from '../state/store.js';
import type { ApiCommand, JsonObject } from '../state/types.js';
import { ControlUsageError } from './errors.js';

/** A value given to a slash command option (ids for user, channel and role options). */
export type OptionValue = string | number | boolean;

/** Option types (docs: "Application Command Option Type"). */
const OptionType = { SubCommand: 1, SubCommandGroup: 2, User: 6, Channel: 7, Role: 8 } as const;

function definitionsOf(
  command: ApiCommand,
  subcommand: string | undefined,
): { defs: JsonObject[]; wrap?: string } {
  const top = command.options ?? [];
  if (!subcommand) return { defs: top };
  const sub = top.find((o) => o.name === subcommand && o.type === OptionType.SubCommand);
  if (!sub) throw new ControlUsageError(`/${command.name} has no subcommand ${subcommand}`);
  return { defs: (sub.options as JsonObject[] | undefined) ?? [], wrap: subcommand };
}

/**
 * Builds an application command's `data` as Discord sends it: typed options checked against the
 * registered definition (unknown or missing required options are a usage error) and `resolved`
 * users, members, channels and roles for id options.
 */
export function commandData(
  ctx: FakeDiscordContext,
  guild: GuildRecord,
  command: ApiCommand,
  values: Record<string, OptionValue>,
  subcommand: string | undefined,
): JsonObject {
  const { defs, wrap } = definitionsOf(command, subcommand);
  const resolved: Record<string, Record<string, unknown>> = {};
  const add = (kind: string, id: string, value: unknown) => {
    resolved[kind] = { ...(resolved[kind] ?? {}), [id]: value };
  };
  for (const def of defs) {
    if (def.required === true && values[String(def.name)] === undefined) {
      throw new ControlUsageError(`/${command.name} needs option ${String(def.name)}`);
    }
  }
  const options = Object.entries(values).map(([name, value]) => {
    const def = defs.find((d) => d.name === name);
    if (!def) throw new ControlUsageError(`/${command.name} has no option ${name}`);
    const id = String(value);
    if (def.type === OptionType.User) {
      add('users', id, ctx.store.users.get(id));
      const member = guild.members.get(id);
      if (member)
        add('members', id, {
          roles: member.roles,
          nick: member.nick,
          joined_at: member.joined_at,
          permissions: '0',
        });
    }
    if (def.type === OptionType.Channel) add('channels', id, ctx.store.channels.get(id));
    if (def.type === OptionType.Role) add('roles', id, guild.roles.get(id));
    return { name, type: def.type, value };
  });
  const data: JsonObject = {
    id: command.id,
    name: command.name,
    type: 1,
    guild_id: guild.id,
    options: wrap ? [{ name: wrap, type: OptionType.SubCommand, options }] : options,
  };
  if (Object.keys(resolved).length > 0) data.resolved = resolved;
  return data;
}

/**
 * The `data` of an autocomplete interaction: the options typed so far as strings, as Discord sends
 * them while the user types (required ones may be missing), the one being typed marked `focused`.
 */
export function autocompleteData(
  guild: GuildRecord,
  command: ApiCommand,
  values: Record<string, string>,
  focused: string,
  subcommand: string | undefined,
): JsonObject {
  const { defs, wrap } = definitionsOf(command, subcommand);
  const def = defs.find((d) => d.name === focused);
  if (!def || def.autocomplete !== true)
    throw new ControlUsageError(`/${command.name} option ${focused} has no autocomplete`);
  const options = Object.entries(values).map(([name, value]) => {
    const option = defs.find((d) => d.name === name);
    if (!option) throw new ControlUsageError(`/${command.name} has no option ${name}`);
    return { name, type: option.type, value, ...(name === focused ? { focused: true } : {}) };
  });
  return {
    id: command.id,
    name: command.name,
    type: 1,
    guild_id: guild.id,
    options: wrap ? [{ name: wrap, type: OptionType.SubCommand, options }] : options,
  };
}
