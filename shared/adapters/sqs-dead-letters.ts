/**
 * AWS adapter of the DeadLetterQueue port: peeks the record consumer's SQS DLQ and redrives it with a
 * message move task. The DLQ holds two kinds of messages with the same body (the event envelope): those
 * the consumer failed `maxReceiveCount` times, and those EventBridge could not deliver to the queue at
 * all. The latter have no source queue, so the move names the consumer queue as its destination.
 */
import { GetQueueAttributesCommand, ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { HttpError } from '../http/errors.js';
import type { DeadLetter, DeadLetterQueue, RedriveResult } from '../ports.js';

export class SqsDeadLetters implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqUrl: string,
    private readonly dlqArn: string,
    /** The consumer queue the dead letters go back to. */
    private readonly queueArn: string,
  ) {}

  async list(): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    // VisibilityTimeout 0 peeks without hiding messages from a concurrent redrive.
    for (let i = 0; i < 10; i++) {
      const r = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.dlqUrl,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: 0,
          WaitTimeSeconds: 0,
          MessageSystemAttributeNames: ['SentTimestamp'],
          MessageAttributeNames: ['All'],
        }),
      );
      const msgs = r.Messages ?? [];
      for (const m of msgs) {
        if (out.some((o) => o.id === m.MessageId)) continue;
        // EventBridge marks what it could not deliver with ERROR_CODE / ERROR_MESSAGE attributes.
        const code = m.MessageAttributes?.ERROR_CODE?.StringValue;
        const why = m.MessageAttributes?.ERROR_MESSAGE?.StringValue;
        out.push({
          id: m.MessageId ?? '',
          rule: 'record-hall-events',
          consumer: 'record',
          error: code ? `EventBridge could not deliver it: ${code}${why ? ` ${why}` : ''}` : 'exceeded maxReceiveCount (see the consumer logs)',
          at: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(),
          body: m.Body ?? '',
        });
      }
      if (msgs.length === 0) break;
    }
    return out;
  }

  /**
   * Starts an asynchronous move of the whole DLQ back to the consumer queue. It answers what it knows:
   * how many messages the move was started for (`moving`, SQS's approximate count), not that they were
   * redriven; a refusal is an error, never a claimed success.
   */
  async redrive(): Promise<RedriveResult> {
    const attrs = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: this.dlqUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    const waiting = Number(attrs.Attributes?.ApproximateNumberOfMessages ?? 0);
    if (waiting === 0) return { redriven: 0, failed: 0, moving: 0 };
    try {
      const r = await this.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: this.dlqArn, DestinationArn: this.queueArn }));
      return { redriven: 0, failed: 0, moving: waiting, ...(r.TaskHandle ? { taskHandle: r.TaskHandle } : {}) };
    } catch (e) {
      const err = e as { name?: string; message?: string };
      if (err.name === 'UnsupportedOperation' && /already/i.test(err.message ?? '')) {
        throw new HttpError(409, 'redrive-in-progress', `a redrive of the dead letters is already moving them: ${err.message}`);
      }
      throw new HttpError(503, 'redrive-unavailable', `the dead letters could not be moved (${err.name ?? 'Error'}: ${err.message ?? ''}); they are still in the queue`);
    }
  }
}

/** For a function's awsDeps: the consumer DLQ named by DLQ_URL / DLQ_ARN, redriven to RECORD_QUEUE_ARN. */
export const sqsDeadLetters = (cfg: { dlqUrl?: string; dlqArn?: string; recordQueueArn?: string }): SqsDeadLetters =>
  new SqsDeadLetters(new SQSClient({}), cfg.dlqUrl ?? '', cfg.dlqArn ?? '', cfg.recordQueueArn ?? '');
