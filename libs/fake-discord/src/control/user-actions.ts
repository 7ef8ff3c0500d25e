import type { FakeDiscordContext } from '../context.js';
import { findChatCommand } from '../state/commands.js';
import { InteractionType, openInteraction } from '../state/interactions.js';
import { requireChannel, requireGuild } from '../state/lookup.js';
import type { ApiMessage, InteractionRecord, JsonObject } from '../state/types.js';
import { ControlUsageError } from './errors.js';
import { autocompleteData, commandData, type OptionValue } from './slash-options.js';

/** A user running a registered slash command in a channel. */
export interface SlashCommandAction {
  channelId: string;
  userId: string;
  name: string;
  subcommand?: string;
  options?: Record<string, OptionValue>;
}

/** A user typing in an autocomplete option of a registered slash command. */
export interface AutocompleteAction {
  channelId: string;
  userId: string;
  name: string;
  subcommand?: string;
  /** The options typed so far (as text), including the focused one. */
  options: Record<string, string>;
  /** The option being typed. */
  focused: string;
}

/** A user clicking a button, or choosing values in a select menu, of a message. */
export interface ComponentAction {
  messageId: string;
  customId: string;
  userId: string;
  /** Chosen values, for select menus. */
  values?: string[];
}

/** A user submitting the modal the bot showed in answer to `interactionId`. */
export interface ModalAction {
  interactionId: string;
  /** Text input values by custom_id. */
  values: Record<string, string>;
}

function findComponent(components: unknown[], customId: string): JsonObject | undefined {
  for (const raw of components) {
    const component = raw as JsonObject;
    if (component.custom_id === customId) return component;
    const nested = [
      ...((component.components as unknown[] | undefined) ?? []),
      ...(component.accessory ? [component.accessory] : []),
    ];
    const found = findComponent(nested, customId);
    if (found) return found;
  }
  return undefined;
}

/** Runs a slash command the bot registered (guild or global), as a user would. */
export function runSlashCommand(ctx: FakeDiscordContext, action: SlashCommandAction): InteractionRecord {
  const channel = requireChannel(ctx.store, action.channelId);
  const guild = requireGuild(ctx.store, channel.guild_id);
  const command = findChatCommand(ctx, guild.id, action.name);
  if (!command) throw new ControlUsageError(`the bot has not registered /${action.name}`);
  const data = commandData(ctx, guild, command, action.options ?? {}, action.subcommand);
  return openInteraction(ctx, {
    type: InteractionType.ApplicationCommand,
    guildId: guild.id,
    channelId: channel.id,
    userId: action.userId,
    data,
  });
}

/** Types in an autocomplete option: an APPLICATION_COMMAND_AUTOCOMPLETE interaction (answered with type 8). */
export function autocomplete(ctx: FakeDiscordContext, action: AutocompleteAction): InteractionRecord {
  const channel = requireChannel(ctx.store, action.channelId);
  const guild = requireGuild(ctx.store, channel.guild_id);
  const command = findChatCommand(ctx, guild.id, action.name);
  if (!command) throw new ControlUsageError(`the bot has not registered /${action.name}`);
  return openInteraction(ctx, {
    type: InteractionType.ApplicationCommandAutocomplete,
    guildId: guild.id,
    channelId: channel.id,
    userId: action.userId,
    data: autocompleteData(guild, command, action.options, action.focused, action.subcommand),
  });
}

/** Clicks a button or uses a select menu on a message; it must exist there and be enabled. */
export function useComponent(ctx: FakeDiscordContext, action: ComponentAction): InteractionRecord {
  const message: ApiMessage | undefined = ctx.store.messages.get(action.messageId);
  if (!message) throw new ControlUsageError(`no message ${action.messageId}`);
  const component = findComponent(message.components, action.customId);
  if (!component) throw new ControlUsageError(`message ${message.id} has no component ${action.customId}`);
  if (component.disabled === true) throw new ControlUsageError(`component ${action.customId} is disabled`);
  const data: JsonObject = { custom_id: action.customId, component_type: component.type };
  if (component.type !== 2) data.values = action.values ?? [];
  return openInteraction(ctx, {
    type: InteractionType.MessageComponent,
    guildId: message.guild_id ?? '',
    channelId: message.channel_id,
    userId: action.userId,
    data,
    message,
  });
}

function submittedComponents(modal: JsonObject, values: Record<string, string>): JsonObject[] {
  const input = (c: JsonObject) => {
    const id = String(c.custom_id);
    if (c.required !== false && values[id] === undefined)
      throw new ControlUsageError(`modal needs a value for ${id}`);
    return { type: c.type, id: c.id, custom_id: id, value: values[id] ?? '' };
  };
  return ((modal.components as JsonObject[] | undefined) ?? []).map((row) =>
    row.type === 18
      ? { type: 18, id: row.id, component: input(row.component as JsonObject) }
      : { type: 1, id: row.id, components: ((row.components as JsonObject[] | undefined) ?? []).map(input) },
  );
}

/** Submits the modal the bot opened (callback type 9) with the given values. */
export function submitModal(ctx: FakeDiscordContext, action: ModalAction): InteractionRecord {
  const opener = ctx.store.interactions.get(action.interactionId);
  const modal = opener?.callback?.type === 9 ? opener.callback.data : undefined;
  if (!opener || !modal)
    throw new ControlUsageError(`interaction ${action.interactionId} did not open a modal`);
  const message = opener.sourceMessageId ? ctx.store.messages.get(opener.sourceMessageId) : undefined;
  return openInteraction(ctx, {
    type: InteractionType.ModalSubmit,
    guildId: opener.guildId,
    channelId: opener.channelId,
    userId: opener.userId,
    data: { custom_id: modal.custom_id, components: submittedComponents(modal, action.values) },
    ...(message ? { message } : {}),
  });
}
