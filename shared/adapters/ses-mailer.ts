/** SES (v2, raw MIME) adapter of the Mailer port. The MIME is assembled once, by shared/reports. */
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import type { Mailer, OutgoingMail } from '../ports.js';

export class SesMailer implements Mailer {
  constructor(private readonly client: SESv2Client) {}

  async send(mail: OutgoingMail): Promise<string> {
    const r = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: mail.from,
        Destination: { ToAddresses: mail.to },
        Content: { Raw: { Data: mail.raw } },
      }),
    );
    return r.MessageId ?? 'unknown';
  }
}

/** For a function's awsDeps: SES in the function's region. */
export const sesMailer = (): SesMailer => new SesMailer(new SESv2Client({}));
