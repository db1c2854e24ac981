/**
 * The Lambda functions of hallscore as one table. infra/ builds each entry with the house
 * construct (infra/constructs/hall-function.ts); a benchmark can bundle the very same entries with
 * the very same esbuild settings (ESBUILD_OPTIONS) without loading the CDK.
 *
 * Deliberately free of aws-cdk-lib imports: plain data only.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ConsumerName } from '../shared/bus/patterns.js';
import type { FunctionName } from '../shared/http/routes.js';

/** `refresh` is fed by the table's stream (infra/constructs/refresher.ts), not by a bus rule. */
export type HallFunctionName = FunctionName | ConsumerName | 'refresh';

/** Repository root (where package.json and package-lock.json live). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const LOCK_FILE = join(REPO_ROOT, 'package-lock.json');

/**
 * What a function may touch. The stack turns this into IAM grants and nothing else, so this table
 * is the whole least-privilege story (tests/infra asserts it against the synthesized policies).
 */
export interface FunctionAccess {
  /** DynamoDB table: read-only or read/write data access. */
  table: 'read' | 'readwrite';
  /** events:PutEvents on the hallscore bus. */
  putEvents: boolean;
  /** secretsmanager:GetSecretValue on the admin key secret. */
  adminKey: boolean;
  /** SES send on the sender identity. */
  sendMail: boolean;
  /** List and redrive the bus consumer's dead-letter queue (GET/POST /v1/dead-letters). */
  deadLetters?: boolean;
  /** The mail archive bucket (CONTRACT.md §13): publish writes each mail before sending, query reads it for downloads. */
  mailArchive?: 'read' | 'write';
}

export interface FunctionSpec {
  name: HallFunctionName;
  description: string;
  /** Absolute path of the handler module (exports `handler`). */
  entry: string;
  memorySize: number;
  timeoutSeconds: number;
  access: FunctionAccess;
  /**
   * npm packages left out of the bundle (esbuild externals) and shipped instead in a Lambda layer
   * built from node_modules with their production dependencies (infra/constructs/node-modules-layer.ts).
   * The code must load them lazily through shared/reports/load-module.ts (an ES module in
   * /var/task does not resolve bare imports from the layer by itself). A subpath import such as
   * 'nodemailer/lib/...' is covered by its package name.
   */
  layerModules?: readonly string[];
}

const entry = (name: HallFunctionName): string => join(REPO_ROOT, 'functions', name, 'handler.ts');

export const FUNCTIONS: readonly FunctionSpec[] = [
  {
    name: 'ingest',
    description: 'POST /v1/events: authenticate, validate, store (conditional put), publish to the bus',
    entry: entry('ingest'),
    memorySize: 1024, // up to 500 events a request, zod validation: CPU scales with memory
    timeoutSeconds: 20,
    // adminKey: the admin key may post too (attendance.leave, criticism.notified are admin-only types).
    access: { table: 'readwrite', putEvents: true, adminKey: true, sendMail: false },
  },
  {
    name: 'iclock',
    description: 'ZKTeco-style iclock push protocol for attendance devices',
    entry: entry('iclock'),
    memorySize: 512,
    timeoutSeconds: 20,
    access: { table: 'readwrite', putEvents: true, adminKey: false, sendMail: false },
  },
  {
    name: 'admin',
    description: 'Master data, rule sets, devices, unmatched punches, dead letters (admin key)',
    entry: entry('admin'),
    memorySize: 512,
    timeoutSeconds: 20,
    // putEvents: registering a pending device publishes the punches it sent meanwhile (CONTRACT §9).
    access: { table: 'readwrite', putEvents: true, adminKey: true, sendMail: false, deadLetters: true },
  },
  {
    name: 'query',
    description: 'Health, score sheets and rankings (read-only)',
    entry: entry('query'),
    memorySize: 512,
    timeoutSeconds: 20,
    access: { table: 'read', putEvents: false, adminKey: true, sendMail: false, mailArchive: 'read' },
  },
  {
    name: 'close',
    description: 'Close days, months, quarters; freeze, rank, red flag, queue one publication per department; reconcile sweep',
    entry: entry('close'),
    memorySize: 1769, // one full vCPU: folding a hall's month is CPU-bound
    timeoutSeconds: 300, // scheduled closes may run long; via the API the caller sees API Gateway's 30 s cap
    access: { table: 'readwrite', putEvents: true, adminKey: true, sendMail: false },
  },
  {
    name: 'publish',
    description: 'Bus consumer: mail one department its results (claim before send) and announce assessment.published',
    entry: entry('publish'),
    memorySize: 1769, // one full vCPU: .xlsx rendering (exceljs) is CPU-bound
    timeoutSeconds: 120,
    access: { table: 'readwrite', putEvents: true, adminKey: false, sendMail: true, mailArchive: 'write' },
    // Mail rendering only: bundled, they would make the function 2.2 MB.
    layerModules: ['exceljs', 'nodemailer'],
  },
  {
    name: 'record',
    description: 'Bus consumer: recompute the staff-month score sheets of a batch of events',
    entry: entry('record'),
    memorySize: 1024,
    timeoutSeconds: 60,
    access: { table: 'readwrite', putEvents: false, adminKey: false, sendMail: false },
  },
  {
    name: 'refresh',
    description: "Read model: refold each dirty staff-month of a stream batch once and store its open sheet",
    entry: entry('refresh'),
    memorySize: 1024, // folds are CPU: a batch of a few hundred staff-months in seconds
    timeoutSeconds: 120,
    // Reads the table's stream (granted by its event source) and writes stored open sheets.
    access: { table: 'readwrite', putEvents: false, adminKey: false, sendMail: false },
  },
];

/**
 * esbuild externals of a function: ESBUILD_OPTIONS.external plus its layer modules. Nothing else:
 * the AWS SDK stays bundled (NodejsFunction's default externals, '@aws-sdk/*', are replaced).
 */
export function externalModules(spec: FunctionSpec): string[] {
  return [...new Set([...ESBUILD_OPTIONS.external, ...(spec.layerModules ?? [])])];
}

export function functionSpec(name: HallFunctionName): FunctionSpec {
  const spec = FUNCTIONS.find((f) => f.name === name);
  if (!spec) throw new Error(`no function named ${name} in infra/functions.ts`);
  return spec;
}

/** Lambda runtime the bundles target (keep in step with the runtime in hall-function.ts). */
export const NODE_TARGET = 'node22';

/**
 * ESM bundles that pull in CommonJS dependencies call
 * `require()` for Node built-ins, which an ES module does not have: esbuild's shim then throws
 * "Dynamic require of "fs" is not supported". The banner provides a real `require` on globalThis
 * (a global, not a top-level `const`, so it cannot collide with a bundled module's own
 * `createRequire` pattern).
 */
export const ESM_REQUIRE_BANNER =
  "import{createRequire as __hallscoreCreateRequire}from'node:module';" +
  'globalThis.require??=__hallscoreCreateRequire(import.meta.url);';

/**
 * The esbuild settings every function is bundled with (in esbuild's own option names). The house
 * construct maps these onto NodejsFunction's bundling options; a benchmark can pass them to
 * `esbuild.build({ entryPoints: [spec.entry], ...ESBUILD_OPTIONS, external: externalModules(spec) })`
 * directly.
 */
export const ESBUILD_OPTIONS = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: NODE_TARGET,
  minify: true,
  sourcemap: true,
  sourcesContent: false,
  mainFields: ['module', 'main'],
  banner: { js: ESM_REQUIRE_BANNER },
  // Everything is bundled, the AWS SDK included: the pinned SDK versions of package-lock.json run
  // in Lambda, not whatever the managed runtime ships that week. The one exception is per function:
  // its layerModules (see externalModules()), which its layer ships instead.
  external: [] as string[],
  outExtension: { '.js': '.mjs' },
} as const;
