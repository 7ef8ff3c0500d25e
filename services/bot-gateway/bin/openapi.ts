import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { botGatewayService } from '../src/app.js';
import { discordRoutes } from '../src/routes/discord-routes.js';
import { panelRoutes } from '../src/routes/panel-routes.js';

// Prints the OpenAPI document the service serves at /openapi.json, without Discord or NATS
// (`npm run gen` builds the dashboard's typed client from it).
const document = await describeApi(botGatewayService, async (app) => {
  await app.register(discordRoutes, { prefix: '/v1/guilds/:guildId', queries: unusedDependencies() });
  await app.register(panelRoutes, { prefix: '/v1/guilds/:guildId', panels: unusedDependencies() });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
