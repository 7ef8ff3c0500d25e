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
}

const prefix = 'gw';
const idPattern = /^[A-Za-z0-9-]{1,64}$/;

/** The custom id of an action on a panel, ticket or giveaway (at most 100 characters, Discord's limit). */
export function customId(action: BotAction, id: string, extra?: string): string {
  for (const part of [id, extra ?? 'x'])
    if (!idPattern.test(part)) throw new RangeError(`not an id for a custom id: ${JSON.stringify(part)}`);
  return extra === undefined ? `${prefix}:${action}:${id}` : `${prefix}:${action}:${id}:${extra}`;
}

/** Decodes a custom id; undefined for one this bot did not make (or an older, retired form). */
export function parseCustomId(raw: string): CustomId | undefined {
  const [head, action, id, extra, ...rest] = raw.split(':');
  if (head !== prefix || rest.length > 0 || id === undefined || !idPattern.test(id)) return undefined;
  if (extra !== undefined && !idPattern.test(extra)) return undefined;
  if (!actions.includes(action ?? '')) return undefined;
  return { action: action as BotAction, id, ...(extra === undefined ? {} : { extra }) };
}
