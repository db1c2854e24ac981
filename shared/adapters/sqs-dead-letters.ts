/**
 * AWS adapter of the DeadLetterQueue port: the record consumer's SQS DLQ. Two kinds of message land
 * there: events EventBridge could not hand to the function at all (body: the event; ERROR_CODE /
 * ERROR_MESSAGE attributes), and invocations that still threw after Lambda's retries (body: Lambda's
 * invocation record, the event in `requestPayload`). A redrive puts each event back on the bus, which
 * routes it to the consumer again (idempotent), and deletes the message only once that succeeded.
 */
import { DeleteMessageCommand, ReceiveMessageCommand, SQSClient, type Message } from '@aws-sdk/client-sqs';
import type { BusEnvelope } from '../bus/patterns.js';
import type { DeadLetter, DeadLetterQueue, EventBus, RedriveResult } from '../ports.js';
import { eventBridgeBus } from './eventbridge-bus.js';

/** A redrive stops taking new messages after this long (an API request's answer must come back). */
const REDRIVE_BUDGET_MS = 20_000;

interface Parsed {
  envelope: BusEnvelope | undefined;
  error: string;
}

/** What a DLQ message holds: the event (as EventBridge sent it) and why it is there. */
export function parseDeadLetter(m: Pick<Message, 'Body' | 'MessageAttributes'>): Parsed {
  const code = m.MessageAttributes?.ERROR_CODE?.StringValue;
  const why = m.MessageAttributes?.ERROR_MESSAGE?.StringValue;
  let body: Record<string, unknown> | undefined;
  try {
    body = JSON.parse(m.Body ?? '') as Record<string, unknown>;
  } catch {
    return { envelope: undefined, error: 'not JSON' };
  }
  if (body && typeof body.requestPayload === 'object' && body.requestPayload !== null) {
    const ctx = body.requestContext as { condition?: string; approximateInvokeCount?: number } | undefined;
    const resp = body.responsePayload as { errorMessage?: string } | undefined;
    return {
      envelope: body.requestPayload as BusEnvelope,
      error: `failed after ${ctx?.approximateInvokeCount ?? '?'} invocations (${ctx?.condition ?? 'error'})${resp?.errorMessage ? `: ${resp.errorMessage}` : ''}`,
    };
  }
  return { envelope: body as unknown as BusEnvelope, error: code ? `EventBridge could not deliver it: ${code}${why ? ` ${why}` : ''}` : 'dead-lettered' };
}

export class SqsDeadLetters implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqUrl: string,
    /** Where a redrive puts the events back. */
    private readonly bus: EventBus,
    private readonly now: () => number = Date.now,
  ) {}

  async list(): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    // VisibilityTimeout 0 peeks without hiding messages from a concurrent redrive.
    for (let i = 0; i < 10; i++) {
      const msgs = await this.receive(0);
      for (const m of msgs) {
        if (out.some((o) => o.id === m.MessageId)) continue;
        const { envelope, error } = parseDeadLetter(m);
        out.push({
          id: m.MessageId ?? '',
          rule: 'record-hall-events',
          consumer: 'record',
          error,
          at: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(),
          body: envelope ? JSON.stringify(envelope) : (m.Body ?? ''),
        });
      }
      if (msgs.length === 0) break;
    }
    return out;
  }

  /**
   * Puts the dead-lettered events back on the bus, ten at a time, deleting each message once its event
   * is on the bus. A message whose event cannot be read stays (`failed`); what a refused PutEvents
   * left stays too and the answer says so. Stops taking new messages after ~20 s (`left`: run it again).
   */
  async redrive(): Promise<RedriveResult> {
    const started = this.now();
    let redriven = 0;
    let failed = 0;
    const seen = new Set<string>();
    while (this.now() - started < REDRIVE_BUDGET_MS) {
      // Hidden for a minute while this redrive handles them; a crash returns them to the queue.
      const msgs = (await this.receive(60)).filter((m) => !seen.has(m.MessageId ?? ''));
      if (msgs.length === 0) return { redriven, failed };
      const ready: { m: Message; envelope: BusEnvelope }[] = [];
      for (const m of msgs) {
        seen.add(m.MessageId ?? '');
        const { envelope } = parseDeadLetter(m);
        if (envelope && typeof envelope.source === 'string' && typeof envelope['detail-type'] === 'string') ready.push({ m, envelope });
        else failed++;
      }
      if (ready.length === 0) continue;
      await this.bus.publish(ready.map(({ envelope }) => ({ source: envelope.source, 'detail-type': envelope['detail-type'], detail: envelope.detail })));
      for (const { m } of ready) await this.sqs.send(new DeleteMessageCommand({ QueueUrl: this.dlqUrl, ReceiptHandle: m.ReceiptHandle }));
      redriven += ready.length;
    }
    return { redriven, failed, left: true };
  }

  private async receive(visibilityTimeout: number): Promise<Message[]> {
    const r = await this.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: this.dlqUrl,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: visibilityTimeout,
        WaitTimeSeconds: 0,
        MessageSystemAttributeNames: ['SentTimestamp'],
        MessageAttributeNames: ['All'],
      }),
    );
    return r.Messages ?? [];
  }
}

/** For a function's awsDeps: the record consumer's DLQ named by DLQ_URL, redriven onto the hall's bus. */
export const sqsDeadLetters = (cfg: { dlqUrl?: string; busName: string }): SqsDeadLetters =>
  new SqsDeadLetters(new SQSClient({}), cfg.dlqUrl ?? '', eventBridgeBus(cfg));
