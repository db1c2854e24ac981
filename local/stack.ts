/**
 * The local stack behind `npm start`: DynamoDB Local, the same handler modules as Lambda, the
 * local bus and scheduler, and an HTTP server on 127.0.0.1.
 */
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { Context } from 'aws-lambda';
import { createHandler as closeHandler } from '../functions/close/handler.js';
import { createHandler as adminHandler } from '../functions/admin/handler.js';
import { createHandler as iclockHandler } from '../functions/iclock/handler.js';
import { createHandler as ingestHandler } from '../functions/ingest/handler.js';
import { createHandler as queryHandler } from '../functions/query/handler.js';
import { createHandler as recordHandler, type RecordEvent } from '../functions/record/handler.js';
import { createHandler as publishHandler, type PublicationEvent } from '../functions/publish/handler.js';
import { clearLeases } from '../shared/adapters/dynamodb/leases.js';
import { createHandler as refreshHandler } from '../functions/refresh/handler.js';
import { createDocumentClient } from '../shared/adapters/dynamodb/client.js';
import { HallStore } from '../shared/adapters/dynamodb/store.js';
import { ensureTable } from '../shared/adapters/dynamodb/table.js';
import { OutboxMailer } from '../shared/adapters/outbox-mailer.js';
import { OutboxArchive } from '../shared/adapters/outbox-archive.js';
import type { Clock, Mailer } from '../shared/ports.js';
import { systemClock } from '../shared/ports.js';
import type { Deps } from '../shared/runtime.js';
import { hashKey } from '../shared/services/auth.js';
import { fakeContext, LocalBus, LocalStream } from './bus.js';
import { TableDeadLetters } from './dead-letters.js';
import { startDynamoDbLocal, type DynamoDbLocal } from './dynamodb-local.js';
import { startScheduler } from './scheduler.js';
import type { ScheduleKind } from '../shared/schedules.js';
import { createLocalServer, type HttpLambda } from './server.js';

export interface StackOptions {
  port?: number; // 0 = any free port
  dataDir?: string; // 'memory' keeps nothing
  outbox?: string;
  adminKey?: string;
  tz?: string;
  /** Use a running DynamoDB Local (tests) instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  clock?: Clock;
  mailer?: Mailer;
  schedules?: boolean;
  mailFrom?: string;
}

export interface LocalStack {
  url: string;
  port: number;
  deps: Deps;
  bus: LocalBus;
  /** The read model's refresh feed (the table stream's twin): `refresh.flush()` refreshes now. */
  refresh: LocalStream;
  ddb?: DynamoDbLocal;
  /** Invoke the close function as a schedule would. */
  runSchedule(kind: ScheduleKind, refold?: boolean): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startStack(opts: StackOptions = {}): Promise<LocalStack> {
  const tz = opts.tz ?? 'Asia/Shanghai';
  const adminKey = opts.adminKey ?? 'local-admin-key';
  let ddb: DynamoDbLocal | undefined;
  let endpoint = opts.dynamoEndpoint;
  if (!endpoint) {
    ddb = await startDynamoDbLocal({ dataDir: opts.dataDir ?? './.hallscore' });
    endpoint = ddb.endpoint;
  }
  try {
    const tableName = opts.tableName ?? 'hallscore';
    await ensureTable(new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }), tableName);
    const store = new HallStore(createDocumentClient({ endpoint }), tableName);
    const outbox = resolve(opts.outbox ?? './outbox');

    const record = recordHandler(async () => deps);
    const publish = publishHandler(async () => deps);
    const bus = new LocalBus({ record: (e: RecordEvent, c: Context) => record(e, c), publish: (e: PublicationEvent, c: Context) => publish(e, c) }, { archiveDir: outbox });
    const refresh = new LocalStream(refreshHandler(async () => deps) as never);
    // Every write into a staff-month partition reaches the refresher, as the table's stream does on AWS.
    store.onChange = (records) => refresh.push(records);
    const deadLetters = new TableDeadLetters(store, (d) => (d.consumer === 'refresh' ? refresh.redeliver(d) : bus.redeliver(d)));
    bus.onDeadLetter((d) => deadLetters.add(d));
    refresh.onDeadLetter((d) => deadLetters.add(d));
    const deps: Deps = {
      store,
      bus,
      deadLetters,
      mailer: opts.mailer ?? new OutboxMailer(outbox),
      clock: opts.clock ?? systemClock,
      tz,
      mailFrom: opts.mailFrom ?? 'hallscore@localhost',
      adminKeyHash: async () => hashKey(adminKey),
      mailArchive: new OutboxArchive(outbox),
    };
    const close = closeHandler(deps);
    const handlers: Record<string, HttpLambda> = {
      ingest: ingestHandler(deps),
      iclock: iclockHandler(deps),
      admin: adminHandler(deps),
      query: queryHandler(deps),
      close: close as HttpLambda,
    };
    const runSchedule = (kind: ScheduleKind, refold = false) => close({ kind, refold }, fakeContext('close'));

    // No other process works on this table: a close that died with the last run holds no lease now.
    await clearLeases(store);
    // Anything stored but not folded before a crash is folded now.
    await runSchedule('reconcile', true);

    const server = createLocalServer(handlers as Record<'ingest' | 'iclock' | 'admin' | 'query' | 'close', HttpLambda>);
    await new Promise<void>((res, rej) => {
      server.once('error', rej);
      server.listen(opts.port ?? 3000, '127.0.0.1', () => res());
    });
    const port = (server.address() as AddressInfo).port;
    const stopScheduler = opts.schedules === false ? () => undefined : startScheduler(tz, (s) => runSchedule(s.input.kind), () => deps.clock.now());

    return {
      url: `http://127.0.0.1:${port}`,
      port,
      deps,
      bus,
      refresh,
      ddb,
      runSchedule,
      async stop() {
        stopScheduler();
        refresh.stop();
        await new Promise<void>((res) => {
          server.close(() => res());
          server.closeAllConnections();
        });
        await ddb?.stop();
      },
    };
  } catch (e) {
    await ddb?.stop();
    throw e;
  }
}
