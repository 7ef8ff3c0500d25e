import { runService } from '@guildwire/service-kit';
import { buildApp } from './app.js';
import { loadDashboardConfig } from './config.js';

// Wiring only: configuration → app → listen → signals (runService drains on SIGTERM/SIGINT).
const config = loadDashboardConfig();
const app = await buildApp(config);
await runService(app, { port: config.PORT, host: config.HOST });
