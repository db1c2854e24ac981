/** The AWS adapters behind the ports, against fake SDK clients (EventBridge and SES cannot run here). */
import type { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { describe, expect, it } from 'vitest';
import { EventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { SesMailer } from '../../shared/adapters/ses-mailer.js';

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
