import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { dashboardService } from '../src/app.js';
import { authRoutes } from '../src/routes/auth-routes.js';
import { webConfigRoute } from '../src/routes/web-config-route.js';

// Prints the OpenAPI document of the dashboard's sign-in and /config.json routes, without a
// database or NATS (`npm run gen` builds the web app's typed client from it).
const document = await describeApi(dashboardService, async (app) => {
  await app.register(authRoutes, {
    uses: unusedDependencies(),
    discord: unusedDependencies(),
    publicOrigin: 'http://127.0.0.1:3106',
    secureCookies: true,
    sessionTtlS: 1,
  });
  await app.register(webConfigRoute, { web: unusedDependencies() });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
