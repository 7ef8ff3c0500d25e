import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { GiveawayReplyJson, toDashboardJson } from '@guildwire/contracts';
import { ifMatchVersion, setVersionTag, WriteHeaders } from '@guildwire/service-kit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { type TSchema, Type } from 'typebox';
import type { Caller } from '../domain/giveaway.js';
import { limits } from '../domain/limits.js';
import type { ChangeOptions } from '../use-cases/deps.js';
import type { GiveawayChanges } from '../use-cases/giveaway-changes.js';
import { type GiveawayResult, giveawayReplyToProto } from '../wire/to-proto.js';
import { httpCaller } from './http-caller.js';
import { errors, GiveawayParams } from './schemas.js';

const NoBody = Type.Object({}, { additionalProperties: false });
const RerollBody = Type.Object(
  { count: Type.Optional(Type.Integer({ minimum: 1, maximum: limits.rerollCount, default: 1 })) },
  { additionalProperties: false },
);

/** One lifecycle action: POST `/giveaways/:giveawayId/<path>`, If-Match optional (412 when stale). */
interface Action {
  readonly path: string;
  readonly summary: string;
  readonly body: TSchema;
  // biome-ignore lint/suspicious/noExplicitAny: each action's body is validated by its own schema
  readonly run: (caller: Caller, id: string, body: any, options: ChangeOptions) => Promise<GiveawayResult>;
}

/** Pause, resume, end now, cancel and reroll (managers). */
export const giveawayActionRoutes: FastifyPluginAsyncTypebox<{
  readonly giveaways: GiveawayChanges;
}> = async (app, { giveaways }) => {
  // Actions are mostly bodiless POSTs: an absent body is an empty object, then validated as usual.
  app.addHook('preValidation', async (request) => {
    if (request.body === undefined || request.body === null) request.body = {};
  });
  const actions: Action[] = [
    {
      path: 'pause',
      summary: 'Pause: no entries, the end waits',
      body: NoBody,
      run: (c, id, _b, o) => giveaways.pause(c, id, o),
    },
    {
      path: 'resume',
      summary: 'Resume: the end moves by the paused time',
      body: NoBody,
      run: (c, id, _b, o) => giveaways.resume(c, id, o),
    },
    {
      path: 'end',
      summary: 'End now: draw the winners and reveal the seed',
      body: NoBody,
      run: (c, id, _b, o) => giveaways.end(c, id, o),
    },
    {
      path: 'cancel',
      summary: 'Cancel: nobody wins',
      body: NoBody,
      run: (c, id, _b, o) => giveaways.cancel(c, id, o),
    },
    {
      path: 'reroll',
      summary:
        'Draw `count` more winners from the same ranking (never an earlier winner; 409 when none is left)',
      body: RerollBody,
      run: (c, id, b: { count?: number }, o) => giveaways.reroll(c, id, b.count ?? 1, o),
    },
  ];
  for (const action of actions) {
    app.route({
      method: 'POST',
      url: `/giveaways/:giveawayId/${action.path}`,
      onRequest: app.requireGuildRole('staff'),
      schema: {
        summary: action.summary,
        tags: ['giveaways'],
        params: GiveawayParams,
        headers: WriteHeaders,
        body: action.body,
        response: { 200: GiveawayReplyJson, ...errors(400, 401, 403, 404, 409, 412, 422, 503) },
      },
      handler: async (request: FastifyRequest, reply: FastifyReply) => {
        const params = request.params as { guildId: string; giveawayId: string };
        const headers = request.headers as { 'if-match'?: string; 'idempotency-key'?: string };
        const result = await action.run(
          httpCaller(request, params.guildId),
          params.giveawayId,
          request.body ?? {},
          {
            expectedVersion: ifMatchVersion(headers),
            idempotencyKey: headers['idempotency-key'],
          },
        );
        setVersionTag(reply, result.giveaway.version);
        return toDashboardJson(GiveawayReplyJson, giveawayReplyToProto(result));
      },
    });
  }
};
