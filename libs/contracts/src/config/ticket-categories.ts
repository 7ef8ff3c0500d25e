import type { Static } from 'typebox';
import type { TicketsSettings } from './modules.js';
import { defaultTicketCategoryId, type TicketQuestionSchema } from './ticket-category-schema.js';

/** One question of a category's form. */
export type TicketQuestion = Static<typeof TicketQuestionSchema>;

/**
 * A category as the ticket service and the bot apply it: the category's own fields with the
 * module's filled in where the category leaves them empty, and the module's support roles added to
 * its own (the guild-wide team sees every category).
 */
export interface ResolvedTicketCategory {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly emoji: string;
  /** The Discord category, then its overflow ones, in order (empty: no parent). */
  readonly discordCategoryIds: readonly string[];
  readonly supportRoleIds: readonly string[];
  readonly openLimitPerUser: number;
  readonly channelMode: 'thread' | 'channel';
  readonly channelNameTemplate: string;
  readonly welcomeMessage: string;
  readonly questions: readonly TicketQuestion[];
}

const distinct = (ids: readonly string[]) => [...new Set(ids)];

/** The default category: the module's top-level fields, no questions. */
function defaultCategory(settings: TicketsSettings): ResolvedTicketCategory {
  return {
    id: defaultTicketCategoryId,
    name: settings.defaultCategoryName,
    description: '',
    emoji: '',
    discordCategoryIds: distinct([
      ...(settings.categoryId ? [settings.categoryId] : []),
      ...settings.overflowCategoryIds,
    ]),
    supportRoleIds: settings.supportRoleIds,
    openLimitPerUser: settings.openLimitPerUser,
    channelMode: settings.channelMode,
    channelNameTemplate: settings.channelNameTemplate,
    welcomeMessage: settings.welcomeMessage,
    questions: [],
  };
}

/**
 * The category `id` of a guild's ticket settings, resolved; undefined when the guild has no such
 * category (never had it, or it was deleted while tickets still name it).
 */
export function resolveTicketCategory(
  settings: TicketsSettings,
  id: string,
): ResolvedTicketCategory | undefined {
  if (id === defaultTicketCategoryId || id === '') return defaultCategory(settings);
  const own = settings.categories.find((c) => c.id === id);
  if (!own) return undefined;
  const base = defaultCategory(settings);
  return {
    id: own.id,
    name: own.name,
    description: own.description,
    emoji: own.emoji,
    discordCategoryIds: own.categoryId
      ? distinct([own.categoryId, ...own.overflowCategoryIds])
      : base.discordCategoryIds,
    supportRoleIds: distinct([...settings.supportRoleIds, ...own.supportRoleIds]),
    openLimitPerUser: own.openLimitPerUser,
    channelMode: own.channelMode,
    channelNameTemplate: own.channelNameTemplate,
    welcomeMessage: own.welcomeMessage || settings.welcomeMessage,
    questions: own.questions,
  };
}

/** Every category of a guild, the default one first. */
export function ticketCategories(settings: TicketsSettings): ResolvedTicketCategory[] {
  return [
    defaultCategory(settings),
    ...settings.categories.map((c) => resolveTicketCategory(settings, c.id)!),
  ];
}

/** Every role whose members are ticket staff somewhere in the guild: the module's and each category's. */
export function allTicketSupportRoleIds(settings: TicketsSettings): string[] {
  return distinct([...settings.supportRoleIds, ...settings.categories.flatMap((c) => c.supportRoleIds)]);
}
