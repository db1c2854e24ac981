/** `npx hallscore …` as hall staff run it: `node bin/hallscore.js` in a child process, with no URL or key from the environment. */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in `cwd` against `url` with `key` (given on the command line, as a person would). */
export function runCli(args: string[], opts: { cwd: string; url: string; key: string }): Promise<CliRun> {
  const full = [join(ROOT, 'bin/hallscore.js'), ...args, '--url', opts.url, '--key', opts.key];
  return new Promise((res, rej) => {
    const child = spawn(process.execPath, full, { cwd: opts.cwd, env: { ...process.env, HALLSCORE_URL: '', HALLSCORE_ADMIN_KEY: '' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString('utf8')));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    child.on('error', rej);
    child.on('close', (code) => res({ code, stdout, stderr }));
  });
}
