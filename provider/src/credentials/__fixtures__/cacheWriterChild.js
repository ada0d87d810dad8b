// Child process for apiKeyCache.test.ts: one of several processes that write
// different cache entries at the same moment, to exercise the cross-process lock.
// Plain JS on purpose: it loads apiKeyCache.ts as transpiled by the test.
// argv: <transpiled apiKeyCache.js> <cache file> <go file> <account> <region> <stackName> <value>
"use strict";
const fs = require("fs");

const [modulePath, file, goFile, account, region, stackName, value] = process.argv.slice(2);
const { writeCachedApiKey } = require(modulePath);

async function run() {
    const warnings = [];
    const ok = await writeCachedApiKey(file, { account, region, stackName }, value, m => warnings.push(m));
    process.stdout.write(JSON.stringify({ ok, warnings }) + "\n");
    process.exitCode = ok ? 0 : 1;
}

// Start together: every child is loaded before any of them writes.
process.stdout.write("ready\n");
(function waitForGo() {
    if (fs.existsSync(goFile)) run();
    else setTimeout(waitForGo, 2);
})();
