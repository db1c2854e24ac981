/**
 * The local twin of EventBridge → SQS → Lambda: routes with the same rule table (shared/bus/patterns.ts),
 * hands each consumer an SQS-shaped batch, retries the records it reports as failed, and
 * dead-letters them after `maxReceiveCount` receives, as the SQS redrive policy does on AWS.
 *
 * Each rule has a queue. Like an SQS event source under load, what queues up while earlier batches
 * run goes into the next batch (up to the shared batch size), so concurrent requests share one
 * consumer invocation and a staff-month touched by several of them is folded once.
 * `publish` still resolves only once its own records are delivered, so locally a 202 means the
 * sheet already reflects the event.
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { BUS_RULES, CONSUMER_SETTINGS, matches, type BusEnvelope, type BusRule, type ConsumerName } from '../shared/bus/patterns.js';
import type { DeadLetter, EventBus } from '../shared/ports.js';
import { logger } from '../shared/logger.js';

export type SqsConsumer = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;

/** Consumer invocations in flight per queue (Lambda's concurrency, kept small on a laptop). */
const CONCURRENT_BATCHES = 1;

export type DeadLetterSink = (d: Omit<DeadLetter, 'id'>) => Promise<void>;

interface Queued {
  body: string;
  settle: (error?: unknown) => void;
}

interface RuleQueue {
  rule: BusRule;
  waiting: Queued[];
  running: number;
}

export class LocalBus implements EventBus {
  private sink: DeadLetterSink = async () => undefined;
  private readonly queues = new Map<string, RuleQueue>();

  constructor(
    private readonly consumers: Record<ConsumerName, SqsConsumer>,
    private readonly opts: { archiveDir?: string; retryDelayMs?: number } = {},
  ) {}

  onDeadLetter(sink: DeadLetterSink): void {
    this.sink = sink;
  }

  /** One delivery of one body to its consumer, no retries (dead-letter redrive). */
  async redeliver(d: DeadLetter): Promise<boolean> {
    const id = randomUUID();
    try {
      const r = await this.consumers[d.consumer as ConsumerName]({ Records: [sqsRecord(id, d.body, 1)] }, fakeContext(d.consumer));
      return !(r?.batchItemFailures ?? []).some((f) => f.itemIdentifier === id);
    } catch {
      return false;
    }
  }

  async publish(entries: BusEnvelope[]): Promise<void> {
    const now = new Date().toISOString();
    const envelopes = entries.map((e) => ({ version: '0', id: randomUUID(), time: now, region: 'local', account: 'local', resources: [], ...e }));
    if (this.opts.archiveDir) await this.archive(envelopes.filter((e) => e.source !== 'hallscore.ingest'));
    const delivered: Promise<void>[] = [];
    for (const rule of BUS_RULES) {
      const mine = envelopes.filter((e) => matches(rule.pattern, e));
      if (mine.length === 0) continue;
      const q = this.queueOf(rule);
      for (const e of mine) {
        delivered.push(new Promise((resolve, reject) => q.waiting.push({ body: JSON.stringify(e), settle: (err) => (err === undefined ? resolve() : reject(err)) })));
      }
      this.drain(q);
    }
    await Promise.all(delivered);
  }

  private queueOf(rule: BusRule): RuleQueue {
    let q = this.queues.get(rule.name);
    if (!q) this.queues.set(rule.name, (q = { rule, waiting: [], running: 0 }));
    return q;
  }

  /** Starts batches while there is room: each takes what has queued so far, up to the batch size. */
  private drain(q: RuleQueue): void {
    while (q.running < CONCURRENT_BATCHES && q.waiting.length > 0) {
      const batch = q.waiting.splice(0, CONSUMER_SETTINGS.batchSize);
      q.running++;
      this.deliver(q.rule.name, q.rule.consumer, batch.map((b) => b.body))
        .then(
          () => batch.forEach((b) => b.settle()),
          (err: unknown) => batch.forEach((b) => b.settle(err ?? new Error('delivery failed'))),
        )
        .finally(() => {
          q.running--;
          this.drain(q);
        });
    }
  }

  private async deliver(rule: string, consumer: ConsumerName, bodies: string[]): Promise<void> {
    let pending = bodies.map((body) => ({ id: randomUUID(), body }));
    for (let receive = 1; pending.length > 0; receive++) {
      const records: SQSRecord[] = pending.map((p) => sqsRecord(p.id, p.body, receive));
      let failedIds: Set<string>;
      let error = '';
      try {
        const r = await this.consumers[consumer]({ Records: records }, fakeContext(consumer));
        failedIds = new Set((r?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        error = 'reported as a batch item failure';
      } catch (e) {
        // A thrown error fails the whole batch, as Lambda does.
        failedIds = new Set(pending.map((p) => p.id));
        error = e instanceof Error ? e.message : String(e);
      }
      pending = pending.filter((p) => failedIds.has(p.id));
      if (pending.length > 0 && receive >= CONSUMER_SETTINGS.maxReceiveCount) {
        for (const p of pending) {
          await this.sink({ rule, consumer, body: p.body, error, at: new Date().toISOString() });
          logger.error('dead-lettered', { rule, error });
        }
        return;
      }
      if (pending.length > 0) await new Promise((r) => setTimeout(r, (this.opts.retryDelayMs ?? 50) * receive));
    }
  }

  private async archive(envelopes: object[]): Promise<void> {
    if (envelopes.length === 0 || !this.opts.archiveDir) return;
    await mkdir(this.opts.archiveDir, { recursive: true });
    await appendFile(join(this.opts.archiveDir, 'bus-events.jsonl'), envelopes.map((e) => JSON.stringify(e) + '\n').join(''));
  }
}

function sqsRecord(messageId: string, body: string, receiveCount: number): SQSRecord {
  return {
    messageId,
    receiptHandle: messageId,
    body,
    attributes: {
      ApproximateReceiveCount: String(receiveCount),
      SentTimestamp: String(Date.now()),
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:local:000000000000:hallscore-record',
    awsRegion: 'local',
  };
}

export function fakeContext(name: string): Context {
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `hallscore-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:hallscore-${name}`,
    memoryLimitInMB: '1024',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/hallscore-${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => 900_000,
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}
