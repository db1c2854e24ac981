/** One DynamoDB document client per process (Lambda reuses it across invocations). */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export function createDocumentClient(opts: { endpoint?: string; region?: string } = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    ...(opts.endpoint
      ? {
          endpoint: opts.endpoint,
          region: opts.region ?? 'local',
          // DynamoDB Local accepts any credentials; never pick up a developer's real ones.
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {}),
    maxAttempts: 8, // throttling and transient errors: SDK retries with exponential backoff and jitter
  });
  // The SDK's logger middleware walks every request and response through the schema's
  // sensitive-data filter before it calls the (no-op) logger: ~6% of a consumer's CPU on Query
  // pages. We log through Powertools instead, so drop it.
  client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
}
