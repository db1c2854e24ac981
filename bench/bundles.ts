/**
 * Each Lambda function bundled exactly as infra bundles it (infra/functions.ts FUNCTIONS +
 * ESBUILD_OPTIONS), its minified size and biggest inputs; then its cold init in a fresh `node`
 * process: import of the bundle → first handler call returned.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ESBUILD_OPTIONS, FUNCTIONS, type HallFunctionName } from '../infra/functions.js';

export interface BundleInfo {
  name: HallFunctionName;
  bytes: number;
  /** Biggest contributors (npm package or first-party folder), bytes in the minified output. */
  top: { input: string; bytes: number }[];
  file: string;
}

export interface ColdInit {
  name: HallFunctionName;
  event: string;
  status: string;
  /** Medians over `runs` fresh processes. */
  importMs: number;
  firstCallMs: number;
  initToFirstResultMs: number;
  processMs: number;
  rssMB: number;
  runs: number;
}

function contributor(path: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (m) return m[1]!;
  return path.split('/').slice(0, 2).join('/');
}

export async function buildBundles(): Promise<{ dir: string; bundles: BundleInfo[]; buildMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hallscore-bench-bundles-'));
  const t0 = performance.now();
  const r = await build({
    ...(ESBUILD_OPTIONS as unknown as BuildOptions),
    entryPoints: FUNCTIONS.map((f) => ({ in: f.entry, out: f.name })),
    outdir: dir,
    metafile: true,
    logLevel: 'silent',
  });
  const buildMs = performance.now() - t0;
  const meta = r.metafile as Metafile;
  const bundles = FUNCTIONS.map((f) => {
    const file = join(dir, `${f.name}.mjs`);
    const out = Object.entries(meta.outputs).find(([k]) => k.endsWith(`${f.name}.mjs`))?.[1];
    const by = new Map<string, number>();
    for (const [input, v] of Object.entries(out?.inputs ?? {})) by.set(contributor(input), (by.get(contributor(input)) ?? 0) + v.bytesInOutput);
    const top = [...by.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([input, bytes]) => ({ input, bytes }));
    return { name: f.name, bytes: statSync(file).size, top, file };
  });
  return { dir, bundles, buildMs };
}

const RUNNER = `
import { performance } from 'node:perf_hooks';
const t0 = performance.now();
const m = await import(process.argv[2]);
const t1 = performance.now();
const event = JSON.parse(process.argv[3]);
const context = { functionName: 'bench', awsRequestId: 'bench', getRemainingTimeInMillis: () => 30000, callbackWaitsForEmptyEventLoop: false };
let status;
try {
  const r = await m.handler(event, context);
  status = r && typeof r === 'object' && 'statusCode' in r ? String(r.statusCode) : JSON.stringify(r).slice(0, 60);
} catch (e) {
  status = 'threw ' + (e && e.message ? e.message : String(e)).slice(0, 80);
}
const t2 = performance.now();
process.stdout.write('\\nBENCH_RESULT ' + JSON.stringify({ importMs: t1 - t0, firstCallMs: t2 - t1, totalMs: t2 - t0, status, rssMB: process.memoryUsage().rss / 1048576 }));
`;

function httpEvent(routeKey: string, path: string, query?: Record<string, string>): object {
  const [method] = routeKey.split(' ');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: new URLSearchParams(query ?? {}).toString(),
    headers: { 'content-type': 'application/json' },
    queryStringParameters: query,
    body: method === 'POST' ? '{}' : undefined,
    isBase64Encoded: false,
    requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' }, routeKey, stage: '$default', requestId: 'bench', timeEpoch: Date.now() },
  };
}

/** A trivial first call per function: one that answers (health) or fails fast (no key, unknown device). */
const FIRST_CALL: Record<HallFunctionName, { label: string; event: object }> = {
  query: { label: 'GET /health', event: httpEvent('GET /health', '/health') },
  ingest: { label: 'POST /v1/events (no key → 401)', event: httpEvent('POST /v1/events', '/v1/events') },
  admin: { label: 'GET /v1/departments (no key → 401)', event: httpEvent('GET /v1/departments', '/v1/departments') },
  close: { label: 'POST /v1/close/day/{date} (no key → 401)', event: httpEvent('POST /v1/close/day/{date}', '/v1/close/day/2026-09-01') },
  iclock: { label: 'GET /iclock/ping (unknown SN → 401, one GetItem)', event: httpEvent('GET /iclock/ping', '/iclock/ping', { SN: 'BENCH0000' }) },
  record: { label: 'SQS batch with no records', event: { Records: [] } },
};

export async function coldInits(dir: string, bundles: BundleInfo[], env: Record<string, string>, runs: number): Promise<ColdInit[]> {
  const runner = join(dir, 'cold-init-runner.mjs');
  writeFileSync(runner, RUNNER);
  const out: ColdInit[] = [];
  for (const b of bundles) {
    const call = FIRST_CALL[b.name];
    const samples: { importMs: number; firstCallMs: number; totalMs: number; status: string; rssMB: number; processMs: number }[] = [];
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      const text = await new Promise<string>((res, rej) => {
        const child = spawn(process.execPath, [runner, b.file, JSON.stringify(call.event)], {
          // As on Lambda (infra sets NODE_OPTIONS=--enable-source-maps); AWS_* placeholders keep the SDK
          // from probing for credentials, and the table is DynamoDB Local's.
          env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--enable-source-maps', NODE_NO_WARNINGS: '1', ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let so = '';
        let se = '';
        child.stdout.on('data', (d) => (so += d));
        child.stderr.on('data', (d) => (se += d));
        child.once('error', rej);
        child.once('exit', (code) => (code === 0 ? res(so) : rej(new Error(`cold init of ${b.name} exited ${code}: ${se.slice(0, 800)}`))));
      });
      const processMs = performance.now() - t0;
      const line = /BENCH_RESULT (.*)/.exec(text)?.[1];
      if (!line) throw new Error(`cold init of ${b.name} printed no result: ${text.slice(0, 500)}`);
      samples.push({ ...(JSON.parse(line) as Omit<(typeof samples)[number], 'processMs'>), processMs });
    }
    const med = (k: 'importMs' | 'firstCallMs' | 'totalMs' | 'rssMB' | 'processMs') => {
      const v = samples.map((s) => s[k]).sort((a, c) => a - c);
      return v[Math.floor(v.length / 2)]!;
    };
    out.push({
      name: b.name,
      event: call.label,
      status: samples[0]!.status,
      importMs: med('importMs'),
      firstCallMs: med('firstCallMs'),
      initToFirstResultMs: med('totalMs'),
      processMs: med('processMs'),
      rssMB: med('rssMB'),
      runs,
    });
  }
  return out;
}
