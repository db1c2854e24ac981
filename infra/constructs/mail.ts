/**
 * SES sender identity for the result mails. Deploying it makes SES send a verification mail to
 * the address; until it is clicked (and while the account is in the SES sandbox, where recipients
 * must be verified too) sending fails.
 */
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { EmailIdentity, Identity } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface HallMailProps {
  senderAddress: string;
}

export class HallMail extends Construct {
  readonly identity: EmailIdentity;
  readonly senderAddress: string;

  constructor(scope: Construct, id: string, props: HallMailProps) {
    super(scope, id);
    this.senderAddress = props.senderAddress;
    this.identity = new EmailIdentity(this, 'Sender', { identity: Identity.email(props.senderAddress) });
  }

  /**
   * ses:SendRawEmail (SES v1 raw MIME) and ses:SendEmail (the SES v2 SendEmail operation, which
   * @aws-sdk/client-sesv2 calls for raw content too), on this identity only.
   */
  grantSend(grantee: IGrantable): void {
    this.identity.grantSendEmail(grantee);
  }
}
