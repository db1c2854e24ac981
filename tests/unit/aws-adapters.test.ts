/** The AWS adapters behind the ports, against fake SDK clients (EventBridge and SES cannot run here). */
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { EventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { SesMailer } from '../../shared/adapters/ses-mailer.js';
import { SqsDeadLetters } from '../../shared/adapters/sqs-dead-letters.js';
import type { BusEnvelope } from '../../shared/bus/patterns.js';

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
  const event = (id: string) => ({ version: '0', id: `eb-${id}`, source: 'hallscore.ingest', 'detail-type': 'evaluation.submitted', detail: { pk: 'SM#s1#2026-10', stored: { event: { id } } } });
  /** Lambda's on-failure invocation record: the event in requestPayload. */
  const invocationRecord = (id: string) => ({
    version: '1.0',
    requestContext: { requestId: 'r', functionArn: 'arn:aws:lambda:r:1:function:record', condition: 'RetriesExhausted', approximateInvokeCount: 3 },
    requestPayload: event(id),
    responseContext: { statusCode: 200, functionError: 'Unhandled' },
    responsePayload: { errorType: 'Error', errorMessage: 'store unavailable' },
  });
  /** A fake SQS DLQ: an invocation record, an event EventBridge could not deliver, and a body that is no event. */
  function fakeSqs() {
    const sent: { name: string; input: Record<string, unknown> }[] = [];
    const queue = [
      { MessageId: 'm1', ReceiptHandle: 'h1', Body: JSON.stringify(invocationRecord('e1')), Attributes: { SentTimestamp: '1760000000000' } },
      {
        MessageId: 'm2',
        ReceiptHandle: 'h2',
        Body: JSON.stringify(event('e2')),
        Attributes: { SentTimestamp: '1760000000000' },
        MessageAttributes: { ERROR_CODE: { StringValue: 'NO_PERMISSIONS', DataType: 'String' }, ERROR_MESSAGE: { StringValue: 'Access denied', DataType: 'String' } },
      },
      { MessageId: 'm3', ReceiptHandle: 'h3', Body: 'not json', Attributes: { SentTimestamp: '1760000000000' } },
    ];
    const client = {
      send: async (cmd: { constructor: { name: string }; input: Record<string, unknown> }) => {
        const name = cmd.constructor.name;
        sent.push({ name, input: cmd.input });
        if (name === 'ReceiveMessageCommand') return { Messages: [...queue] };
        if (name === 'DeleteMessageCommand') {
          const at = queue.findIndex((m) => m.ReceiptHandle === cmd.input.ReceiptHandle);
          if (at >= 0) queue.splice(at, 1);
          return {};
        }
        throw new Error(`unexpected ${name}`);
      },
    } as unknown as SQSClient;
    return { client, sent, queue };
  }
  const fakeBus = (fails = false) => {
    const published: BusEnvelope[] = [];
    return {
      published,
      bus: {
        async publish(entries: BusEnvelope[]) {
          if (fails) throw new Error('PutEvents failed');
          published.push(...entries);
        },
      },
    };
  };

  it('lists the event of each dead letter with why it is there: retries exhausted, or EventBridge could not deliver it', async () => {
    const { client } = fakeSqs();
    const listed = await new SqsDeadLetters(client, 'u', fakeBus().bus).list();
    expect(listed.map((d) => [d.id, d.error])).toEqual([
      ['m1', 'failed after 3 invocations (RetriesExhausted): store unavailable'],
      ['m2', 'EventBridge could not deliver it: NO_PERMISSIONS Access denied'],
      ['m3', 'not JSON'],
    ]);
    expect(JSON.parse(listed[0]!.body).detail.stored.event.id).toBe('e1');
  });

  it('redrive puts each event back on the bus and deletes its message only then; what is no event stays', async () => {
    const { client, queue } = fakeSqs();
    const { bus, published } = fakeBus();
    expect(await new SqsDeadLetters(client, 'u', bus).redrive()).toEqual({ redriven: 2, failed: 1 });
    expect(published.map((e) => [e.source, e['detail-type'], (e.detail as { stored: { event: { id: string } } }).stored.event.id])).toEqual([
      ['hallscore.ingest', 'evaluation.submitted', 'e1'],
      ['hallscore.ingest', 'evaluation.submitted', 'e2'],
    ]);
    expect(queue.map((m) => m.MessageId)).toEqual(['m3']);
  });

  it('a bus that refuses leaves every message in the queue and fails the request (never a claimed success)', async () => {
    const { client, queue } = fakeSqs();
    await expect(new SqsDeadLetters(client, 'u', fakeBus(true).bus).redrive()).rejects.toThrow('PutEvents failed');
    expect(queue).toHaveLength(3);
  });

  it('stops at its time budget and says more are left', async () => {
    const { client } = fakeSqs();
    let t = 0;
    const r = await new SqsDeadLetters(client, 'u', fakeBus().bus, () => (t += 25_000)).redrive();
    expect(r).toEqual({ redriven: 0, failed: 0, left: true });
  });
});
