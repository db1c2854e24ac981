/**
 * The dependency layer's content (infra/layer-modules.ts: which packages, copied how) and the loader
 * that finds them on Lambda (shared/reports/load-module.ts). tests/infra/synth.test.ts then runs the
 * synthesized layer with a bundle built as the publish function's.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, functionSpec } from '../../infra/functions.js';
import { copyModuleClosure, moduleClosure, resolvePackageDir, type LayerCopy } from '../../infra/layer-modules.js';
import { DEFAULT_LAYER_DIR, LAYER_DIR_ENV, layerDir, loadOptional } from '../../shared/reports/load-module.js';

const tmp: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  tmp.push(d);
  return d;
};
afterAll(() => {
  for (const d of tmp) rmSync(d, { recursive: true, force: true });
});

/** A fake installed tree: { 'a': {deps}, 'a/node_modules/b': {...} } → root/node_modules/... */
function fakeTree(pkgs: Record<string, { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string>; files?: Record<string, string> }>): string {
  const root = tempDir('hallscore-fake-root-');
  for (const [path, p] of Object.entries(pkgs)) {
    const dir = join(root, 'node_modules', ...path.split('/'));
    mkdirSync(dir, { recursive: true });
    const name = path.split('/node_modules/').pop()!;
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', dependencies: p.dependencies, optionalDependencies: p.optionalDependencies }));
    for (const [f, text] of Object.entries(p.files ?? {})) {
      mkdirSync(join(dir, f, '..'), { recursive: true });
      writeFileSync(join(dir, f), text);
    }
  }
  return root;
}

describe('module closure (resolution as Node does it)', () => {
  it('takes nested node_modules first, then the parents, skips missing optional dependencies', () => {
    const root = fakeTree({
      a: { dependencies: { b: '1', c: '1' }, optionalDependencies: { 'not-installed': '1' } },
      'a/node_modules/b': { dependencies: { c: '1', '@s/d': '1' } },
      'a/node_modules/b/node_modules/c': {}, // b's own c
      c: {}, // a's c
      '@s/d': {},
      unrelated: {},
    });
    expect(resolvePackageDir(join(root, 'node_modules', 'a', 'node_modules', 'b'), 'c', root)).toBe(
      join(root, 'node_modules', 'a', 'node_modules', 'b', 'node_modules', 'c'),
    );
    expect(resolvePackageDir(join(root, 'node_modules', 'a'), 'c', root)).toBe(join(root, 'node_modules', 'c'));
    expect(moduleClosure(['a'], root).map((p) => p.path)).toEqual([
      '@s/d',
      'a',
      'a/node_modules/b',
      'a/node_modules/b/node_modules/c',
      'c',
    ]);
  });

  it('fails on a missing required dependency and on a native addon', () => {
    const root = fakeTree({ a: { dependencies: { gone: '1' } }, n: { files: { 'build/Release/n.node': 'binary' } } });
    expect(() => moduleClosure(['a'], root)).toThrow(/gone, a dependency of a, is not installed/);
    expect(() => moduleClosure(['nope'], root)).toThrow(/nope is not installed/);
    expect(() => copyModuleClosure(['n'], join(tempDir('hallscore-layer-out-'), 'node_modules'), root)).toThrow(/native addon/);
  });

  it('copies each package without its own node_modules, keeping the nested layout', () => {
    const root = fakeTree({
      a: { dependencies: { b: '1' }, files: { 'index.js': 'module.exports = 1', 'lib/x.js': '' } },
      'a/node_modules/b': { files: { 'index.js': '' } },
      'a/node_modules/junk': { files: { 'index.js': '' } }, // installed there, but nobody depends on it
    });
    const out = join(tempDir('hallscore-layer-out-'), 'nodejs', 'node_modules');
    const copy = copyModuleClosure(['a'], out, root);
    expect(copy.packages.map((p) => p.path)).toEqual(['a', 'a/node_modules/b']);
    expect(readFileSync(join(out, 'a', 'index.js'), 'utf8')).toBe('module.exports = 1');
    expect(() => readFileSync(join(out, 'a', 'lib', 'x.js'))).not.toThrow();
    expect(() => readFileSync(join(out, 'a', 'node_modules', 'b', 'package.json'))).not.toThrow();
    expect(() => readFileSync(join(out, 'a', 'node_modules', 'junk', 'package.json'))).toThrow();
    expect(copy.files).toBe(5);
  });
});

describe("the publish function's layer content", () => {
  const modules = functionSpec('publish').layerModules ?? [];
  let out: string;
  let copy: LayerCopy;
  beforeAll(() => {
    out = join(tempDir('hallscore-publish-layer-'), 'nodejs', 'node_modules');
    copy = copyModuleClosure(modules, out);
  });

  it('is exceljs and nodemailer with their production closure, as installed by package-lock.json', () => {
    expect(modules).toEqual(['exceljs', 'nodemailer']);
    const lock = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')) as {
      packages: Record<string, { version?: string; dev?: boolean }>;
    };
    const paths = copy.packages.map((p) => p.path);
    expect(paths).toEqual(expect.arrayContaining(['exceljs', 'nodemailer', 'jszip', 'archiver', 'unzipper', 'saxes']));
    for (const p of copy.packages) {
      const entry = lock.packages[`node_modules/${p.path}`];
      expect(entry, p.path).toBeDefined();
      expect(entry!.version, p.path).toBe(p.version);
      expect(entry!.dev, `${p.path} is a devDependency`).not.toBe(true);
    }
    // Nothing of the rest of the app: no AWS SDK, no test tooling.
    expect(paths.filter((p) => /^(@aws-sdk|@smithy|vitest|esbuild|aws-cdk|zod)(\/|$)/.test(p))).toEqual([]);
  });

  it("satisfies every package's dependencies inside the layer", () => {
    for (const p of copy.packages) {
      const dir = join(out, ...p.path.split('/'));
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string> };
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        expect(resolvePackageDir(dir, dep, join(out, '..')), `${p.path} → ${dep}`).toBeDefined();
      }
    }
  });
});

describe('loadOptional (shared/reports/load-module.ts)', () => {
  const saved = process.env[LAYER_DIR_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[LAYER_DIR_ENV];
    else process.env[LAYER_DIR_ENV] = saved;
  });
  const notFound = (name: string) => (): Promise<never> =>
    Promise.reject(Object.assign(new Error(`Cannot find package '${name}' imported from /var/task/index.mjs`), { code: 'ERR_MODULE_NOT_FOUND' }));
  const repoRequire = createRequire(join(REPO_ROOT, 'package.json'));

  it('looks in /opt/nodejs/node_modules unless HALLSCORE_LAYER_DIR says otherwise', () => {
    delete process.env[LAYER_DIR_ENV];
    expect(layerDir()).toBe('/opt/nodejs/node_modules');
    expect(DEFAULT_LAYER_DIR).toBe('/opt/nodejs/node_modules');
    process.env[LAYER_DIR_ENV] = '/somewhere/node_modules';
    expect(layerDir()).toBe('/somewhere/node_modules');
  });

  it('returns the CommonJS exports when the plain import resolves', async () => {
    const ExcelJS = await loadOptional<{ Workbook: unknown }>('exceljs', () => import('exceljs'));
    expect(typeof ExcelJS.Workbook).toBe('function');
  });

  it('falls back to requiring from the layer folder when the package is not found', async () => {
    process.env[LAYER_DIR_ENV] = join(REPO_ROOT, 'node_modules');
    const ExcelJS = await loadOptional<{ Workbook: new () => { addWorksheet(n: string): unknown; xlsx: { writeBuffer(): Promise<ArrayBuffer> } } }>(
      'exceljs',
      notFound('exceljs'),
    );
    expect(ExcelJS).toBe(repoRequire('exceljs'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('t');
    const bytes = Buffer.from(await wb.xlsx.writeBuffer());
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    const Composer = await loadOptional<unknown>('nodemailer/lib/mail-composer/index.js', notFound('nodemailer'));
    expect(Composer).toBe(repoRequire('nodemailer/lib/mail-composer/index.js'));
    expect(typeof Composer).toBe('function');
  });

  it('rethrows other import failures untouched (no fallback)', async () => {
    process.env[LAYER_DIR_ENV] = join(REPO_ROOT, 'node_modules');
    const broken = Object.assign(new SyntaxError('Unexpected token'), { code: 'ERR_SOMETHING_ELSE' });
    await expect(loadOptional('exceljs', () => Promise.reject(broken))).rejects.toBe(broken);
  });

  it('says where it looked when the package is in neither place', async () => {
    const empty = tempDir('hallscore-empty-layer-');
    process.env[LAYER_DIR_ENV] = empty;
    const name = 'hallscore-no-such-package';
    await expect(loadOptional(name, notFound(name))).rejects.toThrow(
      new RegExp(`cannot load ${name}: not resolvable from the bundle .* nor from the layer folder ${empty}.*${LAYER_DIR_ENV}`),
    );
  });
});
