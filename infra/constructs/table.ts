/**
 * The one DynamoDB table. Keys are generic (pk/sk strings); the item layout is the store adapter's
 * business (shared/adapters/), documented in the README's access-pattern table.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Grant, IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const TABLE_KEYS = { partitionKey: 'pk', sortKey: 'sk', ttl: 'ttl' } as const;

/**
 * Narrower than Table.grantReadData/grantReadWriteData: no dynamodb:Scan (nothing scans the table,
 * DESIGN.md "Data") and no stream reads (only the read model's refresher reads the stream, granted by
 * its event source). TransactWriteItems is authorised per item by the write actions.
 */
export const TABLE_READ_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DescribeTable',
] as const;
export const TABLE_WRITE_ACTIONS = [
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
] as const;

export class HallTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      sortKey: { name: TABLE_KEYS.sortKey, type: AttributeType.STRING },
      // On-demand: traffic is spiky (everyone punches at 08:30, closes at night) and small.
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttl,
      // The read model's dirty marks (shared/bus/refresh.ts): writes into staff-month partitions reach
      // the refresher through the stream, filtered and batched by its event source. NEW_IMAGE: the
      // refresher tells a punch (refold only on a closed day) from everything else without a read.
      stream: StreamViewType.NEW_IMAGE,
      // Accepted events are the source of truth: the table survives stack deletion and
      // cannot be deleted by accident.
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  grantRead(grantee: IGrantable): Grant {
    return this.table.grant(grantee, ...TABLE_READ_ACTIONS);
  }

  grantReadWrite(grantee: IGrantable): Grant {
    return this.table.grant(grantee, ...TABLE_READ_ACTIONS, ...TABLE_WRITE_ACTIONS);
  }
}
