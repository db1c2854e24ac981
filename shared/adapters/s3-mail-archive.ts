/** S3 adapter of the MailArchive port: raw MIME at mails/{period}/{departmentId}/{version}.eml. */
import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Config } from '../config.js';
import type { MailArchive, MailKey, Mailer, OutgoingMail } from '../ports.js';

export const archiveKey = (k: MailKey): string => `mails/${k.period}/${k.departmentId}/${k.version}.eml`;

export class S3MailArchive implements MailArchive {
  constructor(
    private readonly client: S3Client,
    private readonly bucket: string,
  ) {}

  async put(k: MailKey, raw: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: archiveKey(k), Body: raw, ContentType: 'message/rfc822' }));
  }

  async get(k: MailKey): Promise<Buffer | undefined> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: archiveKey(k) }));
      return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : undefined;
    } catch (e) {
      if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') return undefined;
      throw e;
    }
  }
}

/** For a function's awsDeps: the archive bucket the stack names (none: nothing to read). */
export const s3MailArchive = (cfg: Config): MailArchive | undefined =>
  cfg.mailArchiveBucket ? new S3MailArchive(new S3Client({}), cfg.mailArchiveBucket) : undefined;

/** A mailer that archives the raw mail before sending it: what was sent can always be downloaded. */
export function archiving(inner: Mailer, archive: MailArchive | undefined): Mailer {
  if (!archive) return inner;
  return {
    async send(mail: OutgoingMail) {
      await archive.put(mail, mail.raw);
      return inner.send(mail);
    },
  };
}
