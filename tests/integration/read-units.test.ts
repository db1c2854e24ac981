/**
 * Read units on the way in (issue #22: `rcuPerEvent`): the two biggest reads are eventually
 * consistent (half the units) and checked, so a replica that lags can never lose anything:
 * - ingest's staff lookup: a miss is read again strongly consistent before an event is refused;
 * - the refresher's fold of a staff-month after event writes: a read lacking the batch's events is
 *   read again strongly consistent.
 * A lagging replica is simulated by dropping items from eventually consistent answers (DynamoDB
 * Local itself is always consistent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { at } from '../helpers/fixtures.js';
import { FixedClock, testStack, type TestStack } from '../helpers/stack.js';
import { t } from '../e2e/support.js';

let stack: TestStack;
beforeAll(async () => {
  stack = await testStack({ clock: new FixedClock(at('2026-11-20 10:00')) });
  await stack.api.seedHall();
});
afterAll(async () => stack?.stop());

interface Seen {
  command: string;
  consistent: boolean;
  target: string;
}

/**
 * Watches reads while `fn` runs; with `lag`, eventually consistent reads lose the items `lag` picks
 * (as a replica that has not applied the newest writes yet).
 */
async function reads(fn: () => Promise<void>, lag?: (command: string, item: Record<string, unknown>) => boolean): Promise<Seen[]> {
  const seen: Seen[] = [];
  const name = `reads-${Math.random()}`;
  stack.deps.store.db.middlewareStack.add(
    (next, context) => async (args) => {
      const command = (context as { commandName?: string }).commandName ?? '';
      const input = args.input as {
        ConsistentRead?: boolean;
        ExpressionAttributeValues?: Record<string, unknown>;
        RequestItems?: Record<string, { Keys: { pk: unknown }[]; ConsistentRead?: boolean }>;
      };
      const text = (v: unknown) => (typeof v === 'string' ? v : ((v as { S?: string } | undefined)?.S ?? ''));
      let consistent = true;
      let target = '';
      if (command === 'QueryCommand') {
        consistent = input.ConsistentRead === true;
        target = text(input.ExpressionAttributeValues?.[':pk']);
      } else if (command === 'BatchGetCommand' || command === 'BatchGetItemCommand') {
        const req = Object.values(input.RequestItems ?? {})[0];
        consistent = req?.ConsistentRead === true;
        target = (req?.Keys ?? []).map((k) => text(k.pk)).join(',');
      } else {
        return next(args);
      }
      seen.push({ command, consistent, target });
      const out = await next(args);
      if (lag && !consistent) {
        const o = out.output as { Items?: Record<string, unknown>[]; Responses?: Record<string, Record<string, unknown>[]> };
        if (o.Items) o.Items = o.Items.filter((i) => !lag(command, i));
        if (o.Responses) for (const k of Object.keys(o.Responses)) o.Responses[k] = o.Responses[k]!.filter((i) => !lag(command, i));
      }
      return out;
    },
    { step: 'initialize', name },
  );
  try {
    await fn();
    return seen;
  } finally {
    stack.deps.store.db.middlewareStack.remove(name);
  }
}

const criticism = (id: string, staffId: string) => ({ id, type: 'criticism.notified', occurredAt: t('2026-11-19'), staffId, note: '通报' });
/** The criticisms the read model's stored sheet counts (what lists and rankings read). */
const storedCriticisms = async (staffId: string) =>
  ((await stack.deps.store.getSheet('2026-11', staffId))?.items ?? []).filter((i) => i.code === 'criticism').flatMap((i) => i.refs);

describe('ingest: the staff lookup', () => {
  it('is eventually consistent', async () => {
    const seen = await reads(async () => {
      expect((await stack.api.post('/v1/events', criticism('ru-1', 's1'))).status).toBe(202);
    });
    const staff = seen.filter((s) => s.target.startsWith('MD#staff'));
    expect(staff[0]).toMatchObject({ consistent: false });
    expect(staff.filter((s) => s.consistent)).toEqual([]);
  });

  it('a staff member the lagging read misses is read again strongly consistent and accepted', async () => {
    const seen = await reads(
      async () => {
        const r = await stack.api.post('/v1/events', criticism('ru-2', 's2'));
        expect(r.status, r.text).toBe(202);
      },
      (_, item) => item.sk === 's2',
    );
    expect(seen.filter((s) => s.target.startsWith('MD#staff')).map((s) => s.consistent)).toEqual([false, true]);
  });

  it('an unknown staff member is still refused, after the strongly consistent read', async () => {
    const r = await stack.api.post('/v1/events', criticism('ru-3', 'nobody'));
    expect(r.status).toBe(400);
    expect(r.body.error).toBe('unknown-staff');
  });
});

describe('the refresher: folding after event writes', () => {
  it('reads the partition eventually consistent when it holds the batch\'s events', async () => {
    const seen = await reads(async () => {
      expect((await stack.api.post('/v1/events', criticism('ru-4', 's3'))).status).toBe(202);
      await stack.refresh.flush();
    });
    const folds = seen.filter((s) => s.command === 'QueryCommand' && s.target === 'SM#s3#2026-11');
    expect(folds.map((s) => s.consistent)).toEqual([false]);
    expect(await storedCriticisms('s3')).toContain('ru-4');
  });

  it('reads it again strongly consistent when the eventual read lacks the new event: the stored sheet has it', async () => {
    const seen = await reads(
      async () => {
        expect((await stack.api.post('/v1/events', criticism('ru-5', 's3'))).status).toBe(202);
        await stack.refresh.flush();
      },
      (command, item) => command === 'QueryCommand' && JSON.stringify(item).includes('ru-5'),
    );
    const folds = seen.filter((s) => s.command === 'QueryCommand' && s.target === 'SM#s3#2026-11');
    expect(folds.map((s) => s.consistent)).toEqual([false, true]);
    expect(await storedCriticisms('s3')).toEqual(expect.arrayContaining(['ru-4', 'ru-5']));
  });
});

describe('the period state of an event\'s month', () => {
  it('is read once per request, by ingest after the writes, not once per event by the consumer', async () => {
    let periodReads = 0;
    const name = `period-${Math.random()}`;
    stack.deps.store.db.middlewareStack.add(
      (next, context) => async (args) => {
        const pk = (args.input as { Key?: { pk?: unknown } }).Key?.pk;
        const text = typeof pk === 'string' ? pk : (pk as { S?: string } | undefined)?.S;
        if ((context as { commandName?: string }).commandName === 'GetItemCommand' && text === 'PERIOD') periodReads++;
        return next(args);
      },
      { step: 'initialize', name },
    );
    try {
      const r = await stack.api.post('/v1/events', { events: ['ru-p1', 'ru-p2', 'ru-p3'].map((id) => criticism(id, 's1')) });
      expect(r.status, r.text).toBe(202);
    } finally {
      stack.deps.store.db.middlewareStack.remove(name);
    }
    expect(periodReads).toBe(1);
  });
});
