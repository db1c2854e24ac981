/** What the application needs from the world beyond its table. Each has an AWS and a local adapter. */
import type { BusEnvelope } from './bus/patterns.js';

export interface EventBus {
  /** Publishes envelopes; resolves once the bus has accepted all of them (throws otherwise). */
  publish(entries: BusEnvelope[]): Promise<void>;
}

export interface OutgoingMail {
  period: string;
  departmentId: string;
  version: number;
  from: string;
  to: string[];
  raw: Buffer;
}

export interface Mailer {
  /** Sends one assembled MIME message; returns where it went (message id or file path). */
  send(mail: OutgoingMail): Promise<string>;
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A message a consumer gave up on after its retries (SQS DLQ on AWS, a table list locally). */
export interface DeadLetter {
  id: string;
  rule: string;
  consumer: string;
  error: string;
  at: string;
  body: string;
}

/**
 * What a redrive did. Locally `redriven` were delivered again and `failed` still fail. On AWS
 * `redriven` were put back on the bus (the consumer then runs asynchronously; what fails again comes
 * back to the DLQ) and `failed` could not be read as events; `left` says the redrive stopped at its
 * time budget with messages still waiting (run it again).
 */
export interface RedriveResult {
  redriven: number;
  failed: number;
  left?: boolean;
}

export interface DeadLetterQueue {
  list(): Promise<DeadLetter[]>;
  /** Sends every dead letter back to its consumer; those that fail again stay. */
  redrive(): Promise<RedriveResult>;
}

/** Where sent mails are kept as raw MIME, one per (period, department, version): S3 on AWS, the outbox locally. */
export interface MailKey {
  period: string;
  departmentId: string;
  version: number;
}

export interface MailArchive {
  put(key: MailKey, raw: Buffer): Promise<void>;
  /** The archived raw MIME, or undefined when it was never archived. */
  get(key: MailKey): Promise<Buffer | undefined>;
}
