/**
 * The dependencies every function needs, built once per process. On Lambda the store, clock and
 * admin key come from the environment, and each function hands in only the adapters it uses (so its
 * bundle carries only those SDK clients); `npm start` and the tests pass local ones instead.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { createDocumentClient } from './adapters/dynamodb/client.js';
import { HallStore } from './adapters/dynamodb/store.js';
import { configFromEnv, type Config } from './config.js';
import type { Clock, DeadLetterQueue, EventBus, MailArchive, Mailer } from './ports.js';
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
  /** Raw sent mails for download (S3 on AWS, the outbox locally); absent where nothing reads them. */
  mailArchive?: MailArchive;
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

/** A port this function has no business using: calling it is a wiring bug, said plainly. */
function absent<T extends object>(what: string): T {
  return new Proxy({} as T, {
    get: (_t, prop) => () => {
      throw new Error(`${what} is not wired into this function (called ${String(prop)})`);
    },
  });
}

export interface AwsAdapters {
  bus?: (cfg: Config) => EventBus;
  mailer?: (cfg: Config) => Mailer;
  deadLetters?: (cfg: Config) => DeadLetterQueue;
  mailArchive?: (cfg: Config) => MailArchive | undefined;
}

/** Lambda: the environment that infra/ sets, plus the adapters the function asks for. */
export function awsDeps(adapters: AwsAdapters = {}): () => Promise<Deps> {
  return async () => {
    const cfg = configFromEnv();
    const store = new HallStore(createDocumentClient({ endpoint: cfg.dynamoEndpoint }), cfg.tableName);
    let adminHash: Promise<string> | undefined;
    return {
      store,
      bus: adapters.bus?.(cfg) ?? absent<EventBus>('the event bus'),
      mailer: adapters.mailer?.(cfg) ?? absent<Mailer>('the mailer'),
      deadLetters: adapters.deadLetters?.(cfg) ?? absent<DeadLetterQueue>('the dead-letter queue'),
      clock: systemClock,
      tz: cfg.tz,
      mailFrom: cfg.mailFrom,
      ...(adapters.mailArchive ? { mailArchive: adapters.mailArchive(cfg) } : {}),
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
  };
}
