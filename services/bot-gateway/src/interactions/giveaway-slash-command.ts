import {
  type APIApplicationCommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from '@discordjs/core';

/** Field limits the bot checks before asking the giveaway service (its own limits are larger or equal). */
export const giveawayFieldLimits = {
  prize: 256,
  description: 1000,
  winners: 100,
  bonusEntries: 100,
} as const;

const which: APIApplicationCommandOption = {
  type: ApplicationCommandOptionType.String,
  name: 'giveaway',
  description: "Its id (from /giveaway list) or its message's link; default: the one in this channel",
  required: false,
  max_length: 200,
};

const manage = (name: string, description: string): APIApplicationCommandOption => ({
  type: ApplicationCommandOptionType.Subcommand,
  name,
  description,
  options: [which],
});

/** `/giveaway start|end|reroll|pause|resume|cancel|list`. */
export const giveawaySlashCommand: RESTPostAPIChatInputApplicationCommandsJSONBody = {
  type: ApplicationCommandType.ChatInput,
  name: 'giveaway',
  description: 'Giveaways',
  options: [
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'start',
      description: 'Start a giveaway',
      options: [
        {
          type: ApplicationCommandOptionType.String,
          name: 'prize',
          description: 'What the winners get',
          required: true,
          max_length: giveawayFieldLimits.prize,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'duration',
          description: 'How long it runs: 30m, 1h, 2d, 1h30m…',
          required: true,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'winners',
          description: 'How many win (default 1)',
          required: false,
          min_value: 1,
          max_value: giveawayFieldLimits.winners,
        },
        {
          type: ApplicationCommandOptionType.Channel,
          name: 'channel',
          description: 'Where it is posted (default: this channel)',
          required: false,
          channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'description',
          description: 'More about the prize',
          required: false,
          max_length: giveawayFieldLimits.description,
        },
        {
          type: ApplicationCommandOptionType.Role,
          name: 'required_role',
          description: 'Only members with this role may enter',
          required: false,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'min_account_age',
          description: 'Discord accounts younger than this may not enter: 7d, 12h…',
          required: false,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'min_member_age',
          description: 'Members who joined more recently may not enter: 1d, 2h…',
          required: false,
          max_length: 32,
        },
        {
          type: ApplicationCommandOptionType.Role,
          name: 'bonus_role',
          description: 'Members with this role get bonus entries',
          required: false,
        },
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'bonus_entries',
          description: 'Extra entries for the bonus role (default 1)',
          required: false,
          min_value: 1,
          max_value: giveawayFieldLimits.bonusEntries,
        },
        {
          type: ApplicationCommandOptionType.String,
          name: 'starts_in',
          description: 'Start later instead of now: 10m, 1d…',
          required: false,
          max_length: 32,
        },
      ],
    },
    manage('end', 'End a giveaway now and draw its winners'),
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'reroll',
      description: 'Draw more winners of an ended giveaway',
      options: [
        which,
        {
          type: ApplicationCommandOptionType.Integer,
          name: 'winners',
          description: 'How many to draw (default 1)',
          required: false,
          min_value: 1,
          max_value: giveawayFieldLimits.winners,
        },
      ],
    },
    manage('pause', 'Pause a giveaway: no entries, and its end waits'),
    manage('resume', 'Resume a paused giveaway'),
    manage('cancel', 'Cancel a giveaway: nobody wins'),
    {
      type: ApplicationCommandOptionType.Subcommand,
      name: 'list',
      description: "This server's running and scheduled giveaways",
    },
  ],
};
