import { type BotBuckets, getJson, putJson } from './buckets.js';

/** Where a ticket lives in Discord, as the bot made it. */
export interface TicketPlace {
  readonly guildId: string;
  readonly channelId: string;
  /** The welcome message with the ticket's buttons. */
  readonly messageId: string;
  readonly mode: 'thread' | 'channel';
  /** The ticket version the welcome message shows (older events do not overwrite it). */
  readonly version: number;
  /** False once the ticket is closed (closed tickets keep their permissions as they were). */
  readonly open?: boolean;
  /** The support roles the channel's permission overwrites let in (channel mode). */
  readonly supportRoleIds?: readonly string[];
  /** The ticket category whose staff and place were applied (absent: from before categories, the default). */
  readonly categoryId?: string;
  /** Per member (user id), the ticket version whose add or remove was last applied in Discord. */
  readonly memberVersions?: Readonly<Record<string, number>>;
}

/** The bot's memory of tickets, channels and panels, shared by replicas (NATS KV). */
export interface TicketPlaces {
  /** The channel an interaction that opens a ticket came from (keyed by interaction id = correlation id). */
  rememberOrigin(interactionId: string, channelId: string): Promise<void>;
  originOf(interactionId: string): Promise<string | undefined>;
  place(ticketId: string): Promise<TicketPlace | undefined>;
  savePlace(ticketId: string, place: TicketPlace): Promise<void>;
  ticketOfChannel(channelId: string): Promise<string | undefined>;
  /** Ids of a guild's open tickets that have a place. */
  openTickets(guildId: string): Promise<string[]>;
  /** The channel a panel was posted in. */
  panelChannel(panelId: string): Promise<string | undefined>;
  savePanelChannel(panelId: string, channelId: string): Promise<void>;
}

/**
 * Ticket places over the bot's buckets: places in `tickets` (kept), origins in `effects` (they
 * matter only until the ticket.opened they announce is handled, so they expire with its record).
 */
export function createTicketPlaces(buckets: Pick<BotBuckets, 'tickets' | 'effects'>): TicketPlaces {
  const kv = buckets.tickets;
  return {
    rememberOrigin: (interactionId, channelId) =>
      putJson(buckets.effects, `origin.${interactionId}`, channelId),
    originOf: (interactionId) => getJson<string>(buckets.effects, `origin.${interactionId}`),
    place: (ticketId) => getJson<TicketPlace>(kv, `ticket.${ticketId}`),
    async savePlace(ticketId, place) {
      await putJson(kv, `channel.${place.channelId}`, ticketId);
      await putJson(kv, `ticket.${ticketId}`, place);
      // A per-guild index of open tickets: what a settings change (support roles) must touch.
      if (place.open === false) await kv.delete(`open.${place.guildId}.${ticketId}`);
      else await putJson(kv, `open.${place.guildId}.${ticketId}`, true);
    },
    async openTickets(guildId) {
      const ids: string[] = [];
      const prefix = `open.${guildId}.`;
      for await (const key of await kv.keys(`${prefix}*`)) ids.push(key.slice(prefix.length));
      return ids;
    },
    ticketOfChannel: (channelId) => getJson<string>(kv, `channel.${channelId}`),
    panelChannel: (panelId) => getJson<string>(kv, `panel.${panelId}`),
    savePanelChannel: (panelId, channelId) => putJson(kv, `panel.${panelId}`, channelId),
  };
}
