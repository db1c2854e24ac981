/**
 * The one Powertools logger of the service: structured JSON with the service name, the same on Lambda
 * and locally. Each function bundles only what it imports. POWERTOOLS_LOG_LEVEL sets the level.
 */
import { Logger } from '@aws-lambda-powertools/logger';

export const logger = new Logger({ serviceName: 'hallscore' });

export const errorText = (e: unknown): string => (e instanceof Error ? (e.stack ?? e.message) : String(e));
