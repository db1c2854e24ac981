/** Local twin of the SES mailer: writes the same MIME bytes to HALLSCORE_OUTBOX/{period}/{departmentId}[.v{n}].eml. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Mailer, OutgoingMail } from '../ports.js';

export const outboxFileName = (departmentId: string, version: number): string =>
  version <= 1 ? `${departmentId}.eml` : `${departmentId}.v${version}.eml`;

export class OutboxMailer implements Mailer {
  constructor(private readonly dir: string) {}

  async send(mail: OutgoingMail): Promise<string> {
    const folder = join(this.dir, mail.period);
    await mkdir(folder, { recursive: true });
    const file = join(folder, outboxFileName(mail.departmentId, mail.version));
    // Write then rename: a reader never sees half a mail, and a retry simply replaces it.
    await writeFile(`${file}.tmp`, mail.raw);
    await rename(`${file}.tmp`, file);
    return file;
  }
}
