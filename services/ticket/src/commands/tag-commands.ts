import { ticketCommands } from '@guildwire/contracts';
import { tagLimits } from '../domain/tag.js';
import type { Tags } from '../use-cases/tags.js';
import { replyToProto } from '../wire/conversation-proto.js';
import { tagToProto } from '../wire/tag-events.js';
import { optionalKey, optionalVersion } from './command-caller.js';
import { type TicketCommandSpec, ticketCommand } from './command-spec.js';

/** Most tags one tag_list answers (the dashboard's page and the bot's autocomplete ask for fewer). */
export const maxTagList = 100;

/** cmd.ticket.tag_*: the same use cases as the HTTP routes (admins write, staff read and use). */
export function tagCommandTable(tags: Tags): TicketCommandSpec[] {
  return [
    ticketCommand({
      def: ticketCommands.tagList,
      check: (c, req) =>
        c
          .text('prefix', req.prefix, tagLimits.name)
          .check('limit', req.limit <= maxTagList, `must be at most ${maxTagList}`),
      run: async (caller, req) => ({
        tags: (await tags.list(caller, { prefix: req.prefix, limit: req.limit || maxTagList })).map(
          tagToProto,
        ),
      }),
    }),
    ticketCommand({
      def: ticketCommands.tagCreate,
      run: async (caller, req) => ({
        tag: tagToProto(
          await tags.create(caller, { name: req.name, content: req.content, keywords: req.keywords }),
        ),
      }),
    }),
    ticketCommand({
      def: ticketCommands.tagUpdate,
      check: (c, req) => c.uuid('tag_id', req.tagId, { required: true }),
      run: async (caller, req) => ({
        tag: tagToProto(
          await tags.update(
            caller,
            req.tagId,
            {
              ...(req.name !== undefined ? { name: req.name } : {}),
              ...(req.content !== undefined ? { content: req.content } : {}),
              ...(req.hasKeywords ? { keywords: req.keywords } : {}),
            },
            optionalVersion(req.expectedVersion),
          ),
        ),
      }),
    }),
    ticketCommand({
      def: ticketCommands.tagDelete,
      check: (c, req) => c.uuid('tag_id', req.tagId, { required: true }),
      run: async (caller, req) => ({
        tag: tagToProto(await tags.remove(caller, req.tagId, optionalVersion(req.expectedVersion))),
      }),
    }),
    ticketCommand({
      def: ticketCommands.tagUse,
      check: (c, req) =>
        c
          .uuid('ticket_id', req.ticketId, { required: true })
          .text('name', req.name, tagLimits.name, { required: true })
          .text('idempotency_key', req.idempotencyKey, 128),
      run: async (caller, req) => {
        const used = await tags.use(caller, req.ticketId, req.name, {
          idempotencyKey: optionalKey(req.idempotencyKey),
        });
        return { tag: tagToProto(used.tag), reply: replyToProto(used.reply) };
      },
    }),
  ];
}
