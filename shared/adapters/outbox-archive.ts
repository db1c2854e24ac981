/** Local twin of the S3 mail archive: the outbox the OutboxMailer writes is the archive. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailArchive, MailKey } from '../ports.js';
import { outboxFileName } from './outbox-mailer.js';

export class OutboxArchive implements MailArchive {
  constructor(private readonly dir: string) {}

  async put(): Promise<void> {
    // The OutboxMailer already wrote the same bytes to where get() reads them.
  }

  async get(k: MailKey): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.dir, k.period, outboxFileName(k.departmentId, k.version)));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }
}
