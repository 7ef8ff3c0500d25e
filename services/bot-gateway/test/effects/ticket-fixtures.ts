import { type Bus, bindCommand, publishEvent, serveCommands } from '@guildwire/bus';
import {
  createEventMeta,
  createMessage,
  discordActor,
  type MarkPanelSentRequest,
  type SetTicketChannelRequest,
  type Ticket,
  TicketOpenedSchema,
  TicketSchema,
  TicketStatus,
  type TicketsSettings,
  ticketCommands,
  ticketEvents,
} from '@guildwire/contracts';
import type { FakeDiscord } from '@guildwire/fake-discord';
import { answerSettings } from '@guildwire/settings-client/testing';
import type { Tap } from '../fixtures.js';

/** A stand-in ticket service for the bot-only commands, on the real bus. */
export async function recordBotCommands(t: Tap, bus: Bus) {
  const setChannel: SetTicketChannelRequest[] = [];
  const panelSent: MarkPanelSentRequest[] = [];
  const server = await serveCommands(bus, { name: 'ticket', version: '0.0.0' }, [
    bindCommand(ticketCommands.setChannel, async (req) => {
      setChannel.push(req);
      return {};
    }),
    bindCommand(ticketCommands.panelSent, async (req) => {
      panelSent.push(req);
      return {};
    }),
  ]);
  t.teardown(() => server.stop());
  return { setChannel, panelSent, stop: () => server.stop() };
}

/** Answers cmd.config.get with these tickets settings, as the config service would. */
export async function ticketSettings(t: Tap, bus: Bus, settings: Partial<TicketsSettings>) {
  const server = await answerSettings(bus, { tickets: settings });
  t.teardown(() => server.stop());
}

let n = 0;
/** A new open ticket (ids unique within a test file). */
export function ticketOf(guildId: string, openerId: string): Ticket {
  n++;
  return createMessage(TicketSchema, {
    id: `0190c1d2-0000-7000-8000-${String(n).padStart(12, '0')}`,
    guildId,
    number: n,
    subject: 'cannot log in',
    description: 'since Tuesday',
    status: TicketStatus.OPEN,
    openerId,
    version: 1,
  });
}

/** Publishes ticket.opened; returns the event id. */
export async function publishOpened(bus: Bus, ticket: Ticket, correlationId?: string) {
  const meta = createEventMeta({
    guildId: ticket.guildId,
    actor: discordActor(ticket.openerId),
    aggregateVersion: ticket.version,
    ...(correlationId ? { correlationId } : {}),
  });
  await publishEvent(bus, ticketEvents.opened, createMessage(TicketOpenedSchema, { meta, ticket }));
  return meta.eventId;
}

/** The ticket's welcome message (the one with the embed), once posted. */
export const welcomeIn = (discord: FakeDiscord, channelId: string) =>
  discord.control.waitForMessage(channelId, (m) => m.embeds.length > 0);
