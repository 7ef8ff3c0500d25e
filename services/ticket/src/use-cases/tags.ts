import { fieldChecker } from '@guildwire/errors';
import { assertVersion } from '@guildwire/service-kit';
import { uuidv7 } from 'uuidv7';
import type { ReplyDraft } from '../domain/conversation.js';
import { requireAdmin, requireStaff } from '../domain/permissions.js';
import {
  changedTagFields,
  checkTagFields,
  normaliseKeyword,
  normaliseTagName,
  type Tag,
  type TagFields,
  tagLimits,
} from '../domain/tag.js';
import type { Caller } from '../domain/ticket.js';
import { ticketErrors } from '../errors.js';
import { tagStore } from '../store/tag-store.js';
import { emitTagEvent } from '../wire/tag-events.js';
import type { Conversation } from './conversation.js';
import type { TicketDeps } from './deps.js';

/** What a tag use answers: the tag and the reply that posts it. */
export interface TagUse {
  readonly tag: Tag;
  readonly reply: ReplyDraft;
  readonly replayed: boolean;
}

/** Names and keywords as kept (trimmed, lower case), then checked: 400 naming every bad field. */
function normalised<T extends Partial<TagFields>>(fields: T): T {
  const out = {
    ...fields,
    ...(fields.name !== undefined ? { name: normaliseTagName(fields.name) } : {}),
    ...(fields.keywords !== undefined ? { keywords: fields.keywords.map(normaliseKeyword) } : {}),
  };
  const check = fieldChecker();
  checkTagFields(check, out);
  check.done();
  return out;
}

// The unique index decides a race between two creates (or renames) to one name.
const isDuplicateName = (err: unknown) =>
  (err as { code?: string; constraint?: string }).code === '23505' &&
  (err as { constraint?: string }).constraint === 'ticket_tags_guild_name';

async function uniqueName<T>(name: string | undefined, write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (name !== undefined && isDuplicateName(err)) throw new ticketErrors.TICKET_ERR_TAG_EXISTS(name);
    throw err;
  }
}

/** Tags CRUD (admins write, staff read) and posting a tag in a ticket (staff). */
export function createTags(deps: Pick<TicketDeps, 'db' | 'outbox' | 'clock'>, conversation: Conversation) {
  const { db, outbox, clock } = deps;

  async function lockTag(trx: Parameters<typeof tagStore>[0], caller: Caller, id: string, expected?: number) {
    const tag = await tagStore(trx).find(caller.guildId, id, { forUpdate: true });
    if (!tag) throw new ticketErrors.TICKET_ERR_TAG_NOT_FOUND(id);
    assertVersion(expected, tag.version);
    return tag;
  }

  return {
    async list(caller: Caller, options: { prefix?: string; limit?: number } = {}): Promise<Tag[]> {
      requireStaff(caller, 'see tags');
      const prefix = options.prefix === undefined ? undefined : normaliseTagName(options.prefix);
      return tagStore(db).list(caller.guildId, {
        ...(prefix ? { prefix } : {}),
        ...(options.limit ? { limit: options.limit } : {}),
      });
    },

    async get(caller: Caller, id: string): Promise<Tag> {
      requireStaff(caller, 'see tags');
      const tag = await tagStore(db).find(caller.guildId, id);
      if (!tag) throw new ticketErrors.TICKET_ERR_TAG_NOT_FOUND(id);
      return tag;
    },

    async create(
      caller: Caller,
      input: Pick<TagFields, 'name' | 'content'> & Partial<TagFields>,
    ): Promise<Tag> {
      requireAdmin(caller, 'create tags');
      const fields = normalised({ ...input, keywords: input.keywords ?? [] });
      const now = clock();
      const tag: Tag = {
        id: uuidv7(),
        guildId: caller.guildId,
        ...fields,
        version: 1,
        createdAt: now,
        updatedAt: now,
      };
      return uniqueName(fields.name, () =>
        outbox.transaction(async (trx, emit) => {
          const tags = tagStore(trx);
          if (await tags.findByName(caller.guildId, fields.name))
            throw new ticketErrors.TICKET_ERR_TAG_EXISTS(fields.name);
          if ((await tags.count(caller.guildId)) >= tagLimits.perGuild)
            throw new ticketErrors.TICKET_ERR_TAG_LIMIT(tagLimits.perGuild);
          await tags.insert(tag);
          emitTagEvent(emit, caller, tag, { type: 'created' });
          return tag;
        }),
      );
    },

    async update(
      caller: Caller,
      id: string,
      input: Partial<TagFields>,
      expectedVersion?: number,
    ): Promise<Tag> {
      requireAdmin(caller, 'edit tags');
      const edit = normalised(input);
      return uniqueName(edit.name, () =>
        outbox.transaction(async (trx, emit) => {
          const tag = await lockTag(trx, caller, id, expectedVersion);
          const changed = changedTagFields(tag, edit);
          if (changed.length === 0) return tag;
          if (changed.includes('name') && (await tagStore(trx).findByName(caller.guildId, edit.name!)))
            throw new ticketErrors.TICKET_ERR_TAG_EXISTS(edit.name!);
          const defined = Object.fromEntries(Object.entries(edit).filter(([, v]) => v !== undefined));
          const next: Tag = { ...tag, ...defined, version: tag.version + 1, updatedAt: clock() };
          await tagStore(trx).update(next);
          emitTagEvent(emit, caller, next, { type: 'updated', changedFields: changed });
          return next;
        }),
      );
    },

    async remove(caller: Caller, id: string, expectedVersion?: number): Promise<Tag> {
      requireAdmin(caller, 'delete tags');
      return outbox.transaction(async (trx, emit) => {
        const tag = await lockTag(trx, caller, id, expectedVersion);
        await tagStore(trx).delete(id);
        const gone = { ...tag, version: tag.version + 1, updatedAt: clock() };
        emitTagEvent(emit, caller, gone, { type: 'deleted' });
        return gone;
      });
    },

    /**
     * Staff post the tag named `name` in the ticket as their reply: the conversation's reply path
     * (ticket.reply_requested, the bot posts it, it comes back as message_posted), so it is in the
     * conversation and the transcript like any reply.
     */
    async use(
      caller: Caller,
      ticketId: string,
      name: string,
      options: { idempotencyKey?: string | undefined } = {},
    ): Promise<TagUse> {
      requireStaff(caller, 'use tags');
      const tag = await tagStore(db).findByName(caller.guildId, normaliseTagName(name));
      if (!tag) throw new ticketErrors.TICKET_ERR_TAG_NOT_FOUND(name);
      const { reply, replayed } = await conversation.reply(caller, ticketId, tag.content, {
        idempotencyKey: options.idempotencyKey,
        tagName: tag.name,
      });
      return { tag, reply, replayed };
    },
  };
}

/** The tag use cases. */
export type Tags = ReturnType<typeof createTags>;
