/** The AWS adapters behind the ports, against fake SDK clients (EventBridge and SES cannot run here). */
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { SesMailer } from '../../shared/adapters/ses-mailer.js';
import { SqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';

describe('EventBridgeBus', () => {
  it('sends in chunks of 10 and retries only the entries that failed', async () => {
    const calls: { Entries: { Detail?: string; EventBusName?: string; DetailType?: string }[] }[] = [];
    let failedOnce = false;
    const client = {
      send: async (cmd: PutEventsCommand) => {
        const input = cmd.input as (typeof calls)[number];
        calls.push(input);
        // The first call rejects its third entry once (throttled), as PutEvents reports partial failures.
        const entries = input.Entries.map((_, i) => (!failedOnce && i === 2 ? { ErrorCode: 'ThrottlingException' } : { EventId: 'x' }));
        if (!failedOnce) failedOnce = true;
        return { FailedEntryCount: entries.filter((e) => 'ErrorCode' in e).length, Entries: entries };
      },
    } as unknown as EventBridgeClient;
    const bus = new EventBridgeBus(client, 'hallscore');
    const entries = Array.from({ length: 23 }, (_, i) => ({ source: 'hallscore.ingest', 'detail-type': 'attendance.punch', detail: { n: i } }));
    await bus.publish(entries);
    const sent = calls.flatMap((c) => c.Entries.map((e) => JSON.parse(e.Detail!).n as number));
    expect(calls.filter((c) => c.Entries.length > 10)).toEqual([]);
    expect(new Set(sent)).toEqual(new Set(entries.map((e) => e.detail.n)));
    expect(sent.filter((n) => n === 2)).toHaveLength(2); // retried exactly once
    expect(calls.every((c) => c.Entries.every((e) => e.EventBusName === 'hallscore' && e.DetailType === 'attendance.punch'))).toBe(true);
  });

  it('gives up loudly when entries keep failing', async () => {
    const client = { send: async (cmd: PutEventsCommand) => ({ Entries: (cmd.input.Entries ?? []).map(() => ({ ErrorCode: 'InternalFailure' })) }) } as unknown as EventBridgeClient;
    await expect(new EventBridgeBus(client, 'b').publish([{ source: 's', 'detail-type': 't', detail: {} }])).rejects.toThrow(/still failing/);
  }, 10_000);
});

describe('SesMailer', () => {
  it('sends the assembled MIME bytes as a raw message', async () => {
    let input: SendEmailCommand['input'] | undefined;
    const client = { send: async (cmd: SendEmailCommand) => ((input = cmd.input), { MessageId: 'mid-1' }) } as unknown as SESv2Client;
    const raw = Buffer.from('Subject: test\r\n\r\nbody');
    const id = await new SesMailer(client).send({ period: '2026-10', departmentId: 'tax', version: 1, from: 'a@b.cn', to: ['x@y.cn', 'z@y.cn'], raw });
    expect(id).toBe('mid-1');
    expect(input?.FromEmailAddress).toBe('a@b.cn');
    expect(input?.Destination?.ToAddresses).toEqual(['x@y.cn', 'z@y.cn']);
    expect(Buffer.from(input!.Content!.Raw!.Data!)).toEqual(raw);
  });
});

describe('SqsDeadLetters', () => {
  /** A fake SQS: a DLQ holding `waiting` messages, one of them dead-lettered by EventBridge itself. */
  function fakeSqs(opts: { waiting: number; startFails?: { name: string; message: string } }) {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const client = {
      send: async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = cmd.constructor.name;
        sent.push({ name, input: cmd.input });
        if (name === 'GetQueueAttributesCommand') return { Attributes: { ApproximateNumberOfMessages: String(opts.waiting) } };
        if (name === 'StartMessageMoveTaskCommand') {
          if (opts.startFails) throw Object.assign(new Error(opts.startFails.message), { name: opts.startFails.name });
          return { TaskHandle: 'task-1' };
        }
        if (name === 'ReceiveMessageCommand') {
          if (sent.filter((s) => s.name === 'ReceiveMessageCommand').length > 1) return { Messages: [] };
          return {
            Messages: [
              { MessageId: 'm1', Body: '{"detail":{}}', Attributes: { SentTimestamp: '1760000000000' } },
              {
                MessageId: 'm2',
                Body: '{"detail":{}}',
                Attributes: { SentTimestamp: '1760000000000' },
                MessageAttributes: { ERROR_CODE: { StringValue: 'SQSPermissionDenied', DataType: 'String' }, ERROR_MESSAGE: { StringValue: 'Access denied', DataType: 'String' } },
              },
            ],
          };
        }
        throw new Error(`unexpected ${name}`);
      },
    } as unknown as SQSClient;
    return { client, sent };
  }

  it('moves every dead letter to the consumer queue, named explicitly (EventBridge-dead-lettered ones have no source queue), and says the move is under way', async () => {
    const { client, sent } = fakeSqs({ waiting: 7 });
    const dlq = new SqsDeadLetters(client, 'https://sqs/dlq', 'arn:aws:sqs:r:1:dlq', 'arn:aws:sqs:r:1:queue');
    expect(await dlq.redrive()).toEqual({ redriven: 0, failed: 0, moving: 7, taskHandle: 'task-1' });
    expect(sent.find((s) => s.name === 'StartMessageMoveTaskCommand')?.input).toEqual({ SourceArn: 'arn:aws:sqs:r:1:dlq', DestinationArn: 'arn:aws:sqs:r:1:queue' });
  });

  it('starts nothing when the queue is empty', async () => {
    const { client, sent } = fakeSqs({ waiting: 0 });
    expect(await new SqsDeadLetters(client, 'u', 'a', 'q').redrive()).toEqual({ redriven: 0, failed: 0, moving: 0 });
    expect(sent.map((s) => s.name)).toEqual(['GetQueueAttributesCommand']);
  });

  it('a move task already running is a 409, any other refusal a 503 with the reason: never a claimed success', async () => {
    const running = fakeSqs({ waiting: 3, startFails: { name: 'UnsupportedOperation', message: 'There is already a task running. Only one active task is allowed for a source queue arn at a given time.' } });
    await expect(new SqsDeadLetters(running.client, 'u', 'a', 'q').redrive()).rejects.toMatchObject({ status: 409, code: 'redrive-in-progress' });
    const denied = fakeSqs({ waiting: 3, startFails: { name: 'AccessDenied', message: 'not authorized to perform sqs:StartMessageMoveTask' } });
    await expect(new SqsDeadLetters(denied.client, 'u', 'a', 'q').redrive()).rejects.toMatchObject({ status: 503, code: 'redrive-unavailable', message: expect.stringContaining('sqs:StartMessageMoveTask') });
  });

  it('lists what EventBridge could not deliver with its own error, the rest as retries exhausted', async () => {
    const { client } = fakeSqs({ waiting: 2 });
    const listed = await new SqsDeadLetters(client, 'u', 'a', 'q').list();
    expect(listed.map((d) => [d.id, d.error])).toEqual([
      ['m1', 'exceeded maxReceiveCount (see the consumer logs)'],
      ['m2', 'EventBridge could not deliver it: SQSPermissionDenied Access denied'],
    ]);
  });
});
