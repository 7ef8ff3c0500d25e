import { timestampMs } from '@bufbuild/protobuf/wkt';
import { consumeDurable, type ReceivedEvent } from '@guildwire/bus';
import { configEvents, type EventOf, giveawayEvents, ticketEvents } from '@guildwire/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import { Counter } from 'prom-client';
import type { GiveawayPlaces } from '../state/giveaway-places.js';
import type { TicketPlaces } from '../state/ticket-places.js';
import type { EffectLog } from './effect-log.js';
import {
  type GiveawayEffectDeps,
  onEntrantsCounted,
  onGiveawayChanged,
  onGiveawayCreated,
  onWinnersDrawn,
  showPendingCount,
} from './giveaway-effects.js';
import { onPanelSendRequested } from './panel-effects.js';
import { applySupportRoles, ticketsSettingsOf } from './support-roles.js';
import {
  onCloseRequested,
  onTicketChanged,
  onTicketOpened,
  type TicketEffectDeps,
} from './ticket-effects.js';
import { onTicketClosed } from './ticket-feedback-prompt.js';
import { onMemberChanged, onTicketTransferred } from './ticket-members.js';
import { onTicketMoved } from './ticket-moves.js';

/** Options of the side-effect consumer. */
export interface SideEffectsOptions {
  readonly places: TicketPlaces;
  readonly giveaways: GiveawayPlaces;
  readonly log: EffectLog;
  readonly commandTimeoutMs: number;
  /** Least time between two entrant-count edits of one giveaway message. */
  readonly countEditMs: number;
  /** Ack wait of the durable consumer (SIDE_EFFECT_ACK_WAIT_MS). */
  readonly ackWaitMs: number;
  /** Durable consumer name, shared by every replica (each event is handled by one of them). */
  readonly durable?: string;
  /** The dashboard's URL: a closed ticket's message links to its transcript there ('' = no link). */
  readonly dashboardUrl?: string;
}

/** Ticket changes that the welcome message shows (closed too: onTicketClosed asks for a rating first). */
const shownChanges = new Set<string>(
  [
    ticketEvents.claimed,
    ticketEvents.unclaimed,
    ticketEvents.assigned,
    ticketEvents.priorityChanged,
    ticketEvents.updated,
    ticketEvents.reopened,
  ].map((d) => d.type),
);

/** Giveaway changes the giveaway message shows (the end and rerolls also announce winners). */
const giveawayChanges = new Set<string>(
  [
    giveawayEvents.started,
    giveawayEvents.updated,
    giveawayEvents.paused,
    giveawayEvents.resumed,
    giveawayEvents.cancelled,
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

  // Later edits of throttled entrant counts, one timer per giveaway. Lost with the process, which
  // is harmless: the count stays in the place, and the next count or the end shows it.
  const countTimers = new Map<string, NodeJS.Timeout>();
  let closing = false;
  const giveawayDeps: GiveawayEffectDeps = {
    api: app.discord.api,
    bus: app.bus,
    settings: app.settings,
    giveaways: options.giveaways,
    log: options.log,
    commandTimeoutMs: options.commandTimeoutMs,
    logger,
    countEditMs: options.countEditMs,
    showCountLater(giveawayId, atMs) {
      if (closing || countTimers.has(giveawayId)) return;
      const timer = setTimeout(
        () => {
          countTimers.delete(giveawayId);
          showPendingCount(giveawayDeps, giveawayId).catch((err: unknown) =>
            logger.warn({ err, giveawayId }, 'could not show the entrant count'),
          );
        },
        Math.max(0, atMs - Date.now()),
      );
      timer.unref();
      countTimers.set(giveawayId, timer);
    },
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
      const tickets = settings?.module === 'tickets' ? ticketsSettingsOf(settings.settings) : undefined;
      if (tickets) await applySupportRoles(deps, event.guildId, tickets);
      return;
    }
    if (type === ticketEvents.moved.type) {
      const { meta, ticket } = event.message as EventOf<typeof ticketEvents.moved>;
      if (!meta || !ticket) return;
      return onTicketMoved(deps, meta.eventId, ticket, meta.actor?.id ?? '', event.timestampMs);
    }
    if (type === ticketEvents.memberAdded.type || type === ticketEvents.memberRemoved.type) {
      const { meta, ticket, memberId } = event.message as EventOf<typeof ticketEvents.memberAdded>;
      if (!meta || !ticket || !memberId) return;
      const added = type === ticketEvents.memberAdded.type;
      return onMemberChanged(deps, meta.eventId, ticket, memberId, added, event.timestampMs);
    }
    if (type === ticketEvents.transferred.type) {
      const { meta, ticket, previousAssigneeId } = event.message as EventOf<typeof ticketEvents.transferred>;
      if (!meta || !ticket) return;
      return onTicketTransferred(deps, meta.eventId, ticket, previousAssigneeId, event.timestampMs);
    }
    if (type === ticketEvents.closed.type) {
      const { meta, ticket } = event.message as EventOf<typeof ticketEvents.closed>;
      if (!meta || !ticket) return;
      return onTicketClosed(deps, meta.eventId, ticket, event.timestampMs);
    }
    if (type.startsWith('giveaway.')) return performGiveaway(event);
    if (shownChanges.has(type)) {
      const { ticket } = event.message as EventOf<typeof ticketEvents.claimed>;
      if (ticket) await onTicketChanged(deps, ticket, event.timestampMs);
    }
  }

  async function performGiveaway(event: ReceivedEvent): Promise<void> {
    const type = event.def.type;
    if (type === giveawayEvents.created.type) {
      const { meta, giveaway } = event.message as EventOf<typeof giveawayEvents.created>;
      if (meta && giveaway) await onGiveawayCreated(giveawayDeps, meta.eventId, giveaway);
      return;
    }
    if (type === giveawayEvents.ended.type) {
      const { meta, giveaway, winnerIds } = event.message as EventOf<typeof giveawayEvents.ended>;
      if (meta && giveaway)
        await onWinnersDrawn(giveawayDeps, meta.eventId, giveaway, winnerIds, 1, event.timestampMs);
      return;
    }
    if (type === giveawayEvents.rerolled.type) {
      const { meta, giveaway, winnerIds, round } = event.message as EventOf<typeof giveawayEvents.rerolled>;
      if (meta && giveaway)
        await onWinnersDrawn(giveawayDeps, meta.eventId, giveaway, winnerIds, round, event.timestampMs);
      return;
    }
    if (type === giveawayEvents.entrantsCounted.type) {
      const { giveawayId, entrantCount, countedAt } = event.message as EventOf<
        typeof giveawayEvents.entrantsCounted
      >;
      if (giveawayId && countedAt)
        await onEntrantsCounted(giveawayDeps, giveawayId, entrantCount, timestampMs(countedAt));
      return;
    }
    if (giveawayChanges.has(type)) {
      const { giveaway } = event.message as EventOf<typeof giveawayEvents.updated>;
      if (giveaway) await onGiveawayChanged(giveawayDeps, giveaway, event.timestampMs);
    }
  }

  let consumer: Awaited<ReturnType<typeof consumeDurable>> | undefined;
  app.addHook('onReady', async () => {
    consumer = await consumeDurable(app.bus, {
      durable: options.durable ?? 'bot-gateway-side-effects',
      // Every guild event (default filter): tickets, giveaways and config in one consumer.
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
    closing = true;
    for (const timer of countTimers.values()) clearTimeout(timer);
    await consumer?.stop();
  });
}

/** The durable consumer that performs Discord side effects of guild events, once per event. */
export const sideEffects = fp(sideEffectsPlugin, {
  name: 'guildwire-side-effects',
  fastify: '5.x',
  dependencies: ['guildwire-discord', 'guildwire-nats', 'guildwire-settings-client', 'guildwire-metrics'],
});
