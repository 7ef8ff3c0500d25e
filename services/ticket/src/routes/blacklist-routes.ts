import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { TicketBlacklistEntryJson, toDashboardJson } from '@guildwire/contracts';
import { Type } from 'typebox';
import type { BlacklistEntry, BlacklistKind } from '../domain/blacklist.js';
import { limits } from '../domain/limits.js';
import type { Blacklist } from '../use-cases/blacklist.js';
import { blacklistEntryToProto } from '../wire/blacklist-proto.js';
import { httpCaller } from './http-caller.js';
import { errors, GuildParams, Snowflake } from './schemas.js';

/** Options of the blacklist routes. */
export interface BlacklistRoutesOptions {
  readonly blacklist: Blacklist;
}

const EntryParams = Type.Object({
  guildId: Snowflake,
  kind: Type.Enum(['users', 'roles'], { description: 'A user or a role entry' }),
  targetId: Snowflake,
});
const AddBody = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: limits.blacklistReason,
      pattern: '\\S',
      description: 'Shown to the refused user when they try to open a ticket',
    }),
  },
  { additionalProperties: false },
);

const kindOf = (plural: 'users' | 'roles'): BlacklistKind => (plural === 'users' ? 'user' : 'role');
// The same form as the entry in ticket.blacklist_* events.
const entryJson = (entry: BlacklistEntry) =>
  toDashboardJson(TicketBlacklistEntryJson, blacklistEntryToProto(entry));

/** The guild's ticket blacklist: staff (admins included) read and edit it; members get 403. */
export const blacklistRoutes: FastifyPluginAsyncTypebox<BlacklistRoutesOptions> = async (
  app,
  { blacklist },
) => {
  const tags = ['blacklist'];

  app.get(
    '/tickets/blacklist',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'List the users and roles who may not open tickets, newest first',
        tags,
        params: GuildParams,
        response: { 200: Type.Array(TicketBlacklistEntryJson), ...errors(401, 403) },
      },
    },
    async (request) => (await blacklist.list(httpCaller(request, request.params.guildId))).map(entryJson),
  );

  app.put(
    '/tickets/blacklist/:kind/:targetId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Blacklist a user or role (201 when new; again: 200, the reason replaced, idempotent)',
        tags,
        params: EntryParams,
        body: AddBody,
        response: { 200: TicketBlacklistEntryJson, 201: TicketBlacklistEntryJson, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { guildId, kind, targetId } = request.params;
      const result = await blacklist.add(
        httpCaller(request, guildId),
        kindOf(kind),
        targetId,
        request.body.reason,
      );
      return reply.code(result.created ? 201 : 200).send(entryJson(result.entry));
    },
  );

  app.delete(
    '/tickets/blacklist/:kind/:targetId',
    {
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: 'Remove a blacklist entry (404 when there is none)',
        tags,
        params: EntryParams,
        response: { 204: Type.Null(), ...errors(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const { guildId, kind, targetId } = request.params;
      await blacklist.remove(httpCaller(request, guildId), kindOf(kind), targetId);
      return reply.code(204).send(null);
    },
  );
};
