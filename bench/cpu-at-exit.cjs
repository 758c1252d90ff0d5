// Preloaded (node --require) into processes the bench times from outside: at exit, their CPU time
// and peak RSS go to stderr on one marked line, so wall time can be told apart from waiting for a
// busy machine's cores.
'use strict';
process.on('exit', () => {
  const cpu = process.cpuUsage();
  const line = JSON.stringify({ userMs: cpu.user / 1000, systemMs: cpu.system / 1000, maxRssKB: process.resourceUsage().maxRSS });
  require('node:fs').writeSync(2, `\n@@BENCH_CPU@@${line}\n`);
});
