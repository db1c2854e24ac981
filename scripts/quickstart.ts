/**
 * The README's quick start as commands: the shell lines of its ```sh blocks (after `npm start`), with
 * the base URL and admin key of the stack they should run against. The README test runs them and
 * checks the promised results; `npm run screenshots` runs them to photograph the console's answer.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const readme = join(fileURLToPath(new URL('..', import.meta.url)), 'README.md');

/** The quick start's shell lines, in order: variable assignments and curl calls. */
export function quickstartLines(text = readFileSync(readme, 'utf8')): string[] {
  const start = text.indexOf('## Quick start');
  const end = text.indexOf('Tests and the rest:', start);
  if (start < 0 || end < 0) throw new Error('README.md has no "## Quick start … Tests and the rest:" section');
  const blocks = [...text.slice(start, end).matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).filter((l) => /^(curl |[A-Z]+=)/.test(l));
}

/** Runs the lines with bash against a stack; answers each curl's output, in order. Asynchronous: the stack may live in this process. */
export async function runQuickstart(base: string, adminKey: string, lines = quickstartLines()): Promise<string[]> {
  const script = lines
    .map((l) => l.replaceAll('http://127.0.0.1:3000', base).replaceAll('local-admin-key', adminKey))
    // One marker line after each call, so the answers can be told apart (curl -s prints no newline).
    .map((l) => (l.startsWith('curl ') ? `${l}; printf '\\n--8<--\\n'` : l))
    .join('\n');
  const { stdout: out } = await promisify(execFile)('bash', ['-euo', 'pipefail', '-c', script], { encoding: 'utf8' });
  return out.split('\n--8<--\n').slice(0, -1);
}
