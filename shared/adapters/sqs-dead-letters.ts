/** AWS adapter of the DeadLetterQueue port: peeks the consumer's SQS DLQ and redrives it with a message move task. */
import { ReceiveMessageCommand, SQSClient, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterQueue } from '../ports.js';

export class SqsDeadLetters implements DeadLetterQueue {
  constructor(
    private readonly sqs: SQSClient,
    private readonly dlqUrl: string,
    private readonly dlqArn: string,
  ) {}

  async list(): Promise<DeadLetter[]> {
    const out: DeadLetter[] = [];
    // VisibilityTimeout 0 peeks without hiding messages from a concurrent redrive.
    for (let i = 0; i < 10; i++) {
      const r = await this.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: this.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, WaitTimeSeconds: 0, MessageSystemAttributeNames: ['SentTimestamp'] }),
      );
      const msgs = r.Messages ?? [];
      for (const m of msgs) {
        if (out.some((o) => o.id === m.MessageId)) continue;
        out.push({
          id: m.MessageId ?? '',
          rule: 'record-hall-events',
          consumer: 'record',
          error: 'exceeded maxReceiveCount (see the consumer logs)',
          at: new Date(Number(m.Attributes?.SentTimestamp ?? 0)).toISOString(),
          body: m.Body ?? '',
        });
      }
      if (msgs.length === 0) break;
    }
    return out;
  }

  async redrive(): Promise<{ redriven: number; failed: number }> {
    const pending = (await this.list()).length;
    await this.sqs.send(new StartMessageMoveTaskCommand({ SourceArn: this.dlqArn }));
    return { redriven: pending, failed: 0 };
  }
}

/** For a function's awsDeps: the consumer DLQ named by DLQ_URL / DLQ_ARN. */
export const sqsDeadLetters = (cfg: { dlqUrl?: string; dlqArn?: string }): SqsDeadLetters =>
  new SqsDeadLetters(new SQSClient({}), cfg.dlqUrl ?? '', cfg.dlqArn ?? '');
