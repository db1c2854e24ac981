/**
 * Metrics as CloudWatch Embedded Metric Format lines on stdout: Lambda's log pipeline turns them
 * into metrics, so a function needs neither the CloudWatch SDK nor cloudwatch:PutMetricData.
 * infra/constructs/alarms.ts alarms on the same namespace and names.
 */
export const METRICS_NAMESPACE = 'hallscore';
export const STALE_DEVICES_METRIC = 'StaleDevices';
/** How many calendar warnings GET /health gives (CONTRACT.md §8): 1 from 1 November of the last covered year. */
export const CALENDAR_WARNINGS_METRIC = 'CalendarWarnings';

export function emfLine(name: string, value: number, at: number): string {
  return JSON.stringify({
    _aws: { Timestamp: at, CloudWatchMetrics: [{ Namespace: METRICS_NAMESPACE, Dimensions: [[]], Metrics: [{ Name: name, Unit: 'Count' }] }] },
    [name]: value,
  });
}

/** How many registered devices are stale now (the scheduled device check). */
export function logStaleMetric(count: number, at = Date.now()): void {
  process.stdout.write(`${emfLine(STALE_DEVICES_METRIC, count, at)}\n`);
}

/** The daily calendar check: how many calendar warnings are due now. */
export function logCalendarMetric(count: number, at = Date.now()): void {
  process.stdout.write(`${emfLine(CALENDAR_WARNINGS_METRIC, count, at)}\n`);
}
