import type { EventBus } from './events.js';
import { createEventBus } from './events.js';
import { createOAuthStore, type OAuthStore } from './oauth/oauth-store.js';
import type { ResolvedOptions } from './options.js';
import type { SnowflakeGenerator } from './snowflake.js';
import { createSnowflakeGenerator } from './snowflake.js';
import type { Store } from './state/store.js';
import { createStore } from './state/store.js';
import type { ApiUser } from './state/types.js';

/** The addresses the server is reachable at, known once it listens. */
export interface ServerUrls {
  http: string;
  gateway: string;
}

/** What every part of one fake server shares: options, state, events, ids and timers. */
export interface FakeDiscordContext {
  options: ResolvedOptions;
  store: Store;
  bus: EventBus;
  ids: SnowflakeGenerator;
  urls: ServerUrls;
  botUser: ApiUser;
  applicationId: string;
  /** OAuth2 codes and user tokens (libs/fake-discord/src/oauth). */
  oauth: OAuthStore;
  /** Schedules work that must not outlive the server (interaction deadlines, session expiry). */
  schedule(ms: number, task: () => void): () => void;
  /** Cancels every scheduled task and refuses new ones (on close). */
  cancelAll(): void;
}

/** Creates the shared context, including the bot user. */
export function createContext(options: ResolvedOptions): FakeDiscordContext {
  const ids = createSnowflakeGenerator();
  const store = createStore();
  const botUser: ApiUser = {
    id: options.applicationId ?? ids.next(),
    username: options.botUsername,
    discriminator: '0',
    global_name: null,
    avatar: null,
    bot: true,
    system: false,
    public_flags: 0,
    flags: 0,
  };
  store.users.set(botUser.id, botUser);
  const timers = new Set<NodeJS.Timeout>();
  let closed = false;
  const ctx: FakeDiscordContext = {
    options,
    store,
    bus: createEventBus(),
    ids,
    urls: { http: '', gateway: '' },
    botUser,
    applicationId: botUser.id,
    oauth: undefined as unknown as OAuthStore,
    schedule(ms, task) {
      if (closed) return () => {};
      const timer = setTimeout(() => {
        timers.delete(timer);
        task();
      }, ms);
      // Deadlines and expiries never keep a process alive on their own.
      timer.unref();
      timers.add(timer);
      return () => {
        clearTimeout(timer);
        timers.delete(timer);
      };
    },
    cancelAll() {
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
  ctx.oauth = createOAuthStore(ctx.applicationId, options);
  return ctx;
}
