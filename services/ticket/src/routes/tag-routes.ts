import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketTagJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import { Type } from 'typebox';
import { type Tag, tagLimits } from '../domain/tag.js';
import type { Tags } from '../use-cases/tags.js';
import { tagToProto } from '../wire/tag-events.js';
import { httpCaller } from './http-caller.js';
import { errors, GuildParams, Snowflake } from './schemas.js';

/** Options of the tag routes. */
export interface TagRoutesOptions {
  readonly tags: Tags;
}

// Lengths only: the name's form and the keywords' are checked by the use case (the same rule as
// over NATS), after trimming and folding to lower case, with a message naming the rule.
const fields = {
  name: Type.String({
    minLength: 1,
    maxLength: tagLimits.name + 8,
    description: `Unique in the guild, any case (kept lower case): a-z, 0-9, "-", "_"; at most ${tagLimits.name}`,
  }),
  content: Type.String({ minLength: 1, maxLength: tagLimits.content, description: 'What is posted' }),
  keywords: Type.Array(Type.String({ maxLength: tagLimits.keyword + 8 }), {
    maxItems: tagLimits.keywords,
    description:
      "Plain words or phrases (not regular expressions) matched as whole words, any case, in the opener's messages: the tag is posted once per ticket; empty: never",
  }),
};
const CreateBody = Type.Object(
  { name: fields.name, content: fields.content, keywords: Type.Optional(fields.keywords) },
  { additionalProperties: false },
);
const EditBody = Type.Partial(Type.Object(fields), { additionalProperties: false, minProperties: 1 });
const TagParams = Type.Object({ guildId: Snowflake, tagId: Type.String({ format: 'uuid' }) });

// The same form as the tag in ticket.tag_* events.
const tagJson = (tag: Tag) => toDashboardJson(TicketTagJson, tagToProto(tag));

/** Tags (canned replies) under `/tickets/tags`: staff read, admins create, edit (If-Match required) and delete. */
export const tagRoutes: FastifyPluginAsyncTypebox<TagRoutesOptions> = async (app, { tags }) => {
  const openapiTags = ['tags'];

  app.get(
    '/tickets/tags',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: "List the guild's tags, by name",
        tags: openapiTags,
        params: GuildParams,
        response: { 200: Type.Array(TicketTagJson), ...errors(401, 403) },
      },
    },
    async (request) => (await tags.list(httpCaller(request, request.params.guildId))).map(tagJson),
  );

  app.post(
    '/tickets/tags',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Create a tag',
        tags: openapiTags,
        params: GuildParams,
        body: CreateBody,
        response: { 201: TicketTagJson, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const tag = await tags.create(httpCaller(request, request.params.guildId), request.body);
      setVersionTag(reply, tag.version);
      return reply.code(201).send(tagJson(tag));
    },
  );

  app.get(
    '/tickets/tags/:tagId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'One tag',
        tags: openapiTags,
        params: TagParams,
        response: { 200: TicketTagJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const tag = await tags.get(httpCaller(request, request.params.guildId), request.params.tagId);
      setVersionTag(reply, tag.version);
      return tagJson(tag);
    },
  );

  app.patch(
    '/tickets/tags/:tagId',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Edit a tag (If-Match required)',
        tags: openapiTags,
        params: TagParams,
        headers: WriteHeaders,
        body: EditBody,
        response: { 200: TicketTagJson, ...errors(400, 401, 403, 404, 409, 412, 428) },
      },
    },
    async (request, reply) => {
      const { guildId, tagId } = request.params;
      const tag = await tags.update(
        httpCaller(request, guildId),
        tagId,
        request.body,
        ifMatchVersion(request.headers, true),
      );
      setVersionTag(reply, tag.version);
      return tagJson(tag);
    },
  );

  app.delete(
    '/tickets/tags/:tagId',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Delete a tag',
        tags: openapiTags,
        params: TagParams,
        headers: WriteHeaders,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404, 412) },
      },
    },
    async (request, reply) => {
      const { guildId, tagId } = request.params;
      await tags.remove(httpCaller(request, guildId), tagId, ifMatchVersion(request.headers));
      return reply.code(204).send(null);
    },
  );
};
