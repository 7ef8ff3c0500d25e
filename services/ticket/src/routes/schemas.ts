import { ErrorResponseSchema } from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';
import { limits } from '../domain/limits.js';

/** A Discord id (snowflake) in decimal. */
export const Snowflake = Type.String({ pattern: '^[0-9]{1,20}$', description: 'Discord id' });
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

// Plain `enum`s: one readable error ("must be one of low, normal, high, urgent") and one OpenAPI enum.
export const Priority = Type.Enum(['low', 'normal', 'high', 'urgent']);
export const Status = Type.Enum(['open', 'claimed', 'closed']);
const Sort = Type.Enum(
  ['created_at', '-created_at', 'updated_at', '-updated_at', 'number', '-number', 'priority', '-priority'],
  { default: '-created_at' },
);
export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: limits.tag }), {
  maxItems: limits.tags,
});

export const GuildParams = Type.Object({ guildId: Snowflake });
export const TicketParams = Type.Object({ guildId: Snowflake, ticketId: Uuid });
export const AttachmentParams = Type.Object({ guildId: Snowflake, ticketId: Uuid, attachmentId: Uuid });
export const PanelParams = Type.Object({ guildId: Snowflake, panelId: Uuid });

export const CloseRequestJson = Type.Object({
  id: Type.String(),
  requesterId: Type.String(),
  reason: Type.String(),
  deadline: DateTime,
  status: Type.String(),
  createdAt: DateTime,
});

export const TicketJson = Type.Object(
  {
    id: Type.String(),
    guildId: Type.String(),
    number: Type.Integer(),
    panelId: Nullable(Type.String()),
    category: Type.String(),
    subject: Type.String(),
    description: Type.String(),
    status: Status,
    priority: Priority,
    openerId: Type.String(),
    assigneeId: Nullable(Type.String()),
    channelId: Nullable(Type.String()),
    tags: Type.Array(Type.String()),
    createdAt: DateTime,
    updatedAt: DateTime,
    closedAt: Nullable(DateTime),
    closeReason: Nullable(Type.String()),
    closedBy: Nullable(Type.String()),
    firstResponseAt: Nullable(DateTime),
    lastActivityAt: DateTime,
    autoCloseAt: Nullable(DateTime),
    closeRequest: Type.Union([CloseRequestJson, Type.Null()]),
    version: Type.Integer(),
  },
  { $id: 'Ticket' },
);
export type TicketJson = Static<typeof TicketJson>;

export const CommentJson = Type.Object({
  id: Type.String(),
  ticketId: Type.String(),
  authorId: Type.String(),
  body: Type.String(),
  createdAt: DateTime,
});
export const AttachmentJson = Type.Object({
  id: Type.String(),
  ticketId: Type.String(),
  name: Type.String(),
  url: Type.String(),
  contentType: Type.String(),
  size: Type.Integer(),
  uploaderId: Type.String(),
  createdAt: DateTime,
});
export const HistoryJson = Type.Object({
  action: Type.String(),
  actorKind: Type.String(),
  actorId: Type.String(),
  fromStatus: Nullable(Type.String()),
  toStatus: Type.String(),
  version: Type.Integer(),
  at: DateTime,
});

/** The answer of every ticket write. */
export const TicketReplyJson = Type.Object({
  ticket: TicketJson,
  comment: Type.Optional(CommentJson),
  attachment: Type.Optional(AttachmentJson),
  replayed: Type.Boolean({ description: 'True when an Idempotency-Key matched an earlier request' }),
});

export const TicketDetailsJson = Type.Object({
  ticket: TicketJson,
  comments: Type.Array(CommentJson),
  attachments: Type.Array(AttachmentJson),
  history: Type.Array(HistoryJson),
});

export const TicketPageJson = Type.Object({
  items: Type.Array(TicketJson),
  nextCursor: Type.Optional(Type.String()),
});

export const PanelJson = Type.Object({
  id: Type.String(),
  guildId: Type.String(),
  title: Type.String(),
  description: Type.String(),
  buttonLabel: Type.String(),
  colour: Type.Integer(),
  category: Type.String(),
  channelId: Nullable(Type.String()),
  messageId: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: DateTime,
  updatedAt: DateTime,
});

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Array(Status, { maxItems: 3 })),
  priority: Type.Optional(Type.Array(Priority, { maxItems: 4 })),
  assignee: Type.Optional(Snowflake),
  opener: Type.Optional(Snowflake),
  panel: Type.Optional(Uuid),
  q: Type.Optional(
    Type.String({ minLength: 1, maxLength: limits.textQuery, description: 'Text in subject or description' }),
  ),
  createdFrom: Type.Optional(DateTime),
  createdTo: Type.Optional(DateTime),
  sort: Type.Optional(Sort),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.pageSize, default: 25 })),
  cursor: Type.Optional(Type.String({ maxLength: 512 })),
});

/** Error replies a route may give, for OpenAPI. */
export function errors(...codes: number[]): Record<number, typeof ErrorResponseSchema> {
  return Object.fromEntries(codes.map((c) => [c, ErrorResponseSchema]));
}
