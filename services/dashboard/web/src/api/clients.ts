import createClient, { type Client, type Middleware } from 'openapi-fetch';
import type { Session } from '../session/session.js';
import { goToLogin } from '../session/session.js';
import { apiErrorOf, NetworkError } from './api-error.js';
import type { BotGatewayPaths, ConfigPaths, GiveawayPaths, TicketPaths, WebConfig } from './types.js';

/** Typed clients of every service the pages call (generated from their OpenAPI documents). */
export interface ApiClients {
  readonly tickets: Client<TicketPaths>;
  readonly giveaways: Client<GiveawayPaths>;
  readonly config: Client<ConfigPaths>;
  readonly discord: Client<BotGatewayPaths>;
}

/**
 * Every request carries a current token. A 401 gets one retry with a renewed token (it may have
 * expired while the laptop slept, or a service may not know a rotated key yet); a second 401 means
 * the session is over. Errors of any other status become ApiError, failed connections NetworkError.
 */
function authMiddleware(session: Session): Middleware {
  // fetch consumes a request's body: the retry is a copy taken before it left.
  const spares = new WeakMap<Request, Request>();
  return {
    async onRequest({ request }) {
      request.headers.set('authorization', `Bearer ${await session.getToken()}`);
      spares.set(request, request.clone());
      return request;
    },
    async onResponse({ request, response }) {
      const spare = spares.get(request);
      spares.delete(request);
      if (response.status !== 401 || spare === undefined) return response;
      spare.headers.set('authorization', `Bearer ${await session.renew()}`);
      const again = await fetch(spare);
      if (again.status === 401) goToLogin();
      return again;
    },
    onError({ request, error }) {
      return new NetworkError(request.url, { cause: error });
    },
  };
}

/** The clients, pointed at the URLs GET /config.json gave. */
export function createApiClients(web: WebConfig, session: Session): ApiClients {
  const auth = authMiddleware(session);
  const make = <P extends {}>(baseUrl: string) => {
    const client = createClient<P>({ baseUrl });
    client.use(auth);
    return client;
  };
  return {
    tickets: make<TicketPaths>(web.ticketApiUrl),
    giveaways: make<GiveawayPaths>(web.giveawayApiUrl),
    config: make<ConfigPaths>(web.configApiUrl),
    discord: make<BotGatewayPaths>(web.botGatewayApiUrl),
  };
}

/**
 * The body of a successful answer, or throws its ApiError: pages call
 * `unwrap(await api.tickets.GET(...))` and let TanStack Query show the error.
 */
export async function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): Promise<T> {
  if (result.response.ok) return result.data as T;
  throw await apiErrorOf(result.response, result.error);
}

/** The ETag of an answer as a version number (the services' optimistic concurrency). */
export function versionOf(response: Response): number | undefined {
  const tag = response.headers.get('etag');
  const n = tag === null ? Number.NaN : Number(tag.replace(/^W\//, '').replaceAll('"', ''));
  return Number.isInteger(n) ? n : undefined;
}
