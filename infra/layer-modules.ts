/**
 * The content of a Node.js dependency layer, taken from the repository's installed node_modules:
 * the listed packages and their whole production dependency closure, copied offline (no npm
 * install, no Docker). Used by the layer construct (infra/constructs/node-modules-layer.ts) and by
 * the benchmark (bench/bundles.ts), so it imports no aws-cdk-lib.
 *
 * The copy keeps node_modules' own layout (a nested `a/node_modules/b` stays nested), so Node
 * resolves every package in the layer to the very version it resolves to in the repository.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { REPO_ROOT } from './functions.js';

export interface LayerPackage {
  name: string;
  version: string;
  /** Where it sits below node_modules, '/'-separated: 'jszip' or 'jszip/node_modules/readable-stream'. */
  path: string;
}

export interface LayerCopy {
  packages: LayerPackage[];
  files: number;
  /** Sum of the copied files' sizes (unzipped; what counts against Lambda's 250 MB limit). */
  bytes: number;
}

interface PackageJson {
  name?: string;
  version?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  gypfile?: boolean;
}

const readJson = (file: string): PackageJson => JSON.parse(readFileSync(file, 'utf8')) as PackageJson;

/**
 * The folder of package `name` as Node's require/import resolves it from `fromDir`: `node_modules/name`
 * in fromDir and then in each parent (skipping folders that are themselves node_modules), up to
 * `root`, the folder holding the top-level node_modules. Undefined when not installed.
 */
export function resolvePackageDir(fromDir: string, name: string, root: string = REPO_ROOT): string | undefined {
  let dir = fromDir;
  for (;;) {
    if (basename(dir) !== 'node_modules') {
      const candidate = join(dir, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return candidate;
    }
    if (dir === root || !dir.startsWith(root + sep)) return undefined;
    dir = dirname(dir);
  }
}

/**
 * The packages `names` and their production closure (dependencies and optionalDependencies,
 * recursively; optional ones that are not installed are skipped, any other missing one is an
 * error), in a stable order.
 */
export function moduleClosure(names: readonly string[], root: string = REPO_ROOT): LayerPackage[] {
  const nodeModules = join(root, 'node_modules');
  const seen = new Map<string, LayerPackage>();
  const visit = (dir: string): void => {
    const path = relative(nodeModules, dir).split(sep).join('/');
    if (seen.has(path)) return;
    if (lstatSync(dir).isSymbolicLink()) {
      throw new Error(`layer: ${path} is a symbolic link (workspace or pnpm layout); only a plain npm node_modules can be copied`);
    }
    const pkg = readJson(join(dir, 'package.json'));
    seen.set(path, { name: pkg.name ?? path, version: pkg.version ?? '', path });
    const deps: [string, boolean][] = [
      ...Object.keys(pkg.dependencies ?? {}).map((d): [string, boolean] => [d, false]),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((d): [string, boolean] => [d, true]),
    ];
    for (const [dep, optional] of deps) {
      const found = resolvePackageDir(dir, dep, root);
      if (found) visit(found);
      else if (!optional) throw new Error(`layer: ${dep}, a dependency of ${path}, is not installed in ${nodeModules}`);
    }
  };
  for (const name of names) {
    const dir = resolvePackageDir(root, name, root);
    if (!dir) throw new Error(`layer: ${name} is not installed in ${nodeModules}`);
    visit(dir);
  }
  return [...seen.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Copies `names` and their closure from root/node_modules into `destNodeModules` (for a layer:
 * `<dir>/nodejs/node_modules`). Each package folder is copied whole except its own node_modules,
 * whose needed members are packages of the closure themselves. Symbolic links are followed.
 * A native addon (.node file, binding.gyp) is refused: it was built for this machine, not for
 * Lambda's linux-arm64.
 */
export function copyModuleClosure(names: readonly string[], destNodeModules: string, root: string = REPO_ROOT): LayerCopy {
  const packages = moduleClosure(names, root);
  const nodeModules = join(root, 'node_modules');
  let files = 0;
  let bytes = 0;
  const copyDir = (src: string, dest: string, pkgRoot: boolean, pkg: string): void => {
    mkdirSync(dest, { recursive: true });
    const entries = readdirSync(src).sort();
    for (const entry of entries) {
      if (pkgRoot && entry === 'node_modules') continue;
      const from = join(src, entry);
      const to = join(dest, entry);
      const st = statSync(from); // follows links
      if (st.isDirectory()) copyDir(from, to, false, pkg);
      else if (st.isFile()) {
        if (entry.endsWith('.node') || (pkgRoot && entry === 'binding.gyp')) {
          throw new Error(`layer: ${pkg} contains a native addon (${relative(nodeModules, from)}); build the layer for linux-arm64 instead`);
        }
        copyFileSync(from, to);
        files += 1;
        bytes += st.size;
      }
    }
  };
  for (const p of packages) {
    copyDir(join(nodeModules, ...p.path.split('/')), join(destNodeModules, ...p.path.split('/')), true, p.path);
  }
  return { packages, files, bytes };
}

/** Files and bytes below `dir` (links followed), e.g. of a synthesized layer asset. */
export function directorySize(dir: string): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  const walk = (d: string): void => {
    for (const entry of readdirSync(d)) {
      const st = statSync(join(d, entry));
      if (st.isDirectory()) walk(join(d, entry));
      else if (st.isFile()) {
        files += 1;
        bytes += st.size;
      }
    }
  };
  walk(dir);
  return { files, bytes };
}
