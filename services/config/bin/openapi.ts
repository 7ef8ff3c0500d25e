import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { configService } from '../src/app.js';
import { settingsRoutes } from '../src/routes/settings-routes.js';

// Prints the OpenAPI document the service serves at /openapi.json, without a database or NATS
// (`npm run gen` builds the dashboard's typed client from it).
const document = await describeApi(configService, async (app) => {
  await app.register(settingsRoutes, {
    prefix: '/v1/guilds/:guildId',
    changes: unusedDependencies(),
    queries: unusedDependencies(),
  });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
