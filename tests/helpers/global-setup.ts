/** One DynamoDB Local per test run (not per test); each test file creates its own table in it. */
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, type DynamoDbLocal } from '../../local/dynamodb-local.js';

let ddb: DynamoDbLocal | undefined;

export async function setup(project: TestProject): Promise<void> {
  // The console's assets (web/dist), rebuilt only when web/ changed: the browser tests load them.
  const { ensureBuilt } = await import('../../web/build.mjs');
  await ensureBuilt({ quiet: true });
  ddb = await startDynamoDbLocal({ dataDir: 'memory' });
  project.provide('ddbEndpoint', ddb.endpoint);
}

export async function teardown(): Promise<void> {
  await ddb?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    ddbEndpoint: string;
  }
}
