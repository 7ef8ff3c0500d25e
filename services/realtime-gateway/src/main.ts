import { runService } from '@guildwire/service-kit';
import { buildApp } from './app.js';
import { loadGatewayConfig } from './config.js';

const config = loadGatewayConfig();
const app = await buildApp(config);
await runService(app, { port: config.port, host: config.host });
