import { consumeDurable, type ReceivedEvent } from '@guildwire/bus';
import { configEvents, type EventOf, ticketEvents } from '@guildwire/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { EffectLog } from './effect-log.js';
import { onPanelSendRequested } from './panel-effects.js';
import { applySupportRoles, supportRolesOf } from './support-roles.js';
import {
  onCloseRequested,
  onTicketChanged,
  onTicketOpened,
  type TicketEffectDeps,
} from './ticket-effects.js';

/** Options of the side-effect consumer. */
export interface SideEffectsOptions {
  readonly places: TicketPlaces;
  readonly log: EffectLog;
  readonly commandTimeoutMs: number;
  /** Ack wait of the durable consumer (SIDE_EFFECT_ACK_WAIT_MS). */
  readonly ackWaitMs: number;
  /** Durable consumer name, shared by every replica (each event is handled by one of them). */
  readonly durable?: string;
  /** The dashboard's URL: a closed ticket's message links to its transcript there ('' = no link). */
  readonly dashboardUrl?: string;
}

/** Ticket changes that the welcome message shows. */
const shownChanges = new Set<string>(
  [
    ticketEvents.claimed,
    ticketEvents.unclaimed,
    ticketEvents.assigned,
    ticketEvents.priorityChanged,
    ticketEvents.updated,
    ticketEvents.closed,
    ticketEvents.reopened,
  ].map((d) => d.type),
);

/** A failed attempt waits 1 s, 2 s, 4 s … up to a minute before the event comes back. */
export const retryBackoffMs = (deliveryCount: number) => Math.min(60_000, 1000 * 2 ** (deliveryCount - 1));

async function sideEffectsPlugin(app: FastifyInstance, options: SideEffectsOptions) {
  const logger = (app.log as Logger).child({ component: 'side-effects' });
  const deps: TicketEffectDeps = {
    api: app.discord.api,
    bus: app.bus,
    guilds: app.discord.guild,
    settings: app.settings,
    places: options.places,
    log: options.log,
    botUserId: app.discord.botUserId,
    commandTimeoutMs: options.commandTimeoutMs,
    logger,
    dashboardUrl: options.dashboardUrl ?? '',
  };

  const handled = new Counter({
    name: 'discord_side_effects_total',
    help: "Guild events handled by the side-effect consumer, by type and outcome (ok, or failed: nak'ed and retried)",
    labelNames: ['type', 'outcome'] as const,
    registers: [app.metrics.registry],
  });

  async function handle(event: ReceivedEvent): Promise<void> {
    try {
      await perform(event);
      handled.inc({ type: event.def.type, outcome: 'ok' });
    } catch (err) {
      handled.inc({ type: event.def.type, outcome: 'failed' });
      throw err;
    }
  }

  async function perform(event: ReceivedEvent): Promise<void> {
    const type = event.def.type;
    if (type === ticketEvents.opened.type) {
      const { meta, ticket } = event.message as EventOf<typeof ticketEvents.opened>;
      if (!meta || !ticket) return;
      return onTicketOpened(deps, meta.eventId, ticket, meta.correlationId);
    }
    if (type === ticketEvents.panelSendRequested.type) {
      const { meta, panel } = event.message as EventOf<typeof ticketEvents.panelSendRequested>;
      if (!meta || !panel) return;
      return onPanelSendRequested(deps, meta.eventId, panel, meta.correlationId);
    }
    if (type === ticketEvents.closeRequested.type) {
      const { meta, ticket, closeRequest } = event.message as EventOf<typeof ticketEvents.closeRequested>;
      if (!meta || !ticket || !closeRequest) return;
      return onCloseRequested(deps, meta.eventId, ticket, closeRequest, event.timestampMs);
    }
    if (type === configEvents.updated.type) {
      const { settings } = event.message as EventOf<typeof configEvents.updated>;
      const roles = settings?.module === 'tickets' ? supportRolesOf(settings.settings) : undefined;
      if (roles) await applySupportRoles(deps, event.guildId, roles);
      return;
    }
    if (shownChanges.has(type)) {
      const { ticket } = event.message as EventOf<typeof ticketEvents.claimed>;
      if (ticket) await onTicketChanged(deps, ticket, event.timestampMs);
    }
  }

  let consumer: Awaited<ReturnType<typeof consumeDurable>> | undefined;
  app.addHook('onReady', async () => {
    consumer = await consumeDurable(app.bus, {
      durable: options.durable ?? 'bot-gateway-side-effects',
      // Every guild event (default filter): giveaway and config effects join this consumer later.
      handler: handle,
      retryDelayMs: retryBackoffMs,
      // A side effect is a few Discord requests; one stuck longer than this is retried elsewhere
      // (the effect log makes a concurrent second attempt continue, not repeat, the first's steps).
      ackWaitMs: options.ackWaitMs,
      maxDeliver: 50,
    });
  });
  // Stops taking events (the one in hand finishes) before the gateway and the bus close.
  app.addHook('onClose', async () => {
    await consumer?.stop();
  });
}

/** The durable consumer that performs Discord side effects of guild events, once per event. */
export const sideEffects = fp(sideEffectsPlugin, {
  name: 'guildwire-side-effects',
  fastify: '5.x',
  dependencies: ['guildwire-discord', 'guildwire-nats', 'guildwire-settings-client', 'guildwire-metrics'],
});
