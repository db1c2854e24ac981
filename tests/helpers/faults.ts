/**
 * Fault injection for reliability tests.
 *
 * DynamoDB: a middleware placed *inside* the SDK's retry middleware (finalizeRequest step, low
 * priority; the retry middleware is finalizeRequest/high), so every fault it throws goes through the
 * client's real retry strategy (backoff, jitter, retry quota) exactly as a fault from the service would.
 * The attempt number comes from the `amz-sdk-request: attempt=N; max=M` header the retry middleware sets.
 */
import {
  InternalServerError,
  ProvisionedThroughputExceededException,
  ThrottlingException,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Mailer, OutgoingMail } from '../../shared/ports.js';

export type DynamoFault =
  /** ProvisionedThroughputExceededException / ThrottlingException (400, throttling). */
  | 'throttle'
  /** InternalServerError (500): transient, retried. */
  | 'transient'
  /** The request reaches DynamoDB and is applied, then the connection drops (ECONNRESET) before the answer. */
  | 'lost-response'
  /** TransactWriteItems cancelled with reason TransactionConflict (another transaction touched an item). */
  | 'transaction-conflict';

export interface FaultPlan {
  /** Probability that an eligible attempt fails, 0–1. */
  rate: number;
  faults: DynamoFault[];
  /** Only these operations (e.g. ['PutItemCommand']); default all. */
  commands?: string[];
  /** Attempts after this number are never faulted (keeps the test bounded and deterministic). */
  maxFaultedAttempt?: number;
  /** Seed of the deterministic PRNG. */
  seed?: number;
  /** Only requests whose input this accepts (e.g. the accept's puts, not the sheet puts). */
  only?: (input: Record<string, unknown>) => boolean;
}

export interface FaultStats {
  /** Every attempt that reached the injector (first tries and retries). */
  attempts: number;
  /** Attempts with attempt number > 1: the SDK retried. */
  retries: number;
  injected: Record<DynamoFault, number>;
  byCommand: Record<string, number>;
}

/** Deterministic PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const meta = (httpStatusCode: number) => ({ httpStatusCode, requestId: 'fault-injection', attempts: 1, totalRetryDelay: 0 });

function makeFault(kind: DynamoFault, n: number): Error {
  switch (kind) {
    case 'throttle': {
      const e =
        n % 2 === 0
          ? new ProvisionedThroughputExceededException({ message: 'injected: throughput exceeded', $metadata: meta(400) })
          : new ThrottlingException({ message: 'injected: rate exceeded', $metadata: meta(400) });
      (e as unknown as { $retryable: object }).$retryable = { throttling: true };
      return e;
    }
    case 'transient':
      return new InternalServerError({ message: 'injected: internal server error', $metadata: meta(500) });
    case 'lost-response': {
      const e = new Error('injected: socket hang up after the request was applied') as Error & { code: string };
      e.code = 'ECONNRESET';
      return e;
    }
    case 'transaction-conflict':
      return new TransactionCanceledException({
        message: 'injected: Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
        $metadata: meta(400),
        CancellationReasons: [{ Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' }],
      });
  }
}

/** Installs the injector; returns live stats and a function that removes it. */
export function injectDynamoFaults(db: DynamoDBDocumentClient, plan: FaultPlan): { stats: FaultStats; remove: () => void; setRate: (r: number) => void } {
  const rand = prng(plan.seed ?? 42);
  const stats: FaultStats = {
    attempts: 0,
    retries: 0,
    injected: { throttle: 0, transient: 0, 'lost-response': 0, 'transaction-conflict': 0 },
    byCommand: {},
  };
  let rate = plan.rate;
  const name = `faultInjection-${Math.random().toString(36).slice(2)}`;
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName ?? '?';
      const headers = (args.request as { headers?: Record<string, string> }).headers ?? {};
      const attempt = Number(/attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '')?.[1] ?? '1');
      stats.attempts++;
      if (attempt > 1) stats.retries++;
      const eligible =
        (plan.commands === undefined || plan.commands.includes(command)) &&
        attempt <= (plan.maxFaultedAttempt ?? 3) &&
        (plan.only === undefined || plan.only((args as { input?: Record<string, unknown> }).input ?? {}));
      const kinds = plan.faults.filter((f) => f !== 'transaction-conflict' || command === 'TransactWriteItemsCommand');
      if (!eligible || kinds.length === 0 || rand() >= rate) return next(args);
      const kind = kinds[Math.floor(rand() * kinds.length)]!;
      stats.injected[kind]++;
      stats.byCommand[command] = (stats.byCommand[command] ?? 0) + 1;
      if (kind === 'lost-response') {
        await next(args); // applied on the server…
        throw makeFault(kind, stats.injected[kind]); // …but the answer never arrives
      }
      throw makeFault(kind, stats.injected[kind]);
    },
    { step: 'finalizeRequest', priority: 'low', name },
  );
  return { stats, remove: () => void db.middlewareStack.remove(name), setRate: (r) => void (rate = r) };
}

/**
 * A mailer that fails per department by plan: `failFirst[d] = n` fails the first n sends of d,
 * `alwaysFail` never succeeds for d. Every call is logged.
 */
export class FlakyMailer implements Mailer {
  readonly calls: { period: string; departmentId: string; version: number; ok: boolean }[] = [];
  private readonly seen = new Map<string, number>();

  constructor(
    /** Settable, so a stack's own outbox can be wired in after it starts. */
    public inner: Mailer,
    public plan: { failFirst?: Record<string, number>; alwaysFail?: string[] },
  ) {}

  async send(mail: OutgoingMail): Promise<string> {
    const n = (this.seen.get(mail.departmentId) ?? 0) + 1;
    this.seen.set(mail.departmentId, n);
    const fail = (this.plan.alwaysFail ?? []).includes(mail.departmentId) || n <= (this.plan.failFirst?.[mail.departmentId] ?? 0);
    this.calls.push({ period: mail.period, departmentId: mail.departmentId, version: mail.version, ok: !fail });
    if (fail) throw Object.assign(new Error(`injected: SES throttled sending to ${mail.departmentId}`), { name: 'TooManyRequestsException' });
    return this.inner.send(mail);
  }
}
