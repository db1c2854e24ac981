/** Local twin of the SQS DLQ: dead letters kept in the table (they survive a restart) and redriven through the local bus. */
import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { HallStore } from '../shared/adapters/dynamodb/store.js';
import type { DeadLetter, DeadLetterQueue } from '../shared/ports.js';

const PK = 'DLQ';

export class TableDeadLetters implements DeadLetterQueue {
  /** `redeliver` hands a body back to its consumer once (no retries); true when it succeeded. */
  constructor(
    private readonly store: HallStore,
    private readonly redeliver: (d: DeadLetter) => Promise<boolean>,
  ) {}

  async add(d: Omit<DeadLetter, 'id'>): Promise<void> {
    const id = randomUUID();
    await this.store.db.send(
      new PutCommand({ TableName: this.store.table, Item: { pk: PK, sk: `${d.at}#${id}`, id, ...d } }),
    );
  }

  async list(): Promise<DeadLetter[]> {
    const r = await this.store.queryAll(PK);
    return r.map((i) => ({ id: i.id as string, rule: i.rule as string, consumer: i.consumer as string, error: i.error as string, at: i.at as string, body: i.body as string }));
  }

  async redrive(): Promise<{ redriven: number; failed: number }> {
    let redriven = 0;
    let failed = 0;
    for (const d of await this.list()) {
      if (await this.redeliver(d)) {
        await this.store.deleteItem({ pk: PK, sk: `${d.at}#${d.id}` });
        redriven++;
      } else failed++;
    }
    return { redriven, failed };
  }
}
