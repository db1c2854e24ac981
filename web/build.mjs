/**
 * Builds web/dist when its sources changed since the last build (a digest of web/ sources and the
 * shared files the client types come from is kept in dist/.source-digest). Run by postinstall,
 * prestart and the test setup, so `npm ci && npm test` and `npm start` always serve current assets.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const web = dirname(fileURLToPath(import.meta.url));
const dist = join(web, 'dist');
const marker = join(dist, '.source-digest');

function files(dir) {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'dist' || n === 'node_modules') return [];
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function sourceDigest() {
  const h = createHash('sha256');
  for (const f of files(web).sort()) h.update(f.slice(web.length)).update(readFileSync(f));
  return h.digest('hex');
}

export async function ensureBuilt({ quiet = false } = {}) {
  const digest = sourceDigest();
  if (existsSync(marker) && readFileSync(marker, 'utf8') === digest) return false;
  const t0 = Date.now();
  const { build } = await import('vite');
  await build({ configFile: join(web, 'vite.config.ts'), logLevel: quiet ? 'silent' : 'warn' });
  writeFileSync(marker, digest);
  if (!quiet) console.log(`console built in ${((Date.now() - t0) / 1000).toFixed(1)} s → web/dist`);
  return true;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await ensureBuilt();
}
