import { createHash } from 'node:crypto';
import { resolveTicketCategory } from '@guildwire/contracts';
import type {
  MessageAttachment,
  MessageAuthor,
  MessageEmbed,
  TicketMessage,
  TranscriptSeal,
} from './conversation.js';
import type { TicketSettings } from './settings.js';
import type { Ticket } from './ticket.js';

/** One message as a transcript keeps it. */
export interface TranscriptMessage {
  readonly id: string;
  readonly author: MessageAuthor;
  readonly content: string;
  readonly embeds: readonly MessageEmbed[];
  readonly attachments: readonly MessageAttachment[];
  readonly createdAt: string;
  readonly editedAt: string | null;
  readonly replyId: string | null;
}

/** A ticket's conversation as one document: what is sealed, served as JSON and rendered as HTML. */
export interface Transcript {
  readonly format: 'guildwire.transcript.v1';
  readonly ticket: {
    readonly id: string;
    readonly guildId: string;
    readonly number: number;
    readonly subject: string;
    readonly openerId: string;
    readonly createdAt: string;
    readonly closedAt: string | null;
    readonly closedBy: string | null;
    readonly closeReason: string | null;
    /** The category and form answers at the seal; absent from transcripts sealed before they were kept. */
    readonly categoryId?: string;
    /** The category's name at the seal (its id when the category had been deleted). */
    readonly categoryName?: string;
    readonly answers?: readonly { readonly label: string; readonly value: string }[];
  };
  /** When it was sealed; null for the live transcript of a ticket not closed. */
  readonly sealedAt: string | null;
  /**
   * The names mentions and authors stood for, as last seen up to the seal: `user:<id>`,
   * `role:<id>`, `channel:<id>` → name. The transcript shows these, not today's names.
   */
  readonly names: Readonly<Record<string, string>>;
  readonly messages: readonly TranscriptMessage[];
}

/**
 * The transcript of `messages` (in order, deleted ones left out), under the ticket's category's name. Keys are written in a fixed
 * order, so the same conversation always serializes to the same bytes and the same digest.
 */
export function buildTranscript(
  ticket: Ticket,
  messages: readonly TicketMessage[],
  sealedAt: Date | null,
  categoryName: string,
): Transcript {
  const names: Record<string, string> = {};
  for (const m of messages) {
    for (const mention of m.mentions) if (mention.name) names[`${mention.kind}:${mention.id}`] = mention.name;
    if (m.author.name) names[`user:${m.author.id}`] = m.author.name;
  }
  return {
    format: 'guildwire.transcript.v1',
    ticket: {
      id: ticket.id,
      guildId: ticket.guildId,
      number: ticket.number,
      subject: ticket.subject,
      openerId: ticket.openerId,
      createdAt: ticket.createdAt.toISOString(),
      closedAt: ticket.closedAt?.toISOString() ?? null,
      closedBy: ticket.closedBy,
      closeReason: ticket.closeReason,
      categoryId: ticket.categoryId,
      categoryName,
      answers: ticket.answers.map((a) => ({ label: a.label, value: a.value })),
    },
    sealedAt: sealedAt?.toISOString() ?? null,
    names: Object.fromEntries(Object.entries(names).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    messages: messages.map((m) => ({
      id: m.id,
      author: { id: m.author.id, name: m.author.name, avatarUrl: m.author.avatarUrl, bot: m.author.bot },
      content: m.content,
      embeds: m.embeds,
      attachments: m.attachments,
      createdAt: m.createdAt.toISOString(),
      editedAt: m.editedAt?.toISOString() ?? null,
      replyId: m.replyId,
    })),
  };
}

/** The name a transcript shows for the ticket's category: today's name, or its id once deleted. */
export function transcriptCategoryName(ticket: Ticket, settings: TicketSettings): string {
  return resolveTicketCategory(settings, ticket.categoryId)?.name ?? ticket.categoryId;
}

/** The sealed form: the body's bytes and their sha256, kept unchanged for as long as the ticket. */
export function sealTranscript(transcript: Transcript): { body: string; seal: TranscriptSeal } {
  const body = JSON.stringify(transcript);
  return {
    body,
    seal: {
      digest: transcriptDigest(body),
      sealedAt: new Date(transcript.sealedAt ?? Date.now()),
      messageCount: transcript.messages.length,
    },
  };
}

/** sha256 (hex) of a transcript body. */
export function transcriptDigest(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
