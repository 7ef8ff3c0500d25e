/** Who wrote a Discord message, as Discord showed them when it was captured. */
export interface MessageAuthor {
  readonly id: string;
  readonly name: string;
  readonly avatarUrl: string | null;
  readonly bot: boolean;
}

/** One field of an embed. */
export interface EmbedField {
  readonly name: string;
  readonly value: string;
  readonly inline: boolean;
}

/** What an embed shows. */
export interface MessageEmbed {
  readonly title: string;
  readonly description: string;
  readonly url: string;
  readonly color: number;
  readonly authorName: string;
  readonly footerText: string;
  readonly imageUrl: string;
  readonly thumbnailUrl: string;
  readonly fields: readonly EmbedField[];
}

/** A file attached to a message: its metadata and link (bytes on Discord's CDN). */
export interface MessageAttachment {
  readonly id: string;
  readonly filename: string;
  readonly url: string;
  readonly contentType: string;
  readonly size: number;
}

/** A mention and the name it stood for when captured. */
export interface MessageMention {
  readonly kind: 'user' | 'role' | 'channel';
  readonly id: string;
  readonly name: string;
}

/** One Discord message of a ticket's conversation. */
export interface TicketMessage {
  /** The Discord message id (snowflake, decimal). */
  readonly id: string;
  readonly ticketId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly author: MessageAuthor;
  readonly content: string;
  readonly embeds: readonly MessageEmbed[];
  readonly attachments: readonly MessageAttachment[];
  readonly mentions: readonly MessageMention[];
  readonly createdAt: Date;
  readonly editedAt: Date | null;
  readonly deletedAt: Date | null;
  readonly replyId: string | null;
  /** 0 for a tombstone (a delete that arrived before its create), then 1, +1 per kept change. */
  readonly version: number;
}

/** What happened to a Discord message. */
export type MessageChange = 'created' | 'edited' | 'deleted';

/** The event a kept change publishes. */
export type MessageEventType = 'message_posted' | 'message_edited' | 'message_deleted';

/** A recorded change's outcome: the row to keep and its event (none for a tombstone). */
export type RecordDecision = {
  readonly next: TicketMessage;
  readonly event: MessageEventType | null;
} | null;

const sameContent = (a: TicketMessage, b: TicketMessage) =>
  a.content === b.content &&
  JSON.stringify(a.embeds) === JSON.stringify(b.embeds) &&
  JSON.stringify(a.attachments) === JSON.stringify(b.attachments);

/**
 * Decides what one reported change does to the kept message (`null`: nothing, a redelivery or an
 * older edit). Discord may deliver a message's create, edits and delete out of order (a live
 * dispatch racing a fetch after a reconnect, a retried forward): an edit applies only when its
 * edited_timestamp is newer than the kept one (or equal with other content: an embed unfurl), a
 * delete is final, and a create after an edit or a delete changes nothing.
 */
export function decideRecord(
  kept: TicketMessage | undefined,
  change: MessageChange,
  incoming: TicketMessage,
): RecordDecision {
  if (change === 'deleted') {
    if (!kept) return { next: tombstone(incoming), event: null };
    if (kept.deletedAt) return null;
    return { next: deleted(kept, incoming.deletedAt ?? new Date()), event: 'message_deleted' };
  }
  if (!kept) return { next: { ...incoming, deletedAt: null, version: 1 }, event: 'message_posted' };
  if (kept.deletedAt) return null;
  // A reply recognised only now (its capture came without the nonce): link it, tell the dashboard.
  const linked = incoming.replyId && !kept.replyId ? incoming.replyId : null;
  if (change === 'created') {
    return linked
      ? { next: { ...kept, replyId: linked, version: kept.version + 1 }, event: 'message_edited' }
      : null;
  }
  const keptAt = kept.editedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const newAt = incoming.editedAt?.getTime() ?? Number.NEGATIVE_INFINITY;
  const newer = newAt > keptAt || (newAt === keptAt && !sameContent(kept, incoming));
  if (!newer && !linked) return null;
  const edit = newer
    ? {
        content: incoming.content,
        embeds: incoming.embeds,
        attachments: incoming.attachments,
        mentions: incoming.mentions,
        editedAt: incoming.editedAt,
        author: incoming.author,
      }
    : {};
  return {
    next: { ...kept, ...edit, replyId: kept.replyId ?? linked, version: kept.version + 1 },
    event: 'message_edited',
  };
}

function deleted(kept: TicketMessage, at: Date): TicketMessage {
  return {
    ...kept,
    content: '',
    embeds: [],
    attachments: [],
    mentions: [],
    deletedAt: at,
    version: kept.version + 1,
  };
}

function tombstone(incoming: TicketMessage): TicketMessage {
  return {
    ...incoming,
    author: { id: '', name: '', avatarUrl: null, bot: false },
    content: '',
    embeds: [],
    attachments: [],
    mentions: [],
    editedAt: null,
    deletedAt: incoming.deletedAt ?? new Date(),
    replyId: null,
    version: 0,
  };
}

/** Discord's epoch (2015-01-01), the base of snowflake timestamps. */
const discordEpochMs = 1_420_070_400_000n;

/** When Discord created the object a snowflake names. */
export function snowflakeTime(id: string): Date {
  return new Date(Number((BigInt(id) >> 22n) + discordEpochMs));
}

/** Status of a dashboard reply. */
export type ReplyStatus = 'pending' | 'posted' | 'failed';

/** A message written on the dashboard for the bot to post in Discord. */
export interface ReplyDraft {
  readonly id: string;
  readonly ticketId: string;
  readonly guildId: string;
  readonly authorId: string;
  readonly content: string;
  readonly status: ReplyStatus;
  readonly messageId: string | null;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly version: number;
  /** The tag whose content this reply posts; null for a reply written by hand. */
  readonly tagName: string | null;
}

/** The sealed transcript's summary kept with the ticket. */
export interface TranscriptSeal {
  readonly digest: string;
  readonly sealedAt: Date;
  readonly messageCount: number;
}

/** Discord's limits on what a bot may post (https://discord.com/developers/docs/resources/message). */
export const discordLimits = {
  /** Characters of a message's content. */
  content: 2000,
} as const;
