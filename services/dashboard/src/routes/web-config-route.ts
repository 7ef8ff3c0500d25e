import type { ServiceApp } from '@guildwire/service-kit';
import { type Static, Type } from 'typebox';

/** GET /config.json: where the web app finds the services it calls (browser-reachable URLs). */
export const WebConfigSchema = Type.Object({
  ticketApiUrl: Type.String(),
  giveawayApiUrl: Type.String(),
  configApiUrl: Type.String(),
  botGatewayApiUrl: Type.String(),
  realtimeUrl: Type.String({ description: 'ws(s)://host/v1/stream' }),
});

/** The web app's service URLs. */
export type WebConfig = Static<typeof WebConfigSchema>;

/**
 * The web app is built once and deployed anywhere: it reads the services' addresses at start from
 * here rather than having them baked in at build time.
 */
export async function webConfigRoute(app: ServiceApp, options: { readonly web: WebConfig }): Promise<void> {
  const body = Object.freeze({ ...options.web });
  app.get(
    '/config.json',
    { schema: { summary: "The services' URLs for the web app", response: { 200: WebConfigSchema } } },
    async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return body;
    },
  );
}
