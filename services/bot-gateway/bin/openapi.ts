import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { botGatewayService } from '../src/app.js';
import { botGatewayApi } from '../src/routes/bot-gateway-api.js';

// Prints the OpenAPI document the service serves at /openapi.json, without Discord or NATS
// (`npm run gen` builds the dashboard's typed client from it).
const document = await describeApi(botGatewayService, async (app) => {
  await app.register(botGatewayApi, {
    prefix: '/v1/guilds/:guildId',
    queries: unusedDependencies(),
    panels: unusedDependencies(),
  });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
