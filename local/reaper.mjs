// Watchdog for DynamoDB Local: if the process that started it dies without stopping it (even by
// SIGKILL), kill the JVM too, so no java process of ours is left behind.
const [parent, child] = process.argv.slice(2).map(Number);
const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const timer = setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (!alive(parent)) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {}
    process.exit(0);
  }
}, 500);
timer.unref?.call(timer) && undefined;
setInterval(() => {}, 1 << 30);
