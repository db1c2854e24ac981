/** What a local stack wrote to its outbox: the mails of a period and the assessment.published events on the bus. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface PublishedEnvelope {
  'detail-type': string;
  detail: { period: string; version: number; departmentId: string; staff: { staffId: string; returnReasons: string[] }[] };
}

/** The `.eml` files of a period, sorted (none when nothing was mailed). */
export const emlFiles = (outbox: string, period: string): string[] =>
  existsSync(join(outbox, period)) ? readdirSync(join(outbox, period)).filter((f) => f.endsWith('.eml')).sort() : [];

/** Every assessment.published event the local bus archived, in order. */
export function publishedEvents(outbox: string): PublishedEnvelope[] {
  const f = join(outbox, 'bus-events.jsonl');
  if (!existsSync(f)) return [];
  return readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as PublishedEnvelope)
    .filter((e) => e['detail-type'] === 'assessment.published');
}

/** The publications as `period/department/vN`, sorted. */
export const publishedKeys = (outbox: string): string[] =>
  publishedEvents(outbox)
    .map((e) => `${e.detail.period}/${e.detail.departmentId}/v${e.detail.version}`)
    .sort();
