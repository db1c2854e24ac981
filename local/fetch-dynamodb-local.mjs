// Installs DynamoDB Local from the jar shipped in the npm package amplify-dynamodb-simulator.
// Installing that package as a dependency pulls ~350 MB (an old aws-cdk-lib and the Amplify CLI),
// so we `npm pack` it from the registry, check its pinned integrity, and extract only emulator/.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE = 'amplify-dynamodb-simulator@2.9.30';
const INTEGRITY =
  'sha512-xTeeRLvzEfqyd5lh3bH4c0kHvSHHmmhD5ZDsHFKAQ5g2Zl6JqlFdutaQhCLHzxEp6Ry1o7TB6niIoXuQAnSewQ==';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const target = join(root, 'node_modules', '.dynamodb-local');

if (existsSync(join(target, 'DynamoDBLocal.jar'))) process.exit(0);

const work = mkdtempSync(join(tmpdir(), 'hallscore-ddb-'));
try {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['pack', PACKAGE, '--silent', '--pack-destination', work], { stdio: ['ignore', 'ignore', 'inherit'] });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new Error(`npm pack ${PACKAGE} produced no tarball`);
  const digest = 'sha512-' + createHash('sha512').update(readFileSync(join(work, tgz))).digest('base64');
  if (digest !== INTEGRITY) throw new Error(`${PACKAGE}: integrity mismatch (${digest})`);
  execFileSync('tar', ['xzf', join(work, tgz), '-C', work, 'package/emulator']);
  mkdirSync(dirname(target), { recursive: true });
  rmSync(target, { recursive: true, force: true });
  renameSync(join(work, 'package', 'emulator'), target);
  console.log(`hallscore: DynamoDB Local installed from ${PACKAGE} into node_modules/.dynamodb-local`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
