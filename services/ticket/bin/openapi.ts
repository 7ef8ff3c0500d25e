import { describeApi, unusedDependencies } from '@guildwire/service-kit';
import { ticketService } from '../src/app.js';
import { ticketApi } from '../src/routes/ticket-api.js';

// Prints the OpenAPI document the service serves at /openapi.json, without a database or NATS
// (`npm run gen` builds the dashboard's typed client from it).
const document = await describeApi(ticketService, async (app) => {
  await app.register(ticketApi, {
    prefix: '/v1/guilds/:guildId',
    deps: unusedDependencies(),
    tickets: unusedDependencies(),
    queries: unusedDependencies(),
    panels: unusedDependencies(),
    conversation: unusedDependencies(),
    tags: unusedDependencies(),
    blacklist: unusedDependencies(),
  });
});
process.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
