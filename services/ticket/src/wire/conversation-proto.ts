import { timestampDate, timestampFromDate } from '@bufbuild/protobuf/wkt';
import type { EmitEvent } from '@guildwire/bus';
import {
  ActorKind,
  ActorSchema,
  createEventMeta,
  createMessage,
  MentionKind,
  MessageChange as ProtoChange,
  type TicketMessage as ProtoMessage,
  ReplyStatus as ProtoReplyStatus,
  TicketMessageSchema,
  TicketReplyDraftSchema,
  ticketEvents,
} from '@guildwire/contracts';
import type {
  MessageChange,
  MessageEventType,
  MessageMention,
  ReplyDraft,
  ReplyStatus,
  TicketMessage,
} from '../domain/conversation.js';
import { snowflakeTime } from '../domain/conversation.js';
import type { Caller } from '../domain/ticket.js';
import { actorOf } from './to-proto.js';

const mentionKinds: Record<MessageMention['kind'], MentionKind> = {
  user: MentionKind.USER,
  role: MentionKind.ROLE,
  channel: MentionKind.CHANNEL,
};
const replyStatuses: Record<ReplyStatus, ProtoReplyStatus> = {
  pending: ProtoReplyStatus.PENDING,
  posted: ProtoReplyStatus.POSTED,
  failed: ProtoReplyStatus.FAILED,
};

/** The domain change a proto MessageChange names; undefined for UNSPECIFIED or unknown. */
export function changeFromProto(change: ProtoChange): MessageChange | undefined {
  if (change === ProtoChange.CREATED) return 'created';
  if (change === ProtoChange.EDITED) return 'edited';
  if (change === ProtoChange.DELETED) return 'deleted';
  return undefined;
}

const ts = (date: Date | null) => (date ? timestampFromDate(date) : undefined);

/** A kept message as events and HTTP answers carry it. */
export function messageToProto(m: TicketMessage) {
  return createMessage(TicketMessageSchema, {
    id: m.id,
    ticketId: m.ticketId,
    guildId: m.guildId,
    channelId: m.channelId,
    author: {
      id: m.author.id,
      name: m.author.name,
      avatarUrl: m.author.avatarUrl ?? undefined,
      bot: m.author.bot,
    },
    content: m.content,
    embeds: m.embeds.map((e) => ({ ...e, fields: e.fields.map((f) => ({ ...f })) })),
    attachments: m.attachments.map((a) => ({ ...a, size: BigInt(a.size) })),
    mentions: m.mentions.map((x) => ({ kind: mentionKinds[x.kind], id: x.id, name: x.name })),
    createdAt: timestampFromDate(m.createdAt),
    editedAt: ts(m.editedAt),
    deletedAt: ts(m.deletedAt),
    replyId: m.replyId ?? undefined,
    version: m.version,
  });
}

/**
 * The message a record_message request reports, for `ticketId`. Dates Discord did not send fall
 * back to what the snowflake says (creation) or now (a delete).
 */
export function messageFromRecord(
  guildId: string,
  ticketId: string,
  m: ProtoMessage,
  replyId: string,
  change: MessageChange,
  now: Date,
): TicketMessage {
  const kinds = Object.entries(mentionKinds) as [MessageMention['kind'], MentionKind][];
  return {
    id: m.id,
    ticketId,
    guildId,
    channelId: m.channelId,
    author: {
      id: m.author?.id ?? '',
      name: m.author?.name ?? '',
      avatarUrl: m.author?.avatarUrl ?? null,
      bot: m.author?.bot ?? false,
    },
    content: m.content,
    embeds: m.embeds.map((e) => ({
      title: e.title,
      description: e.description,
      url: e.url,
      color: e.color,
      authorName: e.authorName,
      footerText: e.footerText,
      imageUrl: e.imageUrl,
      thumbnailUrl: e.thumbnailUrl,
      fields: e.fields.map((f) => ({ name: f.name, value: f.value, inline: f.inline })),
    })),
    attachments: m.attachments.map((a) => ({
      id: a.id,
      filename: a.filename,
      url: a.url,
      contentType: a.contentType,
      size: Number(a.size),
    })),
    mentions: m.mentions.flatMap((x) => {
      const kind = kinds.find(([, k]) => k === x.kind)?.[0];
      return kind ? [{ kind, id: x.id, name: x.name }] : [];
    }),
    createdAt: m.createdAt ? timestampDate(m.createdAt) : snowflakeTime(m.id),
    editedAt: m.editedAt ? timestampDate(m.editedAt) : null,
    deletedAt: m.deletedAt ? timestampDate(m.deletedAt) : change === 'deleted' ? now : null,
    replyId: replyId === '' ? null : replyId,
    version: 0,
  };
}

/** A dashboard reply as events and HTTP answers carry it. */
export function replyToProto(r: ReplyDraft) {
  return createMessage(TicketReplyDraftSchema, {
    id: r.id,
    ticketId: r.ticketId,
    guildId: r.guildId,
    authorId: r.authorId,
    content: r.content,
    status: replyStatuses[r.status],
    messageId: r.messageId ?? undefined,
    error: r.error ?? undefined,
    createdAt: timestampFromDate(r.createdAt),
    version: r.version,
    tagName: r.tagName ?? undefined,
  });
}

const messageEvents = {
  message_posted: ticketEvents.messagePosted,
  message_edited: ticketEvents.messageEdited,
  message_deleted: ticketEvents.messageDeleted,
} as const;

/** Emits a kept message change; the actor is the message's Discord author (the bot for tombstones). */
export function emitMessageEvent(
  emit: EmitEvent,
  type: MessageEventType,
  message: TicketMessage,
  openerId: string,
  correlationId: string | undefined,
): void {
  const def = messageEvents[type];
  const actor = message.author.id
    ? createMessage(ActorSchema, { kind: ActorKind.DISCORD_USER, id: message.author.id })
    : createMessage(ActorSchema, { kind: ActorKind.SYSTEM, id: 'bot-gateway' });
  const meta = createEventMeta({
    guildId: message.guildId,
    actor,
    aggregateVersion: message.version,
    ...(correlationId ? { correlationId } : {}),
  });
  emit(
    def,
    createMessage(def.schema, {
      meta,
      ticketId: message.ticketId,
      openerId,
      message: messageToProto(message),
    }),
  );
}

/** Emits ticket.reply_requested (the bot posts it in `channelId`) or ticket.message_failed. */
export function emitReplyEvent(
  emit: EmitEvent,
  caller: Caller,
  reply: ReplyDraft,
  openerId: string,
  channelId: string,
): void {
  const meta = createEventMeta({
    guildId: reply.guildId,
    actor: actorOf(caller),
    aggregateVersion: reply.version,
    ...(caller.correlationId ? { correlationId: caller.correlationId } : {}),
  });
  const common = { meta, ticketId: reply.ticketId, openerId, reply: replyToProto(reply) };
  if (reply.status === 'failed')
    emit(ticketEvents.messageFailed, createMessage(ticketEvents.messageFailed.schema, common));
  else
    emit(
      ticketEvents.replyRequested,
      createMessage(ticketEvents.replyRequested.schema, { ...common, channelId }),
    );
}
