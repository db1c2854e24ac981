/**
 * Each Lambda function bundled exactly as infra bundles it (infra/functions.ts FUNCTIONS +
 * ESBUILD_OPTIONS, with the function's own externals: its layerModules), its minified size and
 * biggest inputs; the dependency layer of a function with layerModules, copied from node_modules
 * as infra copies it, and its size reported on its own (it is not in the bundle, but it is deployed
 * and loaded); then its cold init in a fresh `node` process: import of the bundle → first handler
 * call returned, with the layer where the function's loader finds it (HALLSCORE_LAYER_DIR).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { build, type BuildOptions, type Metafile } from 'esbuild';
import { ESBUILD_OPTIONS, FUNCTIONS, externalModules, type FunctionSpec, type HallFunctionName } from '../infra/functions.js';
import { copyModuleClosure } from '../infra/layer-modules.js';
import { LAYER_DIR_ENV } from '../shared/reports/load-module.js';
import { phase } from './report.js';

export interface LayerInfo {
  /** The function it belongs to. */
  name: HallFunctionName;
  /** Its top-level packages (the function's layerModules). */
  modules: string[];
  /** Packages in it: the modules and their production dependency closure. */
  packages: number;
  files: number;
  /** Unzipped bytes of the node_modules copy (not part of `BundleInfo.bytes`). */
  bytes: number;
  /** The copied nodejs/node_modules (what Lambda mounts at /opt/nodejs/node_modules). */
  dir: string;
}

export interface BundleInfo {
  name: HallFunctionName;
  /** Minified bundle bytes (index.mjs); the layer, if any, is counted in `layer`, not here. */
  bytes: number;
  /** Biggest contributors (npm package or first-party folder), bytes in the minified output. */
  top: { input: string; bytes: number }[];
  file: string;
  /** esbuild externals (the function's layerModules). */
  external: string[];
  layer?: LayerInfo;
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

export async function buildBundles(): Promise<{ dir: string; bundles: BundleInfo[]; layers: LayerInfo[]; buildMs: number; layerMs: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'hallscore-bench-bundles-'));
  // One esbuild run per distinct set of externals (functions without a layer share one).
  const groups = new Map<string, FunctionSpec[]>();
  for (const f of FUNCTIONS) {
    const key = JSON.stringify(externalModules(f));
    groups.set(key, [...(groups.get(key) ?? []), f]);
  }
  const t0 = performance.now();
  const outputs: Metafile['outputs'] = {};
  for (const [key, specs] of groups) {
    const r = await build({
      ...(ESBUILD_OPTIONS as unknown as BuildOptions),
      external: JSON.parse(key) as string[],
      entryPoints: specs.map((f) => ({ in: f.entry, out: f.name })),
      outdir: dir,
      metafile: true,
      logLevel: 'silent',
    });
    Object.assign(outputs, (r.metafile as Metafile).outputs);
  }
  const buildMs = performance.now() - t0;

  const t1 = performance.now();
  const layers: LayerInfo[] = [];
  for (const f of FUNCTIONS) {
    if (!f.layerModules?.length) continue;
    const layerDir = join(dir, 'layers', f.name, 'nodejs', 'node_modules');
    const copy = copyModuleClosure(f.layerModules, layerDir);
    layers.push({ name: f.name, modules: [...f.layerModules], packages: copy.packages.length, files: copy.files, bytes: copy.bytes, dir: layerDir });
  }
  const layerMs = performance.now() - t1;
  for (const l of layers) {
    phase(
      `  layer of ${l.name} (${l.modules.join(', ')}; not in its bundle size): ${l.packages} packages, ${l.files} files, ` +
        `${(l.bytes / 1e6).toFixed(1)} MB unzipped (${l.bytes} B)`,
    );
  }

  const bundles = FUNCTIONS.map((f): BundleInfo => {
    const file = join(dir, `${f.name}.mjs`);
    const out = Object.entries(outputs).find(([k]) => k.endsWith(`${f.name}.mjs`))?.[1];
    const by = new Map<string, number>();
    for (const [input, v] of Object.entries(out?.inputs ?? {})) by.set(contributor(input), (by.get(contributor(input)) ?? 0) + v.bytesInOutput);
    const top = [...by.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 5)
      .map(([input, bytes]) => ({ input, bytes }));
    const layer = layers.find((l) => l.name === f.name);
    return { name: f.name, bytes: statSync(file).size, top, file, external: externalModules(f), ...(layer ? { layer } : {}) };
  });
  return { dir, bundles, layers, buildMs, layerMs };
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
  record: { label: 'an event that is not a hall event (throws before any I/O)', event: { id: 'bench', detail: {} } },
  publish: { label: 'an event that is not a publication (throws before any I/O)', event: { id: 'bench', detail: {} } },
  refresh: { label: 'stream batch with no records', event: { Records: [] } },
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
          // The layer where the function's loader looks for it, as /opt/nodejs/node_modules on Lambda.
          env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '--enable-source-maps', NODE_NO_WARNINGS: '1', ...env, ...(b.layer ? { [LAYER_DIR_ENV]: b.layer.dir } : {}) },
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
