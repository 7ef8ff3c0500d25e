import { Type } from 'typebox';
import { OneOf, OptionalSnowflake, SnowflakeList } from './define-module.js';

/**
 * Discord's limits on a modal's text inputs (https://discord.com/developers/docs/components/reference#text-input):
 * a label of at most 45 characters, a value of at most 4000, at most five inputs per modal.
 */
export const modalLimits = { label: 45, value: 4000, placeholder: 100, inputs: 5 } as const;

/** The id of the category made of the module's top-level fields (every guild has it). */
export const defaultTicketCategoryId = 'default';

/**
 * A category id: a lower-case slug, short enough to ride in a Discord custom id (100 characters)
 * beside a panel id and an interaction id. '' asks the config service to make one from the name.
 */
export const categoryIdPattern = '^([a-z0-9][a-z0-9-]{0,23})?$';

/** One question of a category's form, asked in a Discord modal (and the dashboard) before opening. */
export const TicketQuestionSchema = Type.Object(
  {
    label: Type.String({
      minLength: 1,
      maxLength: modalLimits.label,
      description: 'The question, at most 45 characters (Discord shows it above the input).',
    }),
    style: OneOf(['short', 'paragraph'], {
      default: 'short',
      description: 'One line, or a paragraph of several lines.',
    }),
    required: Type.Boolean({ default: true, description: 'The ticket cannot open without an answer.' }),
    placeholder: Type.String({
      maxLength: modalLimits.placeholder,
      default: '',
      description: 'Grey text shown in the empty input.',
    }),
    minLength: Type.Integer({
      minimum: 0,
      maximum: modalLimits.value,
      default: 0,
      description: 'Shortest answer accepted (0 = no minimum).',
    }),
    maxLength: Type.Integer({
      minimum: 1,
      maximum: modalLimits.value,
      default: 1000,
      description: 'Longest answer accepted (at most 4000).',
    }),
  },
  { additionalProperties: false },
);

/** One ticket category: its own staff, limit, place in Discord, welcome message and form. */
export const TicketCategorySchema = Type.Object(
  {
    id: Type.String({
      pattern: categoryIdPattern,
      maxLength: 24,
      default: '',
      description:
        'Stable id (a-z, 0-9, -; at most 24); left empty, one is made from the name when saved. Tickets keep it.',
    }),
    name: Type.String({ minLength: 1, maxLength: 80, description: 'Shown on the panel button or menu.' }),
    description: Type.String({
      maxLength: 100,
      default: '',
      description: 'Shown under the name in a panel menu.',
    }),
    emoji: Type.String({
      maxLength: 64,
      default: '',
      description: 'An emoji (🎫) or a custom one (<:name:id>) for the button; empty for none.',
    }),
    categoryId: OptionalSnowflake(
      "Discord category the channels go into (channel mode); empty: the module's categoryId.",
    ),
    overflowCategoryIds: SnowflakeList('Categories used, in order, when the main one is full.', 10),
    supportRoleIds: SnowflakeList("Staff of this category (besides the module's support roles)."),
    openLimitPerUser: Type.Integer({
      minimum: 1,
      maximum: 1000,
      default: 3,
      description: 'Tickets of this category one member may have open at once.',
    }),
    channelMode: OneOf(['thread', 'channel'], {
      default: 'thread',
      description: 'A private thread under the panel channel, or a channel of its own.',
    }),
    channelNameTemplate: Type.String({
      minLength: 1,
      maxLength: 90,
      default: 'ticket-{number}',
      description: 'Channel or thread name; {number}, {username}, {subject}, {category} are replaced.',
    }),
    welcomeMessage: Type.String({
      maxLength: 2000,
      default: '',
      description: "First message of a ticket ({user} mentions the opener); empty: the module's.",
    }),
    questions: Type.Array(TicketQuestionSchema, {
      maxItems: modalLimits.inputs,
      default: [],
      description: 'Up to five questions asked before the ticket opens; none: subject and description.',
    }),
  },
  { additionalProperties: false },
);
