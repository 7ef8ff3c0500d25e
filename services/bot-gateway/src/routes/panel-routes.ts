import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ErrorResponseSchema } from '@guildwire/service-kit';
import { Type } from 'typebox';
import type { PanelSender } from '../panels/panel-sender.js';

/** Options of the panel routes. */
export interface PanelRoutesOptions {
  readonly panels: PanelSender;
}

const Snowflake = Type.String({ pattern: '^[0-9]{17,20}$' });

/** POST /discord/panels: the dashboard's panel sender posts a module's panel in a text channel. */
export const panelRoutes: FastifyPluginAsyncTypebox<PanelRoutesOptions> = async (app, { panels }) => {
  app.post(
    '/discord/panels',
    {
      onRequest: app.requireGuildRole('admin'),
      schema: {
        summary: "Post a module's panel (voice) in a text channel of the guild",
        description:
          'A retry with the same `Idempotency-Key` answers the first post (200, `replayed: true`) instead of posting again. ' +
          '`music` is refused (400 DISCORD_ERR_PANEL_UNAVAILABLE): Guildwire has no music player.',
        tags: ['discord'],
        params: Type.Object({ guildId: Snowflake }),
        headers: Type.Object({
          'idempotency-key': Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
        }),
        body: Type.Object(
          { kind: Type.Union([Type.Literal('voice'), Type.Literal('music')]), channelId: Snowflake },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            messageId: Type.String(),
            channelId: Type.String(),
            kind: Type.String(),
            replayed: Type.Boolean(),
          }),
          201: Type.Object({
            messageId: Type.String(),
            channelId: Type.String(),
            kind: Type.String(),
            replayed: Type.Boolean(),
          }),
          400: ErrorResponseSchema,
          401: ErrorResponseSchema,
          403: ErrorResponseSchema,
          404: ErrorResponseSchema,
          409: ErrorResponseSchema,
        },
      },
    },
    async (request, reply) => {
      const { guildId } = request.params;
      const key = request.headers['idempotency-key'];
      const sent = await panels.send({
        guildId,
        kind: request.body.kind,
        channelId: request.body.channelId,
        ...(key === undefined ? {} : { idempotencyKey: key }),
      });
      return reply.code(sent.replayed ? 200 : 201).send({ ...sent, kind: request.body.kind });
    },
  );
};
