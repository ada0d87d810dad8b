// Preloaded (node -r) into the plugin by bench/engine.js: records the plugin
// process's peak RSS and CPU time in $BENCH_PLUGIN_RSS_DIR/<pid> (JSON), refreshed while it runs
// (the engine may end the plugin with a signal, skipping exit handlers).
"use strict";
const fs = require("fs");
const path = require("path");
const dir = process.env.BENCH_PLUGIN_RSS_DIR;
if (dir) {
    const file = path.join(dir, String(process.pid));
    const write = () => {
        const u = process.resourceUsage();
        fs.writeFileSync(file, JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }));
    };
    setInterval(write, 100).unref();
    process.on("exit", write);
}
