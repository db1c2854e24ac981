/**
 * Deployment settings, read from CDK context (`cdk synth -c hallTimeZone=Asia/Urumqi`, or the
 * "context" block of cdk.json) — never by editing code.
 */
import type { Construct } from 'constructs';

export interface HallConfig {
  /** IANA time zone of the hall: schedules run on its wall clock; functions get it as HALLSCORE_TZ. */
  hallTimeZone: string;
  /** Sender address of the result mails (an SES email identity is created for it). */
  senderAddress: string;
  /** Where alarm notifications go (an SNS email subscription); none when unset. */
  alarmEmail?: string;
}

export const CONTEXT_KEYS = {
  hallTimeZone: 'hallTimeZone',
  senderAddress: 'senderAddress',
  alarmEmail: 'alarmEmail',
} as const;

export const DEFAULT_CONFIG = {
  hallTimeZone: 'Asia/Shanghai',
  senderAddress: 'hallscore@example.gov.cn',
} as const;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function readConfig(scope: Construct): HallConfig {
  const str = (key: string): string | undefined => {
    const v: unknown = scope.node.tryGetContext(key);
    if (v === undefined || v === null || v === '') return undefined;
    if (typeof v !== 'string') throw new Error(`context "${key}" must be a string, got ${JSON.stringify(v)}`);
    return v.trim();
  };

  const hallTimeZone = str(CONTEXT_KEYS.hallTimeZone) ?? DEFAULT_CONFIG.hallTimeZone;
  try {
    new Intl.DateTimeFormat('en', { timeZone: hallTimeZone });
  } catch {
    throw new Error(`context "hallTimeZone": "${hallTimeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  }

  const senderAddress = str(CONTEXT_KEYS.senderAddress) ?? DEFAULT_CONFIG.senderAddress;
  if (!EMAIL.test(senderAddress)) {
    throw new Error(`context "senderAddress": "${senderAddress}" is not an email address`);
  }

  const alarmEmail = str(CONTEXT_KEYS.alarmEmail);
  if (alarmEmail !== undefined && !EMAIL.test(alarmEmail)) {
    throw new Error(`context "alarmEmail": "${alarmEmail}" is not an email address`);
  }

  return { hallTimeZone, senderAddress, ...(alarmEmail ? { alarmEmail } : {}) };
}
