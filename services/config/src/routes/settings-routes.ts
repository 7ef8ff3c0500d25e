import type { JsonObject } from '@bufbuild/protobuf';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  createMessage,
  ListSettingsModulesReplyJson,
  ListSettingsModulesReplySchema,
  ModuleSettingsJson,
  ModuleSettingsSchema,
  SettingsHistoryReplyJson,
  SettingsHistoryReplySchema,
  SettingsReplyJson,
  SettingsVersionJson,
  SettingsVersionSchema,
  toDashboardJson,
} from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import type { FastifyReply } from 'fastify';
import type { ConfigUseCases } from '../use-cases/config-use-cases.js';
import type { SettingsResult } from '../use-cases/settings-changes.js';
import {
  moduleInfoToProto,
  moduleSettingsToProto,
  settingsReplyToProto,
  settingsVersionToProto,
} from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import {
  errors,
  GuildParams,
  HistoryQuery,
  ModuleParams,
  ResetBody,
  RollbackBody,
  SettingsDocument,
  VersionParams,
  WriteQuery,
} from './schemas.js';

const tags = ['settings'];
const writeErrors = errors(400, 401, 403, 404, 412, 413, 422, 428);

// A write answers like cmd.config.*: the settings after it and whether it was a replay.
function answerWrite(reply: FastifyReply, result: SettingsResult) {
  setVersionTag(reply, result.state.version);
  if (result.replayed) reply.header('idempotent-replayed', 'true');
  return toDashboardJson(SettingsReplyJson, settingsReplyToProto(result));
}

/**
 * `/v1/guilds/:guildId/settings…`: staff read, admins write. Every write needs If-Match (428
 * without, 412 when stale) and answers with the new version as ETag.
 */
export const settingsRoutes: FastifyPluginAsyncTypebox<ConfigUseCases> = async (
  app,
  { queries, changes },
) => {
  // RFC 7396 names its own media type for merge patches; plain JSON is accepted too.
  app.addContentTypeParser(
    'application/merge-patch+json',
    { parseAs: 'string' },
    app.getDefaultJsonParser('error', 'error'),
  );

  app.get(
    '/settings',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'The settings modules: the schema (renders and checks a form) and defaults of each',
        tags,
        params: GuildParams,
        response: { 200: ListSettingsModulesReplyJson, ...errors(400, 401, 403) },
      },
    },
    async () =>
      toDashboardJson(
        ListSettingsModulesReplyJson,
        createMessage(ListSettingsModulesReplySchema, { modules: queries.modules().map(moduleInfoToProto) }),
      ),
  );

  app.get(
    '/settings/:module',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: "The guild's settings of a module, defaults filled in (ETag = version; 0 = never changed)",
        tags,
        params: ModuleParams,
        response: { 200: ModuleSettingsJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { guildId, module } = request.params;
      const state = await queries.get(httpCaller(request, guildId), module);
      setVersionTag(reply, state.version);
      return toDashboardJson(
        ModuleSettingsJson,
        createMessage(ModuleSettingsSchema, moduleSettingsToProto(state)),
      );
    },
  );

  for (const method of ['PUT', 'PATCH'] as const) {
    const patch = method === 'PATCH';
    app.route({
      method,
      url: '/settings/:module',
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: patch
          ? 'Merge-patch the settings (RFC 7396; null resets a field to its default); If-Match required'
          : 'Replace the settings (fields left out take their defaults); If-Match required',
        tags,
        params: ModuleParams,
        querystring: WriteQuery,
        headers: WriteHeaders,
        body: SettingsDocument,
        response: { 200: SettingsReplyJson, ...writeErrors },
      },
      handler: async (request, reply) => {
        const { guildId, module } = request.params;
        const result = await changes.update(
          httpCaller(request, guildId),
          module,
          request.body as JsonObject,
          { patch },
          {
            expectedVersion: ifMatchVersion(request.headers, true),
            idempotencyKey: request.headers['idempotency-key'],
            reason: request.query.reason,
          },
        );
        return answerWrite(reply, result);
      },
    });
  }

  app.post(
    '/settings/:module/reset',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: "Back to the module's defaults, as a new version; If-Match required",
        tags,
        params: ModuleParams,
        headers: WriteHeaders,
        body: ResetBody,
        response: { 200: SettingsReplyJson, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { guildId, module } = request.params;
      const result = await changes.reset(httpCaller(request, guildId), module, {
        expectedVersion: ifMatchVersion(request.headers, true),
        idempotencyKey: request.headers['idempotency-key'],
        reason: request.body?.reason,
      });
      return answerWrite(reply, result);
    },
  );

  app.post(
    '/settings/:module/rollback',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: 'Restore the content of an earlier version, as a new version; If-Match required',
        tags,
        params: ModuleParams,
        headers: WriteHeaders,
        body: RollbackBody,
        response: { 200: SettingsReplyJson, ...writeErrors },
      },
    },
    async (request, reply) => {
      const { guildId, module } = request.params;
      const result = await changes.rollback(httpCaller(request, guildId), module, request.body.toVersion, {
        expectedVersion: ifMatchVersion(request.headers, true),
        idempotencyKey: request.headers['idempotency-key'],
        reason: request.body.reason,
      });
      return answerWrite(reply, result);
    },
  );

  app.get(
    '/settings/:module/history',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Versions newest first: content, field-level diff, who, when and why (cursor pagination)',
        tags,
        params: ModuleParams,
        querystring: HistoryQuery,
        response: { 200: SettingsHistoryReplyJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { guildId, module } = request.params;
      const page = await queries.history(httpCaller(request, guildId), module, {
        cursor: request.query.cursor,
        limit: request.query.limit ?? 20,
      });
      return toDashboardJson(
        SettingsHistoryReplyJson,
        createMessage(SettingsHistoryReplySchema, {
          versions: page.versions.map(settingsVersionToProto),
          nextCursor: page.nextCursor ?? '',
        }),
      );
    },
  );

  app.get(
    '/settings/:module/versions/:version',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'One version of the history',
        tags,
        params: VersionParams,
        response: { 200: SettingsVersionJson, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { guildId, module, version } = request.params;
      const entry = await queries.version(httpCaller(request, guildId), module, version);
      return toDashboardJson(
        SettingsVersionJson,
        createMessage(SettingsVersionSchema, settingsVersionToProto(entry)),
      );
    },
  );
};
