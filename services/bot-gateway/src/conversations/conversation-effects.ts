import type { API, APIUser } from '@discordjs/core';
import { DiscordAPIError } from '@discordjs/rest';
import { type Bus, requestCommand } from '@guildwire/bus';
import {
  ActorKind,
  MessageChange,
  type Ticket,
  type TicketReplyDraft,
  ticketCommands,
} from '@guildwire/contracts';
import type { SettingsClient } from '@guildwire/settings-client';
import type { Logger } from 'pino';
import type { GuildCache } from '../cache/guild-cache.js';
import type { EffectLog } from '../effects/effect-log.js';
import { capturedMessage, replyNonce } from './capture-mapping.js';
import type { CaptureQueue } from './capture-queue.js';
import { namesOf } from './message-capture.js';
import { transcriptLink } from './transcript-link.js';

/** What the conversation side effects use. */
export interface ConversationEffectDeps {
  readonly api: API;
  readonly bus: Bus;
  readonly cache: GuildCache;
  readonly settings: SettingsClient;
  readonly log: EffectLog;
  readonly queue: CaptureQueue;
  readonly dashboardUrl: string;
  readonly commandTimeoutMs: number;
  readonly logger: Logger;
  /** Who wrote replies: name and avatar, fetched once per few minutes per user. */
  readonly authors: AuthorDirectory;
}

/** Display names and avatars of dashboard users, as Discord knows them. */
export interface AuthorDirectory {
  of(userId: string): Promise<{ name: string; icon?: string }>;
}

/**
 * A user's name and avatar from Discord, remembered for `ttlMs` (at most `max` users): a busy
 * ticket's replies cost no extra REST request each, and a renamed user shows up within minutes.
 */
export function createAuthorDirectory(api: API, ttlMs = 5 * 60_000, max = 10_000): AuthorDirectory {
  const known = new Map<string, { at: number; author: { name: string; icon?: string } }>();
  return {
    async of(userId) {
      const hit = known.get(userId);
      if (hit && Date.now() - hit.at < ttlMs) return hit.author;
      const author = await authorOf(api, userId);
      if (known.size >= max) known.delete(known.keys().next().value!);
      known.set(userId, { at: Date.now(), author });
      return author;
    },
  };
}

const system = { kind: ActorKind.SYSTEM, id: 'bot-gateway' };

// Discord's answers that retrying cannot change: the place is gone, archived, or closed to the bot.
const refusals: Record<number, string> = {
  10003: "the ticket's thread or channel was deleted in Discord",
  50083: "the ticket's thread is archived",
  50001: "the bot can no longer see the ticket's thread or channel",
  50013: 'the bot lacks the permission to write there',
  50035: 'Discord refused the message',
};

const refusalOf = (err: unknown) =>
  err instanceof DiscordAPIError && typeof err.code === 'number' ? refusals[err.code] : undefined;

async function authorOf(api: API, userId: string): Promise<{ name: string; icon?: string }> {
  try {
    const user: APIUser = await api.users.get(userId);
    const icon = user.avatar ? `https://cdn.discordapp.com/avatars/${user.id}/${user.avatar}.png` : undefined;
    return { name: user.global_name ?? user.username, ...(icon ? { icon } : {}) };
  } catch {
    return { name: `user ${userId}` };
  }
}

const snowflake = /^[0-9]{17,20}$/;

/** Who the reply's embed names: the writer "from the dashboard", or with the tag /tag or an auto-reply posted. */
function replyByline(author: { name: string; icon?: string }, reply: TicketReplyDraft) {
  const how = reply.tagName
    ? snowflake.test(reply.authorId)
      ? `tag ${reply.tagName}`
      : `auto-reply · tag ${reply.tagName}`
    : 'from the dashboard';
  return { name: `${author.name} · ${how}`.slice(0, 256), ...(author.icon ? { icon_url: author.icon } : {}) };
}

/**
 * ticket.reply_requested → the reply in the ticket's thread, posted by the bot with the writer's
 * name and avatar on a small embed ("from the dashboard"). Why the bot and not a webhook: a
 * webhook needs Manage Webhooks and one webhook per parent channel (15 at most), and cannot take a
 * nonce; the bot's message carries the reply's nonce with enforce_nonce, so a retried post
 * answers the first message instead of posting twice, and the MESSAGE_CREATE it dispatches names
 * the reply (the dashboard shows one message). The effect log makes a redelivered event a no-op.
 * Discord refusing for good (deleted or archived thread…) → cmd.ticket.reply_failed, and the
 * event is done.
 */
export async function onReplyRequested(
  deps: ConversationEffectDeps,
  eventId: string,
  reply: TicketReplyDraft,
  channelId: string,
): Promise<void> {
  const record = await deps.log.get(eventId);
  if (record.done) return;
  // An auto-reply is the bot's own (its author is the bot's system actor, not a Discord user).
  const author = snowflake.test(reply.authorId)
    ? await deps.authors.of(reply.authorId)
    : { name: 'Guildwire' };
  let posted: Awaited<ReturnType<API['channels']['createMessage']>>;
  try {
    record.posting = true;
    await deps.log.save(eventId, record);
    posted = await deps.api.channels.createMessage(channelId, {
      content: reply.content,
      embeds: [{ author: replyByline(author, reply), color: 0x5865f2 }],
      nonce: replyNonce(reply.id),
      enforce_nonce: true,
      // A dashboard reply pings nobody: @everyone or a role in it stays text.
      allowed_mentions: { parse: [] },
    });
  } catch (err) {
    const why = refusalOf(err);
    if (!why) throw err;
    deps.logger.info(
      { ticketId: reply.ticketId, replyId: reply.id, code: (err as DiscordAPIError).code },
      why,
    );
    await requestCommand(
      deps.bus,
      ticketCommands.replyFailed,
      { guildId: reply.guildId, actor: system, ticketId: reply.ticketId, replyId: reply.id, error: why },
      { timeoutMs: deps.commandTimeoutMs },
    );
    record.done = true;
    await deps.log.save(eventId, record);
    return;
  }
  // Recorded at once (the dispatch of the same message follows and changes nothing).
  await deps.queue.publish({
    guildId: reply.guildId,
    ticketId: reply.ticketId,
    change: MessageChange.CREATED,
    message: capturedMessage(posted, namesOf(deps.cache, reply.guildId)),
    replyId: reply.id,
  });
  record.messageId = posted.id;
  record.done = true;
  await deps.log.save(eventId, record);
}

/**
 * ticket.closed → when the guild's tickets settings name a transcript channel, a summary of the
 * sealed transcript there (ticket, opener, closer, message count, sha256) with a link to it on
 * the dashboard. Posted once per close (effect log, and a nonce for a retry in between).
 */
export async function onTicketClosedTranscript(
  deps: ConversationEffectDeps,
  eventId: string,
  ticket: Ticket,
): Promise<void> {
  if (!ticket.transcript) return;
  const { settings } = await deps.settings.get(ticket.guildId, 'tickets');
  const channelId = settings.transcriptChannelId;
  if (!channelId) return;
  const record = await deps.log.get(eventId);
  if (record.done) return;
  const link = transcriptLink(deps.dashboardUrl, ticket);
  try {
    const message = await deps.api.channels.createMessage(channelId, {
      embeds: [
        {
          title: `Transcript — ticket #${ticket.number}: ${ticket.subject}`.slice(0, 256),
          fields: [
            { name: 'Opened by', value: `<@${ticket.openerId}>`, inline: true },
            {
              name: 'Closed by',
              value: ticket.closedBy ? `<@${ticket.closedBy}>` : 'Guildwire',
              inline: true,
            },
            { name: 'Messages', value: String(ticket.transcript.messageCount), inline: true },
            ...(ticket.closeReason
              ? [{ name: 'Reason', value: ticket.closeReason.slice(0, 1024), inline: false }]
              : []),
          ],
          footer: { text: `sha256 ${ticket.transcript.digest}` },
          color: 0x99aab5,
        },
      ],
      components: link
        ? [{ type: 1, components: [{ type: 2, style: 5, label: 'Open transcript', url: link }] }]
        : [],
      nonce: replyNonce(eventId),
      enforce_nonce: true,
      allowed_mentions: { parse: [] },
    });
    record.messageId = message.id;
  } catch (err) {
    if (!refusalOf(err)) throw err;
    deps.logger.warn(
      { ticketId: ticket.id, channelId },
      'could not post the transcript in the transcript channel',
    );
  }
  record.done = true;
  await deps.log.save(eventId, record);
}
