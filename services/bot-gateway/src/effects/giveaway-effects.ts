import { timestampMs } from '@bufbuild/protobuf/wkt';
import type { API } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, CommandRejectedError, requestCommand } from '@guildwire/bus';
import { ActorKind, type Giveaway, GiveawayStatus, giveawayCommands } from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { Logger } from 'pino';
import { customId } from '../interactions/custom-ids.js';
import type { GiveawayPlace, GiveawayPlaces } from '../state/giveaway-places.js';
import type { EffectLog } from './effect-log.js';
import { findMessageWithButton } from './find-message.js';
import { giveawayButtons, giveawayEmbed, mentionedUsers, winnersAnnouncement } from './giveaway-message.js';
import { PlaceNotReadyError } from './ticket-effects.js';

/** What the giveaway side effects use. */
export interface GiveawayEffectDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly settings: SettingsClient;
  readonly giveaways: GiveawayPlaces;
  readonly log: EffectLog;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** Least time between two entrant-count edits of one message (GIVEAWAY_COUNT_EDIT_MS). */
  readonly countEditMs: number;
  /** Arms a later edit of a throttled count (at `atMs`); the side-effect plugin keeps the timers. */
  readonly showCountLater: (giveawayId: string, atMs: number) => void;
}

// Unknown Channel / Unknown Message / Missing Access / Missing Permissions: deleted or hidden by
// hand. Retrying cannot help: logged and skipped.
const unreachable = new Set([10003, 10008, 50001, 50013]);
const isUnreachable = (err: unknown) =>
  err instanceof DiscordAPIError && typeof err.code === 'number' && unreachable.has(err.code);

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };
const notReadyWindowMs = 120_000;

async function messageOf(deps: GiveawayEffectDeps, g: Giveaway) {
  const { settings } = await deps.settings.get(g.guildId, 'giveaways');
  return { embeds: [giveawayEmbed(g, settings)], components: giveawayButtons(g, settings) };
}

/**
 * giveaway.created → the giveaway message (embed + Enter) in its channel, its place recorded in KV,
 * then cmd.giveaway.set_message. The steps are recorded under the event id; the posting intent
 * lets an attempt killed between Discord's answer and the record find the message instead of
 * posting a second one.
 */
export async function onGiveawayCreated(deps: GiveawayEffectDeps, eventId: string, g: Giveaway) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const log = deps.logger.child({ giveawayId: g.id, guildId: g.guildId });
  const channelId = g.channelId;
  if (!channelId) {
    log.info('giveaway has no channel (none given, no default channel): no message posted');
    record.done = true;
    return deps.log.save(eventId, record);
  }
  if (!record.messageId && !record.unreachable) {
    const button = customId('giveaway-enter', g.id);
    try {
      const found = record.posting ? await findMessageWithButton(deps.api, channelId, button) : undefined;
      if (!found) {
        record.posting = true;
        await deps.log.save(eventId, record);
      }
      const message = found ?? (await deps.api.channels.createMessage(channelId, await messageOf(deps, g)));
      record.messageId = message.id;
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      log.warn(
        { channelId, code: (err as DiscordAPIError).code },
        "the giveaway's channel is gone or hidden",
      );
      record.unreachable = true;
    }
    record.channelId = channelId;
    await deps.log.save(eventId, record);
  }
  // Kept even without a message: later events of this giveaway then know there is nothing to edit.
  await deps.giveaways.create(g.id, {
    guildId: g.guildId,
    channelId,
    ...(record.messageId ? { messageId: record.messageId } : {}),
    giveaway: g,
    countedAtMs: 0,
    countEditedAtMs: 0,
    countPending: false,
  });
  if (record.messageId) {
    try {
      await requestCommand(
        deps.bus,
        giveawayCommands.setMessage,
        { guildId: g.guildId, actor: system, giveawayId: g.id, channelId, messageId: record.messageId },
        { timeoutMs: deps.commandTimeoutMs },
      );
    } catch (err) {
      // Deleted since (a dashboard admin's purge): nothing to record it on.
      if (!(err instanceof CommandRejectedError && err.code === 'GIVEAWAY_ERR_NOT_FOUND')) throw err;
    }
  }
  record.done = true;
  await deps.log.save(eventId, record);
}

/** The place of a later event's giveaway; undefined when there is no message to touch. */
async function placeFor(deps: GiveawayEffectDeps, g: Giveaway, occurredAtMs: number) {
  const at = await deps.giveaways.read(g.id);
  if (at) return at;
  // Its giveaway.created is being handled right now (retry), or the giveaway never got a message.
  if (g.channelId && Date.now() - occurredAtMs < notReadyWindowMs)
    throw new PlaceNotReadyError(`giveaway ${g.id} has no message yet`);
  deps.logger.info({ giveawayId: g.id }, 'giveaway has no Discord message; nothing to update');
  return undefined;
}

/**
 * Writes a new state of a giveaway's place and makes its message show it. `merge` returns the
 * next place, or undefined when the place already holds something as new. The Discord edit comes
 * before the compare-and-set write: a writer whose write loses (another replica changed the place
 * meanwhile, maybe editing the message after it) merges into the newer place and edits again, so
 * the message always ends up showing the last place written, whatever the interleaving.
 */
export async function showOnMessage(
  deps: GiveawayEffectDeps,
  giveawayId: string,
  merge: (place: GiveawayPlace, nowMs: number) => GiveawayPlace | undefined,
  options: { force?: boolean } = {},
): Promise<void> {
  let mustEdit = options.force ?? false;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const at = await deps.giveaways.read(giveawayId);
    if (!at) return;
    const merged = merge(at.place, Date.now());
    if (!merged && !mustEdit) return;
    let next = merged ?? at.place;
    if (next.messageId && (mustEdit || !next.countPending)) {
      const [before, after] = await Promise.all([
        messageOf(deps, at.place.giveaway),
        messageOf(deps, next.giveaway),
      ]);
      // A place with a pending count shows less than it holds: edit even when the render is the same.
      if (mustEdit || at.place.countPending || JSON.stringify(before) !== JSON.stringify(after)) {
        try {
          await deps.api.channels.editMessage(next.channelId, next.messageId, after);
        } catch (err) {
          if (!isUnreachable(err)) throw err;
          deps.logger.warn(
            { giveawayId, channelId: next.channelId, messageId: next.messageId },
            "the giveaway's message or channel was deleted; it is no longer updated",
          );
          const { messageId: _gone, ...rest } = next;
          next = rest;
        }
      }
      if (next.countPending) next = { ...next, countPending: false };
    }
    if (await deps.giveaways.replace(giveawayId, next, at.revision)) return;
    mustEdit = true;
  }
  throw new Error(`the place of giveaway ${giveawayId} kept changing; retrying later`);
}

const isOver = (g: Giveaway) => g.status === GiveawayStatus.ENDED || g.status === GiveawayStatus.CANCELLED;

/** The event's giveaway as the message should show it, when it is newer than what the place holds. */
function mergeState(g: Giveaway) {
  return (place: GiveawayPlace, nowMs: number): GiveawayPlace | undefined => {
    if (g.version <= place.giveaway.version) return undefined;
    // A count taken after this change is newer than the count the event carries (an end's is exact).
    const updatedMs = g.updatedAt ? timestampMs(g.updatedAt) : 0;
    const keepCount = g.status !== GiveawayStatus.ENDED && place.countedAtMs > updatedMs;
    const giveaway = keepCount ? { ...g, entrantCount: place.giveaway.entrantCount } : g;
    return { ...place, giveaway, countPending: false, countEditedAtMs: nowMs };
  };
}

/**
 * updated, started, paused, resumed, cancelled → the message shows the event's giveaway, only
 * when newer than what it shows (versions): replays and out-of-order deliveries change nothing.
 */
export async function onGiveawayChanged(deps: GiveawayEffectDeps, g: Giveaway, occurredAtMs: number) {
  if (!(await placeFor(deps, g, occurredAtMs))) return;
  await showOnMessage(deps, g.id, mergeState(g));
}

/**
 * ended, rerolled → the message shows the winners, and one announcement (split into messages under
 * Discord's 2000 characters) is posted in its channel. Each posted part is recorded under the event
 * id, with an intent before it: a redelivery posts only the parts not yet posted.
 */
export async function onWinnersDrawn(
  deps: GiveawayEffectDeps,
  eventId: string,
  g: Giveaway,
  winnerIds: readonly string[],
  round: number,
  occurredAtMs: number,
) {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const at = await placeFor(deps, g, occurredAtMs);
  await showOnMessage(deps, g.id, mergeState(g));
  const channelId = at?.place.channelId ?? g.channelId;
  if (!channelId) {
    record.done = true;
    return deps.log.save(eventId, record);
  }
  const parts = winnersAnnouncement(g, winnerIds, round);
  record.parts ??= [];
  try {
    for (let i = record.parts.length; i < parts.length; i++) {
      const content = parts[i]!;
      const found = record.posting ? await findOwnMessage(deps.api, channelId, content) : undefined;
      if (!found) {
        record.posting = true;
        await deps.log.save(eventId, record);
      }
      const messageId = at?.place.messageId;
      const message =
        found ??
        (await deps.api.channels.createMessage(channelId, {
          content,
          allowed_mentions: { users: mentionedUsers(content) },
          ...(i === 0 && messageId
            ? { message_reference: { message_id: messageId, fail_if_not_exists: false } }
            : {}),
        }));
      record.parts.push(message.id);
      record.posting = false;
      await deps.log.save(eventId, record);
    }
  } catch (err) {
    if (!isUnreachable(err)) throw err;
    deps.logger.warn(
      { giveawayId: g.id, channelId },
      "the giveaway's channel is gone: winners not announced",
    );
  }
  record.done = true;
  await deps.log.save(eventId, record);
}

/** A recent message of the channel with exactly `content`: a part posted before a crash. */
async function findOwnMessage(api: API, channelId: string, content: string) {
  const recent = await api.channels.getMessages(channelId, { limit: 50 });
  return recent.find((m) => m.content === content);
}

/**
 * giveaway.entrants_counted (coalesced by the giveaway service, about once a second) → the
 * message's entrant count, edited in at most every `countEditMs`: a count arriving sooner is kept
 * in the place and shown by a later edit (armed here), so the last count is always shown.
 */
export async function onEntrantsCounted(
  deps: GiveawayEffectDeps,
  giveawayId: string,
  count: number,
  countedAtMs: number,
) {
  let showAt: number | undefined;
  await showOnMessage(deps, giveawayId, (place, nowMs) => {
    showAt = undefined;
    if (countedAtMs <= place.countedAtMs || isOver(place.giveaway)) return undefined;
    const throttled = nowMs - place.countEditedAtMs < deps.countEditMs;
    if (throttled) showAt = place.countEditedAtMs + deps.countEditMs;
    return {
      ...place,
      giveaway: { ...place.giveaway, entrantCount: count },
      countedAtMs,
      countPending: throttled,
      countEditedAtMs: throttled ? place.countEditedAtMs : nowMs,
    };
  });
  if (showAt !== undefined) deps.showCountLater(giveawayId, showAt);
}

/** The later edit of a throttled count: shows what the place holds if it is still pending. */
export async function showPendingCount(deps: GiveawayEffectDeps, giveawayId: string) {
  await showOnMessage(deps, giveawayId, (place, nowMs) =>
    place.countPending && !isOver(place.giveaway)
      ? { ...place, countPending: false, countEditedAtMs: nowMs }
      : undefined,
  );
}
