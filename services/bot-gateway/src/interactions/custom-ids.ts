/**
 * Custom ids of the bot's buttons and modals: `gw:<action>:<id>`. Discord gives them back verbatim on
 * every press, so they carry what the handler needs (a panel or ticket id) and survive restarts.
 */
export const ticketActions = [
  'ticket-panel', // panel button → the open modal
  'ticket-open', // open modal submit
  'ticket-claim',
  'ticket-close',
  'ticket-close-reason', // button → the reason modal
  'ticket-close-modal', // reason modal submit
  'ticket-close-accept', // close request: the opener agrees
  'ticket-close-deny', // close request: the opener wants it kept open
  'ticket-category', // a panel's button for one category (panel id, category id) → its form
  'ticket-pick', // a panel's select menu of categories (panel id; the value is the category) → its form
  'ticket-form', // a category's form submitted (panel id, press id, category id)
  'ticket-rate', // a closed ticket's rating button (ticket id, rating 1-5, opener id) → the comment modal
  'ticket-rate-modal', // the rating's comment modal submitted (ticket id, rating)
] as const;

/** The giveaway message's and the entry answer's buttons. */
export const giveawayActions = [
  'giveaway-enter', // the giveaway message's Enter button
  'giveaway-leave', // "already entered" answer → leave the giveaway
] as const;

/** One of the bot's ticket component or modal actions. */
export type TicketAction = (typeof ticketActions)[number];

/** One of the bot's giveaway component actions. */
export type GiveawayAction = (typeof giveawayActions)[number];

/** Any action of the bot's custom ids. */
export type BotAction = TicketAction | GiveawayAction;

const actions: readonly string[] = [...ticketActions, ...giveawayActions];

/** A decoded custom id. */
export interface CustomId {
  readonly action: BotAction;
  readonly id: string;
  /** A second id: the open modal carries the id of the interaction that opened it. */
  readonly extra?: string;
  /** A third id: a category's form carries its category. */
  readonly third?: string;
}

const prefix = 'gw';
const idPattern = /^[A-Za-z0-9-]{1,64}$/;

/**
 * The custom id of an action on a panel, ticket or giveaway (at most 100 characters, Discord's
 * limit: a category's form, the longest, is 15 + 36 + 1 + 20 + 1 + 24 = 97).
 */
export function customId(action: BotAction, id: string, extra?: string, third?: string): string {
  if (third !== undefined && extra === undefined) throw new RangeError('a third id needs a second');
  const parts = [id, ...(extra === undefined ? [] : [extra]), ...(third === undefined ? [] : [third])];
  for (const part of parts)
    if (!idPattern.test(part)) throw new RangeError(`not an id for a custom id: ${JSON.stringify(part)}`);
  const raw = [prefix, action, ...parts].join(':');
  if (raw.length > 100) throw new RangeError(`custom id longer than 100 characters: ${raw}`);
  return raw;
}

/** Decodes a custom id; undefined for one this bot did not make (or an older, retired form). */
export function parseCustomId(raw: string): CustomId | undefined {
  const [head, action, id, extra, third, ...rest] = raw.split(':');
  if (head !== prefix || rest.length > 0 || id === undefined || !idPattern.test(id)) return undefined;
  if (extra !== undefined && !idPattern.test(extra)) return undefined;
  if (third !== undefined && !idPattern.test(third)) return undefined;
  if (!actions.includes(action ?? '')) return undefined;
  return {
    action: action as BotAction,
    id,
    ...(extra === undefined ? {} : { extra }),
    ...(third === undefined ? {} : { third }),
  };
}
