#!/usr/bin/env node
// `npx hallscore …` / `node bin/hallscore.js …`: the operator CLI (cli/main.ts). The sources are
// TypeScript run as they are, so tsx's loader is registered first, as `npm start` does.
import { register } from 'tsx/esm/api';

register();
// `hallscore sheets 2026-07 | head`: a closed pipe ends the output, not with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}
const { main } = await import('../cli/main.ts');
process.exitCode = await main(process.argv.slice(2));
