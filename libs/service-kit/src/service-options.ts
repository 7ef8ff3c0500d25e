import type { Logger } from 'pino';
import { authOptionsFromConfig, httpOptionsFromConfig, type ServiceConfig } from './config-schemas.js';
import type { ServiceAppOptions } from './create-service-app.js';
import type { ServiceLoggerOptions } from './logger.js';

/** Who a service is: its name, version and a line about what it does. */
export interface ServiceIdentity {
  readonly name: string;
  readonly version: string;
  readonly description: string;
}

/**
 * The options of `buildService` from a service's loaded configuration: log level, token
 * verification, CORS origins and rate limit, and the OpenAPI title and description.
 */
export function serviceOptionsFromConfig(
  config: ServiceConfig,
  service: ServiceIdentity,
  logger?: ServiceLoggerOptions | Logger,
): ServiceAppOptions {
  return {
    name: service.name,
    version: service.version,
    logger: logger ?? { level: config.LOG_LEVEL },
    auth: authOptionsFromConfig(config),
    ...httpOptionsFromConfig(config),
    openapi: { title: `Guildwire ${service.name} service`, description: service.description },
  };
}
