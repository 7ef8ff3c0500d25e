import type { API, RESTPutAPIApplicationCommandsJSONBody } from '@discordjs/core';
import { ApplicationCommandOptionType, ApplicationCommandType } from '@discordjs/core';
import { giveawaySlashCommand } from './giveaway-slash-command.js';
import { tagSlashCommand } from './tag-interactions.js';
import { ticketFieldLimits } from './ticket-modals.js';

/** The bot's slash commands, registered globally (one bulk overwrite: idempotent across replicas). */
export const slashCommands: RESTPutAPIApplicationCommandsJSONBody = [
  {
    type: ApplicationCommandType.ChatInput,
    name: 'ticket',
    description: 'Support tickets',
    options: [
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'open',
        description: 'Open a ticket',
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'subject',
            description: 'What it is about (a category with questions asks them instead)',
            required: false,
            max_length: ticketFieldLimits.subject,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'description',
            description: 'Details',
            required: false,
            max_length: ticketFieldLimits.description,
          },
          {
            type: ApplicationCommandOptionType.String,
            name: 'category',
            description: 'The category (its name or id); default: the general one',
            required: false,
            autocomplete: true,
            max_length: 80,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'close',
        description: "Close this channel's ticket",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'reason',
            description: 'Why it is closed',
            required: false,
            max_length: ticketFieldLimits.reason,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'claim',
        description: "Claim this channel's ticket",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'unclaim',
        description: "Give this channel's ticket back to the queue",
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'priority',
        description: "Set this channel's ticket priority",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'level',
            description: 'How urgent it is',
            required: true,
            choices: ['low', 'normal', 'high', 'urgent'].map((p) => ({ name: p, value: p })),
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'move',
        description: "Move this channel's ticket to another category (staff)",
        options: [
          {
            type: ApplicationCommandOptionType.String,
            name: 'category',
            description: 'The category (its name or id)',
            required: true,
            autocomplete: true,
            max_length: 80,
          },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'add',
        description: 'Let a member see this ticket',
        options: [
          { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'remove',
        description: 'Stop a member seeing this ticket',
        options: [
          { type: ApplicationCommandOptionType.User, name: 'user', description: 'Who', required: true },
        ],
      },
      {
        type: ApplicationCommandOptionType.Subcommand,
        name: 'transfer',
        description: "Hand this channel's claimed ticket to another staff member",
        options: [
          { type: ApplicationCommandOptionType.User, name: 'user', description: 'To whom', required: true },
        ],
      },
    ],
  },
  giveawaySlashCommand,
  tagSlashCommand,
];

/** Registers the slash commands globally. */
export async function registerSlashCommands(api: API, applicationId: string): Promise<void> {
  await api.applicationCommands.bulkOverwriteGlobalCommands(applicationId, slashCommands);
}
