import {
  type API,
  type APIApplicationCommandAutocompleteInteraction,
  ApplicationCommandOptionType,
} from '@discordjs/core';
import type { SettingsClient } from '@guildwire/settings-client';
import { categoryChoices } from './ticket-category-interactions.js';

/** The option being typed in an autocomplete interaction (Discord marks it `focused`). */
function focusedOption(raw: APIApplicationCommandAutocompleteInteraction) {
  for (const sub of raw.data.options ?? []) {
    if (sub.type !== ApplicationCommandOptionType.Subcommand) continue;
    const option = sub.options?.find((o) => 'focused' in o && o.focused);
    if (option) return { subcommand: sub.name, name: option.name, value: String(option.value ?? '') };
  }
  return undefined;
}

/**
 * Autocomplete of `/ticket`: `open category` and `move category` list the guild's ticket categories matching what is
 * typed. Anything else gets no choices (Discord then shows none).
 */
export async function answerTicketAutocomplete(
  api: API,
  settings: SettingsClient,
  raw: APIApplicationCommandAutocompleteInteraction,
): Promise<void> {
  const focused = focusedOption(raw);
  const choices =
    (focused?.subcommand === 'move' || focused?.subcommand === 'open') &&
    focused.name === 'category' &&
    raw.guild_id
      ? categoryChoices((await settings.get(raw.guild_id, 'tickets')).settings, focused.value)
      : [];
  await api.interactions.createAutocompleteResponse(raw.id, raw.token, { choices });
}
