import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { readableError } from './api/api-error.js';
import { createApiClients } from './api/clients.js';
import type { WebConfig } from './api/types.js';
import { App } from './app.js';
import { AppContext } from './app-context.js';
import { startLive } from './live/live-connection.js';
import { SessionEndedError, startSession } from './session/session.js';
import './styles.css';

// Start-up: where the services are (GET /config.json), who is signed in (POST /auth/token; the
// sign-in page when nobody is), then the API clients, the live stream and the pages.
const root = createRoot(document.getElementById('root')!);

async function boot(): Promise<void> {
  const response = await fetch('/config.json');
  if (!response.ok) throw new Error(`the dashboard did not give its configuration (HTTP ${response.status})`);
  const web = (await response.json()) as WebConfig;
  const session = await startSession();
  const queryClient = new QueryClient({
    defaultOptions: {
      queries: {
        // Live events keep cached data current: nothing refetches on focus or on a timer.
        staleTime: Number.POSITIVE_INFINITY,
        refetchOnWindowFocus: false,
        retry: (failures, error) => failures < 2 && !(error as { status?: number }).status,
      },
    },
  });
  const services = {
    web,
    session,
    api: createApiClients(web, session),
    live: startLive(web.realtimeUrl, session, queryClient),
  };
  root.render(
    <AppContext.Provider value={services}>
      <QueryClientProvider client={queryClient}>
        <App />
      </QueryClientProvider>
    </AppContext.Provider>,
  );
}

boot().catch((error: unknown) => {
  if (error instanceof SessionEndedError) return; // on the way to the sign-in page
  root.render(
    <main className="boot-error" role="alert">
      <h1>Guildwire could not start</h1>
      <p>{readableError(error)}</p>
      <button type="button" onClick={() => location.reload()}>
        Try again
      </button>
    </main>,
  );
});
