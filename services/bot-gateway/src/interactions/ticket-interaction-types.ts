import type { API } from '@discordjs/core';
import type { SettingsClient } from '@guildwire/settings-client';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { InteractionActor } from './actor.js';
import type { Responder } from './responder.js';
import type { TicketCalls } from './ticket-calls.js';

/** What the ticket handlers use. */
export interface TicketInteractionDeps {
  readonly calls: TicketCalls;
  readonly places: TicketPlaces;
  readonly api: API;
  readonly settings: SettingsClient;
}

/** One guild interaction, decoded: who, where, and how to answer. */
export interface GuildInteraction {
  readonly id: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly actor: InteractionActor;
  readonly respond: Responder;
}
