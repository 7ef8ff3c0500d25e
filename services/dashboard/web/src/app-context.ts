import { createContext, useContext } from 'react';
import type { ApiClients } from './api/clients.js';
import type { WebConfig } from './api/types.js';
import type { Live } from './live/live-connection.js';
import type { Session } from './session/session.js';

/** What every page reaches: the session, the typed API clients and the live connection. */
export interface AppServices {
  readonly web: WebConfig;
  readonly session: Session;
  readonly api: ApiClients;
  readonly live: Live;
}

export const AppContext = createContext<AppServices | undefined>(undefined);

/** The app's services (inside <AppContext.Provider>). */
export function useApp(): AppServices {
  const services = useContext(AppContext);
  if (services === undefined) throw new Error('useApp outside the app');
  return services;
}
