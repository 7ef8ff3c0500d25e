import type { MessageInitShape } from '@bufbuild/protobuf';
import { timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { APIAttachment, APIEmbed, APIMessage, APIUser } from '@discordjs/core';
import type { TicketMessageSchema } from '@guildwire/contracts';
import { MentionKind, type TicketMessage } from '@guildwire/contracts';

/** A Discord message as a dispatch or REST answer carries it (fields we read). */
export type DiscordMessage = Pick<
  APIMessage,
  'id' | 'channel_id' | 'content' | 'timestamp' | 'edited_timestamp'
> & {
  readonly author?: APIUser;
  readonly member?: { nick?: string | null } | undefined;
  readonly embeds?: APIEmbed[];
  readonly attachments?: APIAttachment[];
  readonly mentions?: (APIUser & { member?: { nick?: string | null } })[];
  readonly mention_roles?: string[];
  readonly webhook_id?: string;
  readonly nonce?: string | number;
};

/** Names the bot knows of a guild's roles and channels (from its guild cache). */
export interface GuildNames {
  role(id: string): string | undefined;
  channel(id: string): string | undefined;
}

const displayName = (user: APIUser, nick?: string | null) => nick ?? user.global_name ?? user.username;

function avatarUrl(user: APIUser): string | undefined {
  return user.avatar ? `https://cdn.discordapp.com/avatars/${user.id}/${user.avatar}.png` : undefined;
}

const iso = (value: string | null | undefined) => (value ? timestampFromDate(new Date(value)) : undefined);

/**
 * The message as cmd.ticket.record_message reports it: author with the name Discord showed, text,
 * embeds, attachment links, and each mention with the name it stands for now (a transcript sealed
 * later shows these names, not whatever they are renamed to).
 */
export function capturedMessage(
  m: DiscordMessage,
  names: GuildNames,
): MessageInitShape<typeof TicketMessageSchema> {
  const mentions: { kind: MentionKind; id: string; name: string }[] = [];
  for (const u of m.mentions ?? [])
    mentions.push({ kind: MentionKind.USER, id: u.id, name: displayName(u, u.member?.nick) });
  for (const id of m.mention_roles ?? [])
    mentions.push({ kind: MentionKind.ROLE, id, name: names.role(id) ?? '' });
  for (const [, id] of (m.content ?? '').matchAll(/<#(\d{1,20})>/g))
    if (id) mentions.push({ kind: MentionKind.CHANNEL, id, name: names.channel(id) ?? '' });
  return {
    id: m.id,
    channelId: m.channel_id,
    author: m.author
      ? {
          id: m.author.id,
          name: displayName(m.author, m.member?.nick),
          avatarUrl: avatarUrl(m.author),
          bot: Boolean(m.author.bot || m.webhook_id),
        }
      : undefined,
    content: m.content ?? '',
    embeds: (m.embeds ?? []).slice(0, 10).map((e) => ({
      title: e.title ?? '',
      description: e.description ?? '',
      url: e.url ?? '',
      color: e.color ?? 0,
      authorName: e.author?.name ?? '',
      footerText: e.footer?.text ?? '',
      imageUrl: e.image?.url ?? '',
      thumbnailUrl: e.thumbnail?.url ?? '',
      fields: (e.fields ?? []).map((f) => ({ name: f.name, value: f.value, inline: f.inline ?? false })),
    })),
    attachments: (m.attachments ?? []).map((a) => ({
      id: a.id,
      filename: a.filename,
      url: a.url,
      contentType: a.content_type ?? '',
      size: BigInt(a.size),
    })),
    mentions,
    createdAt: iso(m.timestamp),
    editedAt: iso(m.edited_timestamp),
  };
}

/** A message known only by its id (a delete). */
export function deletedMessage(id: string, channelId: string): MessageInitShape<typeof TicketMessageSchema> {
  return { id, channelId, deletedAt: timestampFromDate(new Date()) };
}

const noncePrefix = 'gw';

/**
 * The nonce the bot posts a dashboard reply with: `gw` + the reply id's 16 bytes in base64url
 * (24 characters; Discord allows 25). With `enforce_nonce` Discord answers a retried send with
 * the first message, and the MESSAGE_CREATE it dispatches carries the nonce back: capture knows
 * which reply the message carried out.
 */
export function replyNonce(replyId: string): string {
  return noncePrefix + Buffer.from(replyId.replaceAll('-', ''), 'hex').toString('base64url');
}

/** The reply id a nonce names, or '' for any other nonce. */
export function replyIdOfNonce(nonce: string | number | undefined): string {
  if (typeof nonce !== 'string' || nonce.length !== 24 || !nonce.startsWith(noncePrefix)) return '';
  const hex = Buffer.from(nonce.slice(noncePrefix.length), 'base64url').toString('hex');
  if (hex.length !== 32) return '';
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type { TicketMessage };
