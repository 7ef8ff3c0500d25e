import { type API, OverwriteType, PermissionFlagsBits } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  type CloseRequest,
  type ResolvedTicketCategory,
  type Ticket,
  TicketStatus,
  ticketCommands,
} from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { Logger } from 'pino';
import type { GuildDirectory } from '../cache/guild-directory.js';
import { transcriptLink } from '../conversations/transcript-link.js';
import { customId } from '../interactions/custom-ids.js';
import type { TicketPlace, TicketPlaces } from '../state/ticket-places.js';
import type { EffectLog } from './effect-log.js';
import { findMessageWithButton } from './find-message.js';
import { categoryOfTicket } from './ticket-category.js';
import {
  createTicketChannel,
  createTicketThread,
  findCreatedPlace,
  isUnknownChannel,
} from './ticket-channel.js';
import { ticketButtons, ticketChannelName, ticketEmbed, welcomeContent } from './ticket-message.js';

/** What the ticket side effects use. */
export interface TicketEffectDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly guilds: GuildDirectory;
  readonly settings: SettingsClient;
  readonly places: TicketPlaces;
  readonly log: EffectLog;
  readonly botUserId: string;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** The dashboard's URL, for the transcript link of a closed ticket ('' or absent: none). */
  readonly dashboardUrl?: string;
}

/** The event's place is not there yet (its ticket.opened is still being handled): retry later. */
export class PlaceNotReadyError extends Error {
  override name = 'PlaceNotReadyError';
}

// Unknown Channel / Unknown Message: staff deleted the ticket's channel or message by hand.
const gone = new Set([10003, 10008]);
export const isGone = (err: unknown) =>
  err instanceof DiscordAPIError && typeof err.code === 'number' && gone.has(err.code);

/** How long after its event a ticket without a place is taken to be still opening (retry). */
const placeWaitMs = 120_000;

/**
 * The place of the ticket an event is about. None within `placeWaitMs` of the event: its
 * ticket.opened is being handled right now → PlaceNotReadyError (the event is retried); none later:
 * the ticket never got a place → undefined (nothing to do).
 */
export async function placeOfEvent(deps: TicketEffectDeps, ticketId: string, occurredAtMs: number) {
  const place = await deps.places.place(ticketId);
  if (place) return place;
  if (Date.now() - occurredAtMs < placeWaitMs)
    throw new PlaceNotReadyError(`ticket ${ticketId} has no channel yet`);
  deps.logger.info({ ticketId }, 'ticket has no Discord channel; nothing to do');
  return undefined;
}

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };

/**
 * ticket.opened → a private thread (under the channel the ticket was opened from, or its panel's)
 * or a private channel, per the ticket's category (its mode, name template, Discord category and
 * overflow, support roles), the welcome message (the category's, with the answers to its form),
 * then cmd.ticket.set_channel.
 * Each step is recorded under the event id before the next, so a redelivery (another replica, a
 * restart) continues where the last attempt stopped instead of creating a second thread.
 */
export async function onTicketOpened(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  correlationId: string,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const { settings } = await deps.settings.get(ticket.guildId, 'tickets');
  const category = categoryOfTicket(settings, ticket);
  if (!record.channelId) {
    const parentId =
      (correlationId ? await deps.places.originOf(correlationId) : undefined) ??
      (ticket.panelId ? await deps.places.panelChannel(ticket.panelId) : undefined);
    const username = category.channelNameTemplate.includes('{username}')
      ? (await deps.api.users.get(ticket.openerId)).username
      : '';
    const name = ticketChannelName(category.channelNameTemplate, ticket, username, category.name);
    const topic = `Guildwire ticket ${ticket.id}`;
    const found = record.creating
      ? await findCreatedPlace(deps.api, ticket.guildId, { topic, parentId, threadName: name })
      : undefined;
    if (found) {
      record.channelId = found.id;
      record.mode = found.mode;
    } else {
      record.creating = true;
      await deps.log.save(eventId, record);
      const made = await createPlace(deps, ticket, category, { parentId, name, topic });
      record.channelId = made.id;
      record.mode = made.mode;
    }
    await deps.log.save(eventId, record);
  }
  if (!record.messageId) {
    const claim = customId('ticket-claim', ticket.id);
    const found = record.posting ? await findMessageWithButton(deps.api, record.channelId, claim) : undefined;
    if (!found) {
      record.posting = true;
      await deps.log.save(eventId, record);
    }
    const message =
      found ??
      (await deps.api.channels.createMessage(record.channelId, {
        content: welcomeContent(ticket, category.welcomeMessage, category.supportRoleIds),
        embeds: [ticketEmbed(ticket, category.name)],
        components: ticketButtons(ticket),
        allowed_mentions: { users: [ticket.openerId], roles: [...category.supportRoleIds] },
      }));
    record.messageId = message.id;
    await deps.log.save(eventId, record);
  }
  await deps.places.savePlace(ticket.id, {
    guildId: ticket.guildId,
    channelId: record.channelId,
    messageId: record.messageId,
    mode: record.mode ?? 'thread',
    version: ticket.version,
    open: true,
    supportRoleIds: category.supportRoleIds,
    categoryId: category.id,
  });
  await requestCommand(
    deps.bus,
    ticketCommands.setChannel,
    {
      guildId: ticket.guildId,
      actor: system,
      ticketId: ticket.id,
      channelId: record.channelId,
      correlationId,
    },
    { timeoutMs: deps.commandTimeoutMs },
  );
  record.done = true;
  await deps.log.save(eventId, record);
}

async function lockForClose(deps: TicketEffectDeps, place: TicketPlace, ticket: Ticket, closed: boolean) {
  if (place.mode === 'thread') {
    await deps.api.channels.edit(place.channelId, { archived: closed, locked: closed });
    return;
  }
  const access = PermissionFlagsBits.ViewChannel | PermissionFlagsBits.ReadMessageHistory;
  await deps.api.channels.editPermissionOverwrite(place.channelId, ticket.openerId, {
    type: OverwriteType.Member,
    allow: String(closed ? access : access | PermissionFlagsBits.SendMessages),
    deny: String(closed ? PermissionFlagsBits.SendMessages : 0n),
  });
}

/**
 * Any later ticket change → the welcome message shows the ticket as it is now; closed → the thread
 * is archived and locked (a channel: the opener can no longer write), reopened → opened again.
 * Versions make it idempotent and order-proof: an event older than what the message shows is skipped.
 */
export async function onTicketChanged(deps: TicketEffectDeps, ticket: Ticket, occurredAtMs: number) {
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  if (ticket.version <= place.version) return;
  const closed = ticket.status === TicketStatus.CLOSED;
  const { settings } = await deps.settings.get(ticket.guildId, 'tickets');
  try {
    // An archived thread refuses edits: reopen before editing, edit before archiving.
    if (!closed && place.mode === 'thread') await lockForClose(deps, place, ticket, false);
    await deps.api.channels.editMessage(place.channelId, place.messageId, {
      embeds: [ticketEmbed(ticket, categoryOfTicket(settings, ticket).name)],
      components: ticketButtons(ticket, transcriptLink(deps.dashboardUrl ?? '', ticket)),
    });
    if (closed || place.mode === 'channel') await lockForClose(deps, place, ticket, closed);
  } catch (err) {
    if (!isGone(err)) throw err;
    deps.logger.warn(
      { ticketId: ticket.id, channelId: place.channelId },
      "the ticket's channel or message was deleted",
    );
  }
  await deps.places.savePlace(ticket.id, { ...place, version: ticket.version, open: !closed });
}

/**
 * ticket.close_requested → a message in the ticket asking the opener to agree, with Accept / Deny
 * (they call cmd.ticket.answer_close_request; the request closes itself at its deadline otherwise).
 */
export async function onCloseRequested(
  deps: TicketEffectDeps,
  eventId: string,
  ticket: Ticket,
  request: CloseRequest,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const place = await placeOfEvent(deps, ticket.id, occurredAtMs);
  if (!place) return;
  const deadline = request.deadline ? Number(request.deadline.seconds) : 0;
  try {
    const message = await deps.api.channels.createMessage(place.channelId, {
      content: [
        `<@${ticket.openerId}>, <@${request.requesterId}> would like to close this ticket.`,
        request.reason ? `Reason: ${request.reason}` : '',
        deadline ? `It closes by itself <t:${deadline}:R> unless you answer.` : '',
      ]
        .filter(Boolean)
        .join('\n')
        .slice(0, 2000),
      components: [
        {
          type: 1,
          components: [
            { type: 2, style: 3, label: 'Accept', custom_id: customId('ticket-close-accept', ticket.id) },
            { type: 2, style: 2, label: 'Keep it open', custom_id: customId('ticket-close-deny', ticket.id) },
          ],
        },
      ],
      allowed_mentions: { users: [ticket.openerId] },
    });
    record.messageId = message.id;
  } catch (err) {
    if (!isGone(err)) throw err;
  }
  record.done = true;
  await deps.log.save(eventId, record);
}

/** A private thread under `parentId` (thread mode), else a private channel; the created id and mode. */
async function createPlace(
  deps: TicketEffectDeps,
  ticket: Ticket,
  category: ResolvedTicketCategory,
  where: { parentId: string | undefined; name: string; topic: string },
): Promise<{ id: string; mode: 'thread' | 'channel' }> {
  const { parentId, name, topic } = where;
  // A ticket opened outside Discord (the dashboard) has no channel to hang a thread from, and
  // the channel it came from may have been deleted since: both get a channel of their own.
  let mode: 'thread' | 'channel' = category.channelMode === 'thread' && parentId ? 'thread' : 'channel';
  let channel: { id: string } | undefined;
  if (mode === 'thread' && parentId) {
    channel = await createTicketThread(deps.api, parentId, name, ticket.openerId).catch((err: unknown) => {
      if (!isUnknownChannel(err)) throw err;
      mode = 'channel';
      return undefined;
    });
  }
  channel ??= await createTicketChannel(deps.api, deps.guilds, {
    guildId: ticket.guildId,
    name: name.toLowerCase().replaceAll(/\s+/g, '-'),
    topic,
    openerId: ticket.openerId,
    supportRoleIds: category.supportRoleIds,
    botUserId: deps.botUserId,
    categoryIds: category.discordCategoryIds,
  });
  return { id: channel.id, mode };
}
