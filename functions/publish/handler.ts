/**
 * Publish consumer: one publication.requested event (one per period, department and version), invoked
 * by EventBridge directly (shared/bus/patterns.ts, delivery `direct`) → claim, render, mail, announce.
 * Idempotent per (period, department, version) through the mail ledger's claim. A throw is retried by
 * Lambda's asynchronous invocation, then dead-lettered; a mail that failed to send stays due in the
 * ledger, and the hourly reconcile sends it again.
 */
import middy from '@middy/core';
import type { Context, EventBridgeEvent } from 'aws-lambda';
import type { PublicationMessage } from '../../shared/domain/publication.js';
import { awsDeps, resolveDeps, type DepsSource } from '../../shared/runtime.js';
import { publishDepartment } from '../../shared/services/publish.js';
import { eventBridgeBus } from '../../shared/adapters/eventbridge-bus.js';
import { sesMailer } from '../../shared/adapters/ses-mailer.js';
import { archiving, s3MailArchive } from '../../shared/adapters/s3-mail-archive.js';
import { errorText, logger } from '../../shared/logger.js';

export type PublicationEvent = Pick<EventBridgeEvent<string, unknown>, 'detail'> & { id?: string };

function parseMessage(event: PublicationEvent): PublicationMessage {
  const d = event.detail as Partial<PublicationMessage> | undefined;
  if (!d || typeof d.period !== 'string' || typeof d.departmentId !== 'string' || typeof d.version !== 'number' || typeof d.closeId !== 'string') {
    throw new Error('not a publication.requested event');
  }
  return { period: d.period, departmentId: d.departmentId, version: d.version, closeId: d.closeId };
}

export function createHandler(source: DepsSource) {
  const deps = resolveDeps(source);
  return middy<PublicationEvent, void, Error, Context>({ timeoutEarlyInMillis: 0 }).handler(async (event) => {
    const d = await deps();
    try {
      const outcome = await publishDepartment(d, parseMessage(event));
      logger.info('publication', { eventId: event.id, outcome: typeof outcome === 'string' ? outcome : 'failed' });
    } catch (e) {
      logger.error('publication failed', { eventId: event.id, error: errorText(e) });
      throw e;
    }
  });
}

// Every mail sent is archived first, so what went out can be downloaded (GET /v1/mails/...).
export const handler = createHandler(awsDeps({ bus: eventBridgeBus, mailer: (cfg) => archiving(sesMailer(), s3MailArchive(cfg)) }));
