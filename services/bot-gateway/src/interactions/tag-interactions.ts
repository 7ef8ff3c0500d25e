import {
  type API,
  type APIApplicationCommandAutocompleteInteraction,
  type APIChatInputApplicationCommandInteraction,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from '@discordjs/core';
import { CommandRejectedError } from '@guildwire/bus';
import { actorOf } from './actor.js';
import { ticketErrorAnswer, UserFacingError } from './error-answers.js';
import type { Answer } from './responder.js';
import type { InteractionCall, TicketCalls } from './ticket-calls.js';
import type { GuildInteraction, TicketInteractionDeps } from './ticket-interaction-types.js';

/** `/tag name:<autocomplete>`: a staff member posts one of the guild's canned replies in the ticket. */
export const tagSlashCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: 'tag',
  description: "Post one of the server's canned replies in this ticket (staff)",
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'name',
      description: 'The tag',
      required: true,
      autocomplete: true,
      max_length: 32,
    },
  ],
};

const nameOf = (options: { name: string; type: number; value?: unknown }[] | undefined) => {
  const option = options?.find((o) => o.name === 'name');
  return option?.type === ApplicationCommandOptionType.String ? String(option.value ?? '').trim() : '';
};

function tagErrorAnswer(name: string) {
  return (err: unknown): Answer => {
    if (err instanceof CommandRejectedError && err.code === 'TICKET_ERR_TAG_NOT_FOUND')
      return { content: `There is no tag "${name}". Start typing to pick one of this server's tags.` };
    if (err instanceof CommandRejectedError && err.code === 'TICKET_ERR_NO_CHANNEL')
      return { content: "This ticket's thread or channel is not ready yet. Try again in a moment." };
    return ticketErrorAnswer(err);
  };
}

/**
 * `/tag name` in a ticket's thread or channel: the ticket service posts the tag through the reply
 * path (ticket.reply_requested → the bot's message in the ticket), so it is in the conversation and
 * the transcript; the staff member reads an ephemeral confirmation. Staff only (the service decides).
 */
export async function onTagCommand(
  ix: GuildInteraction,
  raw: APIChatInputApplicationCommandInteraction,
  deps: TicketInteractionDeps,
): Promise<void> {
  const name = nameOf(raw.data.options as Parameters<typeof nameOf>[0]);
  return ix.respond.answer(async () => {
    if (!name) throw new UserFacingError('Name the tag to post.');
    const ticketId = await deps.places.ticketOfChannel(ix.channelId);
    if (!ticketId) throw new UserFacingError("/tag works inside a ticket's thread or channel.");
    const { tag } = await deps.calls.useTag(callOf(ix), ticketId, name);
    return { content: `Posting tag "${tag.name}" in this ticket.` };
  }, tagErrorAnswer(name));
}

const callOf = (ix: GuildInteraction): InteractionCall => ({
  guildId: ix.guildId,
  actor: ix.actor,
  interactionId: ix.id,
});

/**
 * Autocomplete of `/tag name`: the guild's tags whose name starts with what is typed (25, Discord's
 * most), each shown with the start of its content. Members (not staff) get none: the service
 * refuses them the list.
 */
export async function answerTagAutocomplete(
  api: API,
  calls: TicketCalls,
  raw: APIApplicationCommandAutocompleteInteraction,
): Promise<void> {
  const actor = actorOf(raw);
  const choices =
    actor && raw.guild_id
      ? await tagChoices(calls, { guildId: raw.guild_id, actor, interactionId: raw.id }, raw)
      : [];
  await api.interactions.createAutocompleteResponse(raw.id, raw.token, { choices });
}

async function tagChoices(
  calls: TicketCalls,
  call: InteractionCall,
  raw: APIApplicationCommandAutocompleteInteraction,
): Promise<{ name: string; value: string }[]> {
  const typed = nameOf(raw.data.options as Parameters<typeof nameOf>[0]);
  try {
    const tags = await calls.tags(call, typed.toLowerCase(), 25);
    return tags.map((t) => ({
      name: `${t.name} — ${t.content.replace(/\s+/g, ' ')}`.slice(0, 100),
      value: t.name,
    }));
  } catch (err) {
    if (err instanceof CommandRejectedError) return [];
    throw err;
  }
}
