/**
 * The local twin of EventBridge → Lambda (asynchronous invocation): routes with the same rule table
 * (shared/bus/patterns.ts), hands each consumer one event per call, retries a call that throws
 * `CONSUMER_SETTINGS.retryAttempts` times after a delay, then dead-letters the event, as Lambda does.
 * A few calls per rule run at once (Lambda's concurrency, kept small on a laptop).
 * `publish` still resolves only once its own events are delivered, so locally a 202 means the joins
 * are done (on AWS they follow within moments).
 */
import { randomUUID } from 'node:crypto';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Context } from 'aws-lambda';
import { BUS_RULES, CONSUMER_SETTINGS, matches, type BusEnvelope, type BusRule, type ConsumerName } from '../shared/bus/patterns.js';
import { REFRESH_SETTINGS, type ChangeRecord } from '../shared/bus/refresh.js';
import type { DeadLetter, EventBus } from '../shared/ports.js';
import { logger } from '../shared/logger.js';

/** A consumer: the EventBridge event itself; a throw is a failed invocation. */
export type Consumer = (event: BusEnvelope & { id: string }, context: Context) => Promise<void>;

/**
 * Invocations in flight per rule. Lambda runs one per event, as many at once as events arrive; here
 * a bound keeps a burst (16 requests of 25 events) from opening hundreds of DynamoDB Local calls at once.
 */
const CONCURRENT_INVOCATIONS = 32;

export type DeadLetterSink = (d: Omit<DeadLetter, 'id'>) => Promise<void>;

interface Queued {
  body: string;
  /** Invocations so far. */
  attempts: number;
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
    private readonly consumers: Partial<Record<ConsumerName, Consumer>>,
    private readonly opts: { archiveDir?: string; retryDelayMs?: number } = {},
  ) {}

  onDeadLetter(sink: DeadLetterSink): void {
    this.sink = sink;
  }

  /** One delivery of one body to its consumer, no retries (dead-letter redrive). */
  async redeliver(d: DeadLetter): Promise<boolean> {
    const consumer = this.consumers[d.consumer as ConsumerName];
    if (!consumer) return false;
    return (await this.invoke(d.consumer, consumer, d.body)) === undefined;
  }

  async publish(entries: BusEnvelope[]): Promise<void> {
    const now = new Date().toISOString();
    const envelopes = entries.map((e) => ({ version: '0', id: randomUUID(), time: now, region: 'local', account: 'local', resources: [], ...e }));
    if (this.opts.archiveDir) await this.archive(envelopes.filter((e) => e.source !== 'hallscore.ingest'));
    const delivered: Promise<void>[] = [];
    for (const rule of BUS_RULES) {
      // A bus built with some consumers only (unit tests) routes to those.
      if (!this.consumers[rule.consumer]) continue;
      const mine = envelopes.filter((e) => matches(rule.pattern, e));
      if (mine.length === 0) continue;
      const q = this.queueOf(rule);
      for (const e of mine) {
        const body = JSON.stringify(e);
        delivered.push(new Promise((resolve, reject) => q.waiting.push({ body, attempts: 0, settle: (err) => (err === undefined ? resolve() : reject(err)) })));
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

  /** Starts invocations while there is room, one event each. */
  private drain(q: RuleQueue): void {
    while (q.running < CONCURRENT_INVOCATIONS && q.waiting.length > 0) {
      const m = q.waiting.shift()!;
      q.running++;
      void this.receive(q, m).finally(() => {
        q.running--;
        this.drain(q);
      });
    }
  }

  /**
   * One invocation. A handled event settles; a failed one is tried again after a delay (a retrying
   * event never holds up the others), and after `1 + retryAttempts` invocations it is dead-lettered.
   */
  private async receive(q: RuleQueue, m: Queued): Promise<void> {
    const { name: rule, consumer } = q.rule;
    m.attempts++;
    const error = await this.invoke(consumer, this.consumers[consumer]!, m.body);
    if (error === undefined) m.settle();
    else if (m.attempts >= 1 + CONSUMER_SETTINGS.retryAttempts) {
      try {
        await this.sink({ rule, consumer, body: m.body, error, at: new Date().toISOString() });
        logger.error('dead-lettered', { rule, error });
        m.settle();
      } catch (e) {
        m.settle(e ?? new Error('dead-letter store failed'));
      }
    } else {
      setTimeout(() => {
        q.waiting.push(m);
        this.drain(q);
      }, (this.opts.retryDelayMs ?? 50) * m.attempts);
    }
  }

  /** One consumer invocation; the error it threw, if it did. */
  private async invoke(name: string, consumer: Consumer, body: string): Promise<string | undefined> {
    try {
      await consumer(JSON.parse(body) as BusEnvelope & { id: string }, fakeContext(name));
      return undefined;
    } catch (e) {
      return e instanceof Error ? e.message : String(e);
    }
  }

  private async archive(envelopes: object[]): Promise<void> {
    if (envelopes.length === 0 || !this.opts.archiveDir) return;
    await mkdir(this.opts.archiveDir, { recursive: true });
    await appendFile(join(this.opts.archiveDir, 'bus-events.jsonl'), envelopes.map((e) => JSON.stringify(e) + '\n').join(''));
  }
}

export type StreamConsumer = (event: { Records: ChangeRecord[] }, context: Context) => Promise<{ batchItemFailures: { itemIdentifier: string }[] } | void>;

interface StreamItem {
  record: ChangeRecord;
  attempts: number;
  /** When it became deliverable (arrival, or the end of its retry delay). */
  since: number;
  /** When the write reached the stream (kept across retries). */
  arrived: number;
}

/**
 * The local twin of a DynamoDB stream feeding a Lambda with a batching window (the read model's
 * refresher, shared/bus/refresh.ts): records wait until the oldest has waited the window, or a batch
 * is full, then go to the consumer as one batch; one batch at a time, like one shard. Records the
 * consumer reports failed come back after a delay and are dead-lettered after the retry limit.
 * The window, batch size and retries are REFRESH_SETTINGS, the same numbers infra gives the stream.
 */
export class LocalStream {
  private waiting: StreamItem[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private retrying = 0;
  private seq = 0;
  private stopped = false;
  private sink: DeadLetterSink = async () => undefined;
  private readonly windowMs: number;

  constructor(
    private readonly consumer: StreamConsumer,
    private readonly opts: { windowMs?: number; retryDelayMs?: number } = {},
  ) {
    this.windowMs = opts.windowMs ?? REFRESH_SETTINGS.batchingWindowSeconds * 1000;
  }

  onDeadLetter(sink: DeadLetterSink): void {
    this.sink = sink;
  }

  /**
   * Told of the records a batch refreshed successfully, with when each reached the stream and when the
   * batch finished (the bench's staleness: the stored sheet reflects the write from then on).
   */
  onDelivered?: (done: { record: ChangeRecord; arrivedAt: number }[], at: number) => void;

  /** Records of writes that succeeded (the store's onChange). */
  push(records: ChangeRecord[]): void {
    if (this.stopped || records.length === 0) return;
    const now = Date.now();
    for (const r of records) {
      const SequenceNumber = String(++this.seq).padStart(21, '0');
      this.waiting.push({ record: { ...r, eventID: SequenceNumber, dynamodb: { ...r.dynamodb, SequenceNumber } }, attempts: 0, since: now, arrived: now });
    }
    this.schedule();
  }

  /** Records waiting or in a running batch. */
  get pending(): number {
    return this.waiting.length + this.retrying + (this.running ? 1 : 0);
  }

  /**
   * Delivers what is waiting now instead of at the end of the window, and resolves once nothing is
   * waiting, running or retrying (tests that read lists right after writing, and the bench's drain).
   */
  async flush(): Promise<void> {
    for (;;) {
      if (this.running) await this.running;
      else if (this.waiting.length > 0) this.start();
      else if (this.retrying > 0) await new Promise((r) => setTimeout(r, 10));
      else return;
    }
  }

  /** One delivery of a dead-lettered record (redrive); true when it succeeded. */
  async redeliver(d: DeadLetter): Promise<boolean> {
    const record = JSON.parse(d.body) as ChangeRecord;
    try {
      const r = await this.consumer({ Records: [record] }, fakeContext('refresh'));
      return (r?.batchItemFailures ?? []).length === 0;
    } catch {
      return false;
    }
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.waiting = [];
  }

  private schedule(): void {
    if (this.running || this.timer || this.waiting.length === 0 || this.stopped) return;
    const oldest = Math.min(...this.waiting.slice(0, 64).map((w) => w.since));
    const wait = this.waiting.length >= REFRESH_SETTINGS.batchSize ? 0 : Math.max(0, oldest + this.windowMs - Date.now());
    this.timer = setTimeout(() => this.start(), wait);
  }

  private start(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.running || this.waiting.length === 0) return;
    const batch = this.waiting.splice(0, REFRESH_SETTINGS.batchSize);
    this.running = this.deliver(batch).finally(() => {
      this.running = undefined;
      this.schedule();
    });
  }

  private async deliver(batch: StreamItem[]): Promise<void> {
    for (const b of batch) b.attempts++;
    let failed: Set<string>;
    let error = 'reported as a batch item failure';
    try {
      const r = await this.consumer({ Records: batch.map((b) => b.record) }, fakeContext('refresh'));
      failed = new Set((r?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (e) {
      failed = new Set(batch.map((b) => b.record.dynamodb!.SequenceNumber!));
      error = e instanceof Error ? e.message : String(e);
    }
    this.onDelivered?.(
      batch.filter((b) => !failed.has(b.record.dynamodb!.SequenceNumber!)).map((b) => ({ record: b.record, arrivedAt: b.arrived })),
      Date.now(),
    );
    for (const b of batch) {
      if (!failed.has(b.record.dynamodb!.SequenceNumber!)) continue;
      if (b.attempts > REFRESH_SETTINGS.maxRetryAttempts) {
        await this.sink({ rule: 'refresh-stream', consumer: 'refresh', body: JSON.stringify(b.record), error, at: new Date().toISOString() }).catch((e: unknown) =>
          logger.error('refresh dead letter not stored', { error: e instanceof Error ? e.message : String(e) }),
        );
        continue;
      }
      this.retrying++;
      setTimeout(() => {
        this.retrying--;
        if (this.stopped) return;
        this.waiting.unshift({ ...b, since: Date.now() - this.windowMs });
        this.schedule();
      }, (this.opts.retryDelayMs ?? 200) * b.attempts);
    }
  }
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
