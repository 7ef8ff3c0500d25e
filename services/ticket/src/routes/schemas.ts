import {
  AttachmentJson,
  CommentJson,
  TicketJson,
  TicketPriorityJson,
  TicketStatusJson,
} from '@guildwire/contracts';
import { ErrorResponseSchema } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { limits } from '../domain/limits.js';
import { maxSearchWords } from '../domain/message-search.js';

/** A Discord id (snowflake) in decimal. */
export const Snowflake = Type.String({ pattern: '^[0-9]{1,20}$', description: 'Discord id' });
const Uuid = Type.String({ format: 'uuid' });
const DateTime = Type.String({ format: 'date-time' });
const Sort = Type.Enum(
  ['created_at', '-created_at', 'updated_at', '-updated_at', 'number', '-number', 'priority', '-priority'],
  { default: '-created_at' },
);
/** A ticket category's id (tickets settings); "default" for the module's top-level one. */
export const CategoryId = Type.String({
  pattern: '^[a-z0-9][a-z0-9-]{0,23}$',
  description: 'Ticket category id ("default" for the default category)',
});

/** Answers to a category's questions, matched by label. */
export const Answers = Type.Array(
  Type.Object(
    {
      label: Type.String({ minLength: 1, maxLength: limits.questionLabel }),
      value: Type.String({ maxLength: limits.answer }),
    },
    { additionalProperties: false },
  ),
  { maxItems: limits.answers },
);

export const Tags = Type.Array(Type.String({ minLength: 1, maxLength: limits.tag }), {
  maxItems: limits.tags,
});

export const GuildParams = Type.Object({ guildId: Snowflake });
export const TicketParams = Type.Object({ guildId: Snowflake, ticketId: Uuid });
export const AttachmentParams = Type.Object({ guildId: Snowflake, ticketId: Uuid, attachmentId: Uuid });
export const PanelParams = Type.Object({ guildId: Snowflake, panelId: Uuid });

// Tickets, comments, attachments, panels and replies answer with the schemas generated from the
// protos (`TicketJson`, ...): HTTP and the realtime stream share one JSON form, so a page applies a
// live event to what it fetched without a mapper. Only what no proto carries is written here.

/** One line of a ticket's audit trail (HTTP only: events carry the change itself). */
export const HistoryJson = Type.Object({
  action: Type.String(),
  actorKind: Type.String(),
  actorId: Type.String(),
  fromStatus: Type.Union([TicketStatusJson, Type.Null()]),
  toStatus: TicketStatusJson,
  version: Type.Integer(),
  at: DateTime,
});

/** A ticket with its comments, attachments and history. */
export const TicketDetailsJson = Type.Object({
  ticket: TicketJson,
  comments: Type.Array(CommentJson),
  attachments: Type.Array(AttachmentJson),
  history: Type.Array(HistoryJson),
});

/** One page of a ticket list. */
export const TicketPageJson = Type.Object({
  items: Type.Array(TicketJson),
  nextCursor: Type.Optional(Type.String()),
});

export const ListQuery = Type.Object({
  status: Type.Optional(Type.Array(TicketStatusJson, { maxItems: 3 })),
  priority: Type.Optional(Type.Array(TicketPriorityJson, { maxItems: 4 })),
  assignee: Type.Optional(Snowflake),
  opener: Type.Optional(Snowflake),
  panel: Type.Optional(Uuid),
  categoryId: Type.Optional(CategoryId),
  q: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: limits.textQuery,
      description: 'Text in subject, description or the answers to the form',
    }),
  ),
  messages: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: limits.textQuery,
      description: `Words written in the ticket's Discord conversation: each word matches as a prefix, every word must be somewhere in the conversation (at most ${maxSearchWords} words; deleted messages are not searched)`,
    }),
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
