/**
 * The archive of every result mail sent (CONTRACT.md §13: "on AWS the raw mails are archived, not only
 * sent"): raw MIME at mails/{period}/{departmentId}/{version}.eml, written by the publish function before
 * it sends, read by the query function for GET /v1/mails/... downloads. Private, encrypted, versioned
 * (an archive is evidence: an overwrite keeps the earlier object), kept when the stack is deleted.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { Grant, PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket, StorageClass } from 'aws-cdk-lib/aws-s3';
import { Construct, type IConstruct } from 'constructs';

export interface MailArchiveProps {
  accessLogs: IBucket;
}

export class MailArchive extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: MailArchiveProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'mail-archive/',
      // Mails are read in the weeks after a close; later they are kept for audits, rarely read.
      lifecycleRules: [{ transitions: [{ storageClass: StorageClass.INFREQUENT_ACCESS, transitionAfter: Duration.days(90) }] }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /** s3:PutObject under mails/ (the publish function), no wildcard actions (grantPut adds Abort* and tagging). */
  grantWrite(grantee: IGrantable, role: IConstruct): void {
    Grant.addToPrincipal({ grantee, actions: ['s3:PutObject'], resourceArns: [this.bucket.arnForObjects('mails/*')] });
    this.acknowledgeObjects(role);
  }

  /**
   * s3:GetObject under mails/ (the query function's downloads), and s3:ListBucket limited to that
   * prefix: without it a missing mail answers AccessDenied instead of NoSuchKey (the adapter's 404).
   */
  grantRead(grantee: IGrantable, role: IConstruct): void {
    Grant.addToPrincipal({ grantee, actions: ['s3:GetObject'], resourceArns: [this.bucket.arnForObjects('mails/*')] });
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['mails/*'] } } }),
    );
    this.acknowledgeObjects(role);
  }

  /** The finding is on the role's policy: acknowledged there, for this one resource only. */
  private acknowledgeObjects(role: IConstruct): void {
    const arn = Stack.of(this).resolve(this.bucket.bucketArn) as { 'Fn::GetAtt': [string, string] };
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${arn['Fn::GetAtt'][0]}.Arn>/mails/*]`,
      reason:
        'Mail objects are named by period, department and version (mails/{period}/{departmentId}/{version}.eml), ' +
        'created at each close: the function needs every object under the mails/ prefix of this one bucket, nothing else.',
    });
  }
}
