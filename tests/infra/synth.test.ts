/**
 * `npm run synth` as a user runs it: through the CDK CLI, with real esbuild bundling, and with no
 * AWS credentials in the environment. Then the bundles themselves: ESM, source-mapped, carrying
 * the createRequire banner, and loadable by Node with a `handler` export.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ESBUILD_OPTIONS, ESM_REQUIRE_BANNER, FUNCTIONS, REPO_ROOT, externalModules, functionSpec } from '../../infra/functions.js';
import { STACK_NAME } from '../../infra/hallscore-app.js';
import { directorySize } from '../../infra/layer-modules.js';
import { LAYER_DIR_ENV } from '../../shared/reports/load-module.js';

const run = promisify(execFile);

type Json = Record<string, any>;

let outdir: string;
let template: { Resources: Record<string, { Type: string; Properties: Json; Metadata?: Json }> };
let synthSeconds: number;

/** The environment minus anything that could hand the CLI AWS credentials or a profile. */
function envWithoutAws(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY|SESSION_TOKEN|PROFILE|DEFAULT_PROFILE|REGION|DEFAULT_REGION|CONFIG_FILE|SHARED_CREDENTIALS_FILE|WEB_IDENTITY_TOKEN_FILE|ROLE_ARN|CONTAINER_CREDENTIALS_.*)$/.test(k)) continue;
    env[k] = v;
  }
  env.AWS_SHARED_CREDENTIALS_FILE = join(outdir, 'no-credentials');
  env.AWS_CONFIG_FILE = join(outdir, 'no-config');
  return env;
}

beforeAll(async () => {
  outdir = mkdtempSync(join(tmpdir(), 'hallscore-synth-'));
  const started = Date.now();
  await run('npm', ['run', 'synth', '--', '--output', join(outdir, 'cdk.out')], {
    cwd: REPO_ROOT,
    env: envWithoutAws(),
    timeout: 110_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  synthSeconds = (Date.now() - started) / 1000;
  template = JSON.parse(readFileSync(join(outdir, 'cdk.out', `${STACK_NAME}.template.json`), 'utf8'));
}, 120_000);

afterAll(() => {
  if (outdir) rmSync(outdir, { recursive: true, force: true });
});

/** The asset directory of a function's bundle, by its description (unique per function). */
function bundleDir(description: string): string {
  const fn = Object.values(template.Resources).find(
    (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Description === description,
  );
  expect(fn, description).toBeDefined();
  const assetPath = fn!.Metadata?.['aws:asset:path'] as string;
  expect(assetPath).toMatch(/^asset\./);
  return join(outdir, 'cdk.out', assetPath);
}

/**
 * The asset directory of the publish function's dependency layer: the one layer version a function of
 * ours references (the console's BucketDeployment brings aws-cdk-lib's own layers beside it).
 */
function layerAssetDir(): string {
  const referenced = new Set(
    Object.values(template.Resources)
      .filter((r) => r.Type === 'AWS::Lambda::Function')
      .flatMap((r) => ((r.Properties?.Layers ?? []) as { Ref?: string }[]).map((l) => l.Ref)),
  );
  const layers = Object.entries(template.Resources)
    .filter(([id, r]) => r.Type === 'AWS::Lambda::LayerVersion' && referenced.has(id) && String(r.Metadata?.['aws:asset:path'] ?? '').length > 0)
    .map(([, r]) => r)
    .filter((r) => !/AwsCli|BucketDeployment/i.test(JSON.stringify(r.Properties?.Description ?? '') + JSON.stringify(r.Metadata ?? {})));
  expect(layers).toHaveLength(1);
  const assetPath = layers[0]!.Metadata?.['aws:asset:path'] as string;
  expect(assetPath).toMatch(/^asset\./);
  return join(outdir, 'cdk.out', assetPath);
}

describe('npm run synth', () => {
  it('synthesizes the stack offline without AWS credentials', () => {
    expect(Object.values(template.Resources).some((r) => r.Type === 'AWS::Lambda::Function')).toBe(true);
    const report = JSON.parse(readFileSync(join(outdir, 'cdk.out', 'validation-report.json'), 'utf8'));
    expect(report.pluginReports).toEqual([]); // cdk-nag ran and found nothing unacknowledged
    console.info(`npm run synth: ${synthSeconds.toFixed(1)} s`);
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))(
    '%s is bundled as a source-mapped ES module with the createRequire banner',
    (_name, spec) => {
      const dir = bundleDir(spec.description);
      const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
      expect(code.startsWith(ESM_REQUIRE_BANNER)).toBe(true);
      expect(existsSync(join(dir, 'index.mjs.map'))).toBe(true);
      expect(code).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
    },
  );

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s bundle loads in Node and exports handler', async (_name, spec) => {
    const file = join(bundleDir(spec.description), 'index.mjs');
    const probe = `import(${JSON.stringify(file)}).then((m) => console.log(typeof m.handler))`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', probe], {
      env: { ...envWithoutAws(), TABLE_NAME: 't', BUS_NAME: 'b', AWS_REGION: 'cn-north-1' },
      timeout: 20_000,
    });
    expect(stdout.trim()).toBe('function');
  });

  it.each(FUNCTIONS.map((f) => [f.name, f] as const))('%s bundle is under 1,000,000 bytes (minified)', (_name, spec) => {
    const bytes = statSync(join(bundleDir(spec.description), 'index.mjs')).size;
    if (spec.layerModules?.length) console.info(`${spec.name} bundle: ${bytes} bytes`);
    expect(bytes).toBeLessThan(1_000_000);
  });

  it('publish imports exceljs and nodemailer at run time instead of bundling them', () => {
    const dir = bundleDir(functionSpec('publish').description);
    const code = readFileSync(join(dir, 'index.mjs'), 'utf8');
    expect(code).toContain('import("exceljs")');
    expect(code).toContain('import("nodemailer/lib/mail-composer/index.js")');
    const map = JSON.parse(readFileSync(join(dir, 'index.mjs.map'), 'utf8')) as { sources: string[] };
    expect(map.sources.filter((src) => /node_modules\/(exceljs|nodemailer|jszip|archiver|unzipper)\//.test(src))).toEqual([]);
    expect(map.sources.some((src) => src.includes('shared/reports/load-module.ts'))).toBe(true);
  });

  it('ships the publish dependency layer: exceljs, nodemailer and their dependencies in nodejs/node_modules', () => {
    const dir = layerAssetDir();
    expect(readdirSync(dir)).toEqual(['nodejs']);
    for (const p of ['exceljs', 'nodemailer', 'jszip', 'archiver', 'saxes', 'unzipper']) {
      expect(existsSync(join(dir, 'nodejs', 'node_modules', p, 'package.json')), p).toBe(true);
    }
    const size = directorySize(dir);
    console.info(`publish dependency layer: ${size.files} files, ${size.bytes} bytes unzipped`);
    expect(size.bytes).toBeLessThan(100 * 1024 * 1024);
  });

  it('a bundle built as publish renders the mail with the layer as Lambda mounts it, and cannot without it', async () => {
    // The mail rendering (workbook + MIME) bundled with publish's settings and externals, placed
    // outside the repository (no node_modules above it), as /var/task is on Lambda.
    const probeDir = join(outdir, 'probe');
    await build({
      ...(ESBUILD_OPTIONS as unknown as BuildOptions),
      external: externalModules(functionSpec('publish')),
      stdin: {
        contents: [
          "import { createRequire } from 'node:module';",
          "import { buildDepartmentMail, buildWorkbook } from './shared/reports/index.js';",
          "import { sampleReport } from './shared/reports/sample.js';",
          'export async function probe() {',
          "  const xlsx = await buildWorkbook(sampleReport('month'));",
          "  const mail = await buildDepartmentMail(sampleReport('month'), 'hallscore@example.gov.cn');",
          '  const loaded = Object.keys(createRequire(import.meta.url).cache).filter((f) => /node_modules/.test(f));',
          "  return { xlsxHead: xlsx.subarray(0, 2).toString('latin1'), xlsxBytes: xlsx.length, mailBytes: mail.raw.length, loaded };",
          '}',
        ].join('\n'),
        resolveDir: REPO_ROOT,
        sourcefile: 'probe.ts',
        loader: 'ts',
      },
      outfile: join(probeDir, 'index.mjs'),
      logLevel: 'silent',
    });
    const script = `import(${JSON.stringify(join(probeDir, 'index.mjs'))}).then((m) => m.probe()).then((r) => console.log(JSON.stringify(r)), (e) => console.log(JSON.stringify({ error: e.message })))`;
    const runProbe = async (layer?: string): Promise<Json> => {
      const env = { ...envWithoutAws() };
      delete env[LAYER_DIR_ENV];
      if (layer) env[LAYER_DIR_ENV] = layer;
      const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: probeDir, env, timeout: 30_000 });
      return JSON.parse(stdout.trim().split('\n').pop()!) as Json;
    };

    // Without the layer (no /opt/nodejs/node_modules here): the externals really are external.
    const without = await runProbe();
    expect(without.error).toMatch(/cannot load exceljs: not resolvable from the bundle .* nor from the layer folder \/opt\/nodejs\/node_modules/);

    // With the synthesized layer asset where the loader looks for it.
    const layerNodeModules = join(layerAssetDir(), 'nodejs', 'node_modules');
    const withLayer = await runProbe(layerNodeModules);
    expect(withLayer.error).toBeUndefined();
    expect(withLayer.xlsxHead).toBe('PK');
    expect(withLayer.xlsxBytes).toBeGreaterThan(5_000);
    expect(withLayer.mailBytes).toBeGreaterThan(withLayer.xlsxBytes);
    const loaded = withLayer.loaded as string[];
    expect(loaded.some((f) => f.startsWith(join(layerNodeModules, 'exceljs') + '/'))).toBe(true);
    expect(loaded.some((f) => f.startsWith(join(layerNodeModules, 'nodemailer') + '/'))).toBe(true);
    expect(loaded.some((f) => f.startsWith(join(layerNodeModules, 'jszip') + '/'))).toBe(true);
    expect(loaded.filter((f) => !f.startsWith(layerNodeModules + '/'))).toEqual([]);
  });
});
