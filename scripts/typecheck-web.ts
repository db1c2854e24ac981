/**
 * Type-checks the console (web/) with the TypeScript that is already installed (vue-tsc is not a
 * dependency). Vue's own SFC compiler (@vue/compiler-sfc, shipped with vue) turns each .vue file into
 * TypeScript, written as `X.vue.ts` into a mirror of web/src (where `import './X.vue'` resolves to it);
 * then `tsc -p` over the mirror, twice:
 * - scripts: every .ts file and every <script setup>, fully strict (as the server code is);
 * - templates: the template inlined into the setup closure, so its expressions are checked against
 *   the script's bindings and the API types. Null checks are off in this pass only: a `v-if` does not
 *   narrow inside the generated slot closures (vue-tsc's own code generation does that), and slot
 *   parameters (`#default="{ row }"`) stay untyped.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileScript, parse } from '@vue/compiler-sfc';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'web', 'src');
// At the same depth as web/ so that web/src's relative imports of ../../shared resolve unchanged.
const out = join(root, '.web-typecheck');
const walk = (d: string): string[] => readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));

/** The type argument of defineProps<…>() in a script setup (brackets balanced), if any. */
function propsType(script: string): string | undefined {
  const start = script.indexOf('defineProps<');
  if (start < 0) return undefined;
  let depth = 0;
  for (let i = start + 'defineProps'.length; i < script.length; i++) {
    const c = script[i];
    if (c === '<' || c === '{' || c === '(' || c === '[') depth++;
    else if ((c === '>' && script[i - 1] !== '=') || c === '}' || c === ')' || c === ']') depth--;
    if (depth === 0) return script.slice(start + 'defineProps<'.length, i);
  }
  return undefined;
}

function mirror(inlineTemplate: boolean): number {
  rmSync(out, { recursive: true, force: true });
  let n = 0;
  for (const file of walk(src)) {
    const rel = relative(src, file);
    const target = join(out, 'src', rel);
    mkdirSync(dirname(target), { recursive: true });
    if (!file.endsWith('.vue')) {
      cpSync(file, target);
      continue;
    }
    const { descriptor, errors } = parse(readFileSync(file, 'utf8'), { filename: file });
    if (errors.length) throw new Error(`${rel}: ${errors.map(String).join('; ')}`);
    let code = descriptor.scriptSetup || descriptor.script ? compileScript(descriptor, { id: rel, inlineTemplate }).content : 'export default {};';
    // The compiler declares `setup(__props: any)`; give the props back the type defineProps<…> names.
    const props = descriptor.scriptSetup && propsType(descriptor.scriptSetup.content);
    if (props) code = code.replace('__props: any', `__props: ${props}`);
    writeFileSync(`${target}.ts`, `// generated from web/src/${rel} by scripts/typecheck-web.ts\n${code}`);
    n++;
  }
  writeFileSync(join(out, 'src', 'env.d.ts'), "declare module '*.css';\ndeclare module 'element-plus/es/locale/lang/zh-cn';\n");
  const compilerOptions = {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'DOM', 'DOM.Iterable'],
    types: [],
    strict: true,
    noUncheckedIndexedAccess: true,
    skipLibCheck: true,
    noEmit: true,
    ...(inlineTemplate ? { strictNullChecks: false, noImplicitAny: false } : {}),
  };
  writeFileSync(join(out, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['src'] }, null, 2));
  return n;
}

let failed = false;
for (const [name, inline] of [['scripts', false], ['templates', true]] as const) {
  const n = mirror(inline);
  try {
    execFileSync(join(root, 'node_modules', '.bin', 'tsc'), ['-p', join(out, 'tsconfig.json')], { stdio: 'inherit' });
    console.log(`web typecheck (${name}): ${n} .vue files and web/src/*.ts, no errors`);
  } catch {
    console.log(`web typecheck (${name}): errors above (paths are in ${relative(root, out)}, generated from web/src)`);
    failed = true;
    break; // keep the mirror of the failing pass for reading
  }
}
if (!failed) rmSync(out, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
