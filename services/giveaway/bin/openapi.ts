import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { giveawayService } from '../src/app.js';
import { giveawayApi } from '../src/routes/giveaway-api.js';

// Prints the OpenAPI document the service serves at /openapi.json, without a database or NATS
// (`npm run gen` builds the dashboard's typed client from it).
const document = await describeApi(giveawayService, async (app) => {
  await app.register(giveawayApi, {
    prefix: '/v1/guilds/:guildId',
    deps: unusedDependencies(),
    counter: unusedDependencies(),
    giveaways: unusedDependencies(),
    entries: unusedDependencies(),
    queries: unusedDependencies(),
  });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
