/** The custom EventBridge bus with an archive, so any window of events can be replayed. */
import { Duration, Stack } from 'aws-cdk-lib';
import { Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { BUS_NAME } from '../../shared/bus/patterns.js';

export const ARCHIVE_RETENTION_DAYS = 365;

export class HallBus extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: BUS_NAME,
      description: 'hallscore domain events (hall events accepted by ingest, assessments published by close)',
    });
    // Everything published in this account: a replay can rebuild any sheet after a consumer bug.
    this.archive = this.bus.archive('Archive', {
      description: 'Every hallscore bus event, for replay',
      eventPattern: { account: [Stack.of(this).account] },
      retention: Duration.days(ARCHIVE_RETENTION_DAYS),
    });
  }
}
