/**
 * Runtime configuration, read from the environment once per process. The same names are set by
 * infra/ on Lambda and by local/ for `npm start`.
 */
export interface Config {
  tableName: string;
  busName: string;
  /** Hall time zone (IANA). */
  tz: string;
  /** Sender address of result mails. */
  mailFrom: string;
  /** Local only: the admin key in clear; on AWS the key's SHA-256 comes from Secrets Manager. */
  adminKey?: string;
  /** AWS only: ARN of the Secrets Manager secret holding the admin key. */
  adminKeySecretArn?: string;
  /** Local only: folder that receives .eml files. */
  outbox?: string;
  /** Local only: DynamoDB endpoint override. */
  dynamoEndpoint?: string;
  /** AWS only: the record consumer's dead-letter queue (admin lists and redrives it). */
  dlqUrl?: string;
  /** AWS only: the S3 bucket where sent mails are archived as raw MIME. */
  mailArchiveBucket?: string;
}

export const ENV = {
  tableName: 'TABLE_NAME',
  busName: 'BUS_NAME',
  tz: 'HALLSCORE_TZ',
  mailFrom: 'MAIL_FROM',
  adminKey: 'HALLSCORE_ADMIN_KEY',
  adminKeySecretArn: 'ADMIN_KEY_SECRET_ARN',
  outbox: 'HALLSCORE_OUTBOX',
  dynamoEndpoint: 'DYNAMODB_ENDPOINT',
  dlqUrl: 'DLQ_URL',
  mailArchiveBucket: 'MAIL_ARCHIVE_BUCKET',
} as const;

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    tableName: env[ENV.tableName] ?? 'hallscore',
    busName: env[ENV.busName] ?? 'hallscore',
    tz: env[ENV.tz] ?? 'Asia/Shanghai',
    mailFrom: env[ENV.mailFrom] ?? 'hallscore@localhost',
    adminKey: env[ENV.adminKey],
    adminKeySecretArn: env[ENV.adminKeySecretArn],
    outbox: env[ENV.outbox],
    dynamoEndpoint: env[ENV.dynamoEndpoint],
    dlqUrl: env[ENV.dlqUrl],
    mailArchiveBucket: env[ENV.mailArchiveBucket],
  };
}
