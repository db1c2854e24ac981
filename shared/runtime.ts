/**
 * The dependencies every function needs, built once per process. On Lambda they come from the
 * environment (AWS adapters); `npm start` and the tests pass local ones instead.
 */
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { HallStore } from './adapters/dynamodb/store.js';
import { EventBridgeBus } from './adapters/eventbridge-bus.js';
import { SesMailer } from './adapters/ses-mailer.js';
import { SqsDeadLetters } from './adapters/sqs-dead-letters.js';
import { configFromEnv } from './config.js';
import type { Clock, DeadLetterQueue, EventBus, Mailer } from './ports.js';
import { systemClock } from './ports.js';
import { hashKey } from './services/auth.js';

export interface Deps {
  store: HallStore;
  bus: EventBus;
  mailer: Mailer;
  deadLetters: DeadLetterQueue;
  clock: Clock;
  tz: string;
  mailFrom: string;
  /** SHA-256 hex of the admin key. */
  adminKeyHash: () => Promise<string>;
}

export type DepsSource = Deps | (() => Promise<Deps>);

export function resolveDeps(source: DepsSource): () => Promise<Deps> {
  if (typeof source !== 'function') return async () => source;
  let p: Promise<Deps> | undefined;
  return () => {
    p ??= source().catch((e: unknown) => {
      p = undefined;
      throw e;
    });
    return p;
  };
}

/** Lambda: adapters from the environment that infra/ sets. */
export async function awsDeps(): Promise<Deps> {
  const cfg = configFromEnv();
  const store = new HallStore(createDocumentClient({ endpoint: cfg.dynamoEndpoint }), cfg.tableName);
  let adminHash: Promise<string> | undefined;
  return {
    store,
    bus: new EventBridgeBus(new EventBridgeClient({}), cfg.busName),
    mailer: new SesMailer(new SESv2Client({})),
    deadLetters: new SqsDeadLetters(new SQSClient({}), cfg.dlqUrl ?? '', cfg.dlqArn ?? ''),
    clock: systemClock,
    tz: cfg.tz,
    mailFrom: cfg.mailFrom,
    adminKeyHash: () => {
      adminHash ??= (async () => {
        if (cfg.adminKey) return hashKey(cfg.adminKey);
        if (!cfg.adminKeySecretArn) throw new Error('neither HALLSCORE_ADMIN_KEY nor ADMIN_KEY_SECRET_ARN is set');
        const r = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: cfg.adminKeySecretArn }));
        if (!r.SecretString) throw new Error('admin key secret is empty');
        return hashKey(r.SecretString);
      })();
      return adminHash;
    },
  };
}
