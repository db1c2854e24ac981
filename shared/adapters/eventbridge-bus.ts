/** EventBridge adapter of the EventBus port: PutEvents in chunks of 10, retrying failed entries. */
import { EventBridgeClient, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import type { BusEnvelope } from '../bus/patterns.js';
import type { EventBus } from '../ports.js';

export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(entries: BusEnvelope[]): Promise<void> {
    const chunks: BusEnvelope[][] = [];
    for (let i = 0; i < entries.length; i += 10) chunks.push(entries.slice(i, i + 10));
    // A 500-event request is 50 PutEvents calls: send them 8 at a time.
    for (let i = 0; i < chunks.length; i += 8) await Promise.all(chunks.slice(i, i + 8).map((c) => this.putChunk(c)));
  }

  private async putChunk(chunk: BusEnvelope[]): Promise<void> {
    let batch: PutEventsRequestEntry[] = chunk.map((e) => ({
      EventBusName: this.busName,
      Source: e.source,
      DetailType: e['detail-type'],
      Detail: JSON.stringify(e.detail),
    }));
    for (let attempt = 0; batch.length > 0; attempt++) {
      if (attempt >= 5) throw new Error(`PutEvents: ${batch.length} entries still failing after 5 attempts`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const r = await this.client.send(new PutEventsCommand({ Entries: batch }));
      batch = batch.filter((_, j) => r.Entries?.[j]?.ErrorCode);
    }
  }
}

/** For a function's awsDeps: the bus named by BUS_NAME. */
export const eventBridgeBus = (cfg: { busName: string }): EventBridgeBus => new EventBridgeBus(new EventBridgeClient({}), cfg.busName);
