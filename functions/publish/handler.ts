/**
 * Publish consumer: SQS batches of publication.requested envelopes (one per period, department and
 * version) → claim, render, mail, announce. Idempotent per (period, department, version) through the
 * mail ledger's claim; a record that throws is reported as a batch item failure and retried.
 */
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import type { PublicationMessage } from '../../shared/domain/publication.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { mapLimit } from '../../shared/services/ingest.js';
import { publishDepartment } from '../../shared/services/publish.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { sesMailer } from '../../shared/adapters/ses-mailer.js';
import { archiving, s3MailArchive } from '../../shared/adapters/s3-mail-archive.js';
import { errorText, logger } from '../../shared/logger.js';

function parseMessage(body: string): PublicationMessage {
  const d = (JSON.parse(body) as { detail?: Partial<PublicationMessage> }).detail;
  if (!d || typeof d.period !== 'string' || typeof d.departmentId !== 'string' || typeof d.version !== 'number' || typeof d.closeId !== 'string') {
    throw new Error('not a publication.requested envelope');
  }
  return { period: d.period, departmentId: d.departmentId, version: d.version, closeId: d.closeId };
}

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<SQSEvent, SQSBatchResponse, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    const d = await deps();
    const failures: string[] = [];
    // Rendering (.xlsx) is CPU-bound: a few at a time.
    await mapLimit(event.Records, 3, async (r) => {
      try {
        const outcome = await publishDepartment(d, parseMessage(r.body));
        logger.info('publication', { messageId: r.messageId, outcome: typeof outcome === 'string' ? outcome : 'failed' });
      } catch (e) {
        logger.error('publication failed', { messageId: r.messageId, error: errorText(e) });
        failures.push(r.messageId);
      }
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  });
}

// Every mail sent is archived first, so what went out can be downloaded (GET /v1/mails/...).
export const handler = createHandler(awsDeps({ bus: eventBridgeBus, mailer: (cfg) => archiving(sesMailer(), s3MailArchive(cfg)) }));
