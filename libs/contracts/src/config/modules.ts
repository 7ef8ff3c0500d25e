import { type Static, Type } from 'typebox';
import { defineSettingsModule, OneOf, OptionalSnowflake, SnowflakeList } from './define-module.js';
import { TicketCategorySchema } from './ticket-category-schema.js';

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A time of day, 24-hour clock. */
const TimeOfDay = (description: string) =>
  Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', description });

/** The `tickets` module: how tickets open, where they live, and when they close by themselves. */
export const ticketsModule = defineSettingsModule(
  'tickets',
  {
    title: 'Tickets',
    description:
      'Support tickets: limits, staff, where tickets live, timers, working hours, categories and their forms.',
  },
  Type.Object(
    {
      openLimitPerUser: Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 3,
        description: 'Tickets one member may have open (open or claimed) at once.',
      }),
      supportRoleIds: SnowflakeList('Roles whose members are staff for tickets.'),
      categoryId: OptionalSnowflake('Discord category new ticket channels go into (channel mode).'),
      overflowCategoryIds: SnowflakeList(
        'Categories used, in order, when the main one is full (50 channels).',
        10,
      ),
      channelMode: OneOf(['thread', 'channel'], {
        default: 'thread',
        description: 'A private thread under the panel channel, or a channel of its own.',
      }),
      channelNameTemplate: Type.String({
        minLength: 1,
        maxLength: 90,
        default: 'ticket-{number}',
        description: 'Name of a ticket channel or thread; {number}, {username} and {subject} are replaced.',
      }),
      welcomeMessage: Type.String({
        maxLength: 2000,
        default: 'Thanks for reaching out, {user}. A member of staff will be with you shortly.',
        description: 'First message of a ticket; {user} mentions the opener.',
      }),
      autoCloseAfterMs: Type.Integer({
        minimum: 0,
        maximum: 90 * day,
        default: 7 * day,
        description:
          'Inactivity after which a ticket closes itself, in milliseconds; 0 turns auto-close off.',
      }),
      closeRequestTimeoutMs: Type.Integer({
        minimum: minute,
        maximum: 30 * day,
        default: day,
        description:
          'How long the opener has to answer a close request before the ticket closes, in milliseconds.',
      }),
      transcriptChannelId: OptionalSnowflake('Channel that receives the transcript of each closed ticket.'),
      feedbackOnClose: Type.Boolean({
        default: false,
        description: 'Ask the opener for a rating when the ticket closes.',
      }),
      defaultCategoryName: Type.String({
        minLength: 1,
        maxLength: 80,
        default: 'General',
        description:
          'Name of the default category (id "default"), made of the fields above: panels without categories open into it.',
      }),
      categories: Type.Array(TicketCategorySchema, {
        maxItems: 25,
        default: [],
        description:
          'More categories, each with its own staff, limit, place and questions (a panel menu lists at most 25).',
      }),
      workingHours: Type.Object(
        {
          enabled: Type.Boolean({
            default: false,
            description: 'Tell members who open a ticket out of hours.',
          }),
          timeZone: Type.String({
            minLength: 1,
            maxLength: 64,
            pattern: '^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*$',
            default: 'UTC',
            description: 'IANA time zone of the ranges, e.g. Europe/Berlin.',
          }),
          ranges: Type.Array(
            Type.Object(
              {
                day: Type.Integer({ minimum: 0, maximum: 6, description: 'Day of the week, 0 = Sunday.' }),
                start: TimeOfDay('Opening time, HH:MM.'),
                end: TimeOfDay('Closing time, HH:MM (after start).'),
              },
              { additionalProperties: false },
            ),
            { maxItems: 21, default: [], description: 'Weekly opening ranges.' },
          ),
          outOfHoursNotice: Type.String({
            maxLength: 1000,
            default: 'Our team is outside working hours right now; we will answer when we are back.',
            description: 'Message shown when a ticket opens outside the ranges.',
          }),
        },
        { additionalProperties: false, default: {}, description: 'When staff answer tickets.' },
      ),
    },
    { additionalProperties: false },
  ),
);

/** The `giveaways` module: who runs giveaways, how their message looks, and their limits. */
export const giveawaysModule = defineSettingsModule(
  'giveaways',
  { title: 'Giveaways', description: 'Giveaways: managers, message style, limits, default requirements.' },
  Type.Object(
    {
      managerRoleIds: SnowflakeList('Roles whose members may run giveaways (besides admins and staff).'),
      defaultChannelId: OptionalSnowflake('Channel a giveaway is posted in when none is given.'),
      embedColor: Type.Integer({
        minimum: 0,
        maximum: 0xffffff,
        default: 0x5865f2,
        description: 'Embed colour (RGB).',
      }),
      buttonLabel: Type.String({
        minLength: 1,
        maxLength: 80,
        default: 'Enter',
        description: 'Label of the Enter button.',
      }),
      buttonEmoji: Type.String({
        maxLength: 64,
        default: '🎉',
        description: 'Emoji of the Enter button; empty for none.',
      }),
      maxWinners: Type.Integer({
        minimum: 1,
        maximum: 100,
        default: 20,
        description: 'Most winners one giveaway may draw.',
      }),
      maxRunningPerGuild: Type.Integer({
        minimum: 1,
        maximum: 1000,
        default: 25,
        description: 'Most giveaways scheduled, running or paused at once in the guild.',
      }),
      dmWinners: Type.Boolean({ default: true, description: 'Send winners a direct message.' }),
      defaultRequirements: Type.Object(
        {
          requiredRoleIds: SnowflakeList('Roles an entrant must hold.'),
          requiredRolesMode: OneOf(['any', 'all'], {
            default: 'any',
            description: 'Whether one of the required roles is enough, or all are needed.',
          }),
          excludedRoleIds: SnowflakeList('Roles that may not enter.'),
          minAccountAgeMs: Type.Integer({
            minimum: 0,
            maximum: 5 * 365 * day,
            default: 0,
            description: 'Minimum age of the Discord account, in milliseconds.',
          }),
          minMemberAgeMs: Type.Integer({
            minimum: 0,
            maximum: 5 * 365 * day,
            default: 0,
            description: 'Minimum time since the member joined the guild, in milliseconds.',
          }),
        },
        { additionalProperties: false, default: {}, description: 'Requirements a new giveaway starts with.' },
      ),
    },
    { additionalProperties: false },
  ),
);

/** The `voice` module: join-to-create voice channels. */
export const voiceModule = defineSettingsModule(
  'voice',
  { title: 'Join to create', description: 'Temporary voice channels created when a member joins the lobby.' },
  Type.Object(
    {
      lobbyChannelId: OptionalSnowflake(
        'Voice channel that creates a new channel when joined; empty turns it off.',
      ),
      categoryId: OptionalSnowflake('Category the new channels go into.'),
      nameTemplate: Type.String({
        minLength: 1,
        maxLength: 100,
        default: "{username}'s channel",
        description: 'Name of a created channel; {username} is replaced.',
      }),
      userLimit: Type.Integer({
        minimum: 0,
        maximum: 99,
        default: 0,
        description: 'Member limit; 0 for none.',
      }),
      bitrate: Type.Integer({
        minimum: 8000,
        maximum: 384_000,
        default: 64_000,
        description: 'Bitrate in bits/s.',
      }),
    },
    { additionalProperties: false },
  ),
);

/** The `music` module: who controls the player and its limits. */
export const musicModule = defineSettingsModule(
  'music',
  { title: 'Music', description: 'Music player: DJ roles, channels, volume and queue.' },
  Type.Object(
    {
      djRoleIds: SnowflakeList('Roles that may skip, stop and reorder (everyone when empty).'),
      allowedTextChannelIds: SnowflakeList('Text channels music commands work in (all when empty).'),
      defaultVolume: Type.Integer({
        minimum: 0,
        maximum: 200,
        default: 50,
        description: 'Volume in percent.',
      }),
      maxQueueLength: Type.Integer({
        minimum: 1,
        maximum: 10_000,
        default: 500,
        description: 'Most tracks queued.',
      }),
      stayInVoice: Type.Boolean({
        default: false,
        description: 'Stay in the voice channel when the queue ends.',
      }),
    },
    { additionalProperties: false },
  ),
);

/** Every module, by name. A new module is one more declaration above and one more entry here. */
export const settingsModules = {
  tickets: ticketsModule,
  giveaways: giveawaysModule,
  voice: voiceModule,
  music: musicModule,
} as const;

/** The name of a declared module. */
export type SettingsModuleName = keyof typeof settingsModules;

/** The settings of a declared module, as services read them. */
export type SettingsOf<M extends SettingsModuleName> = Static<(typeof settingsModules)[M]['schema']>;

export type TicketsSettings = SettingsOf<'tickets'>;
export type GiveawaysSettings = SettingsOf<'giveaways'>;
export type VoiceSettings = SettingsOf<'voice'>;
export type MusicSettings = SettingsOf<'music'>;

/** True when `name` is a declared module. */
export function isSettingsModuleName(name: string): name is SettingsModuleName {
  return Object.hasOwn(settingsModules, name);
}
