/**
 * Loads a CommonJS package that the Lambda bundle leaves out (infra/functions.ts `layerModules`):
 * on AWS it lives in a Lambda layer, mounted at /opt/nodejs/node_modules.
 *
 * Why a loader: the bundle is an ES module in /var/task, and an ES module resolves a bare
 * `import('exceljs')` by walking node_modules folders up from its own directory only; NODE_PATH
 * (where Lambda lists /opt/nodejs/node_modules for CommonJS) does not apply to ES modules. So the
 * plain import is tried first (it works locally, under tests, and wherever the runtime does make
 * the layer resolvable), and when the package is not found, it is required from the layer folder.
 *
 * HALLSCORE_LAYER_DIR overrides the layer folder, so a synthesized bundle and layer can be run
 * outside Lambda (tests/infra/synth.test.ts).
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** Where Lambda mounts a layer's nodejs/node_modules. */
export const DEFAULT_LAYER_DIR = '/opt/nodejs/node_modules';
/** Environment variable that overrides DEFAULT_LAYER_DIR (tests, local simulation of Lambda). */
export const LAYER_DIR_ENV = 'HALLSCORE_LAYER_DIR';

export function layerDir(env: NodeJS.ProcessEnv = process.env): string {
  return env[LAYER_DIR_ENV] || DEFAULT_LAYER_DIR;
}

const codeOf = (e: unknown): unknown => (typeof e === 'object' && e !== null ? (e as { code?: unknown }).code : undefined);

/**
 * The package's CommonJS exports (what `require(name)` returns; the `default` of `import(name)`).
 *
 * `importer` should be `() => import('<the same literal name>')`: a literal specifier lets esbuild
 * see the import and keep it external (infra marks the package external), and keeps it typed.
 * Only "package not found" (ERR_MODULE_NOT_FOUND) falls back to the layer; any other failure
 * (the package found but broken) is thrown as it is.
 */
export async function loadOptional<T>(name: string, importer: () => Promise<unknown> = () => import(name)): Promise<T> {
  let importError: unknown;
  try {
    const ns = (await importer()) as { default?: unknown };
    return (ns !== null && typeof ns === 'object' && 'default' in ns ? ns.default : ns) as T;
  } catch (e) {
    if (codeOf(e) !== 'ERR_MODULE_NOT_FOUND') throw e;
    importError = e;
  }
  const dir = layerDir();
  // A require rooted in the layer folder: bare-name resolution as Node does it there (package
  // "exports" and "main", subpaths such as 'nodemailer/lib/mail-composer/index.js').
  const requireFromLayer = createRequire(join(dir, '__hallscore_loader__.cjs'));
  try {
    return requireFromLayer(name) as T;
  } catch (e) {
    if (codeOf(e) !== 'MODULE_NOT_FOUND') throw e;
    const msg = (x: unknown): string => (x instanceof Error ? x.message.split('\n')[0]! : String(x));
    throw new Error(
      `cannot load ${name}: not resolvable from the bundle (${msg(importError)}) nor from the layer folder ${dir} ` +
        `(${msg(e)}); on Lambda the function needs its dependency layer (infra/functions.ts layerModules), ` +
        `elsewhere set ${LAYER_DIR_ENV} to a folder holding ${name}`,
      { cause: e },
    );
  }
}
