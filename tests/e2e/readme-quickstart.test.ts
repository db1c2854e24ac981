/**
 * The README's quick start, run as written (its curl lines, against the local stack with real
 * DynamoDB Local): a clean day scores 100, one late arrival costs 1 point. Links in the README and
 * docs/ stay inside the repository.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { quickstartLines, runQuickstart } from '../../scripts/quickstart.js';
import { ADMIN_KEY, testStack, type TestStack } from '../helpers/stack.js';

const root = resolve(__dirname, '..', '..');

describe('the README quick start', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await testStack();
  });
  afterAll(async () => stack?.stop());

  it('ends with a believable result: 100 after a clean day, 99 after one late arrival', async () => {
    const answers = await runQuickstart(stack.url, ADMIN_KEY);
    expect(answers.length).toBe(quickstartLines().filter((l) => l.startsWith('curl ')).length);
    const sheets = answers.map((a) => (a.startsWith('{"period":"2026-10","staffId":"s1"') ? JSON.parse(a) : null)).filter(Boolean);
    expect(sheets.map((s) => s.score)).toEqual([100, 99]);
    expect(sheets[1].items).toEqual([expect.objectContaining({ code: 'late', points: -1, at: '2026-10-13T08:56:30+08:00' })]);
    expect(answers.filter((a) => a === 'OK:4').length).toBe(2);
    // Nothing the quick start sends is refused.
    for (const a of answers) expect(a).not.toMatch(/"error"/);
  });
});

describe('links', () => {
  const docs = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? docs(join(d, e.name)) : e.name.endsWith('.md') ? [join(d, e.name)] : []));
  it('every relative link of README.md and docs/ names a file of the repository', () => {
    const broken: string[] = [];
    for (const file of [join(root, 'README.md'), ...docs(join(root, 'docs'))]) {
      for (const m of readFileSync(file, 'utf8').matchAll(/\]\(([^)\s]+)\)/g)) {
        const target = m[1]!.split('#')[0]!;
        if (!target || /^[a-z]+:/.test(target)) continue;
        const abs = resolve(dirname(file), target);
        if (!abs.startsWith(root + '/') || !existsSync(abs)) broken.push(`${file.slice(root.length + 1)} → ${m[1]}`);
      }
      if (/\.\.\/shared\//.test(readFileSync(file, 'utf8'))) broken.push(`${file.slice(root.length + 1)} mentions ../shared/`);
    }
    expect(broken).toEqual([]);
  });
});
