/**
 * `npm run bench [-- --quick]` entry: quiets the service's INFO logs and the AWS SDK's Node 22 notice
 * before any module that reads them is loaded, then runs bench/main.ts.
 */
process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (!/NodeVersionSupport/.test(`${w.name} ${w.message}`)) console.warn(`${w.name}: ${w.message}`);
});

await import('./main.js');
