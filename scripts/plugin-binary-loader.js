// The main script of the plugin's single executable (scripts/plugin-binary.js).
// It runs the bundled plugin (the asset plugin.js) through V8 with a code
// cache (the asset plugin.cache). That cache is made by running this same
// loader at build time (SECURE_API_PLUGIN_TRAIN=<build dir>, outside the
// executable) until the plugin has started and answered GetSchema, then
// saving the cache of everything compiled so far: unlike the cache of Node's
// `useCodeCache` (which holds only what compiles before the script runs, not
// the module bodies esbuild wraps in functions), it spares the executable
// compiling the code it runs at start-up.
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

let sea;
try {
    sea = require("node:sea");
    if (!sea.isSea()) sea = undefined;
} catch {
    sea = undefined;
}
const train = sea ? undefined : process.env.SECURE_API_PLUGIN_TRAIN;
if (!sea && !train) throw new Error("plugin-binary-loader.js runs inside the plugin executable (or with SECURE_API_PLUGIN_TRAIN at build time)");

const source = sea ? sea.getAsset("plugin.js", "utf8") : fs.readFileSync(path.join(train, "plugin.js"), "utf8");
let cachedData;
try {
    cachedData = sea ? Buffer.from(sea.getAsset("plugin.cache")) : undefined;
} catch {
    cachedData = undefined; // built without a cache
}
const filename = sea ? path.join(path.dirname(process.execPath), "plugin.js") : path.join(train, "plugin.js");
// The same text at build time and at run time: V8 checks the cache against it.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename, cachedData });
if (process.env.SECURE_API_PLUGIN_CACHE_REPORT && cachedData) process.stderr.write(`plugin code cache ${script.cachedDataRejected ? "rejected" : "used"}\n`);
if (train) {
    process.on("SIGUSR2", () => {
        fs.writeFileSync(path.join(train, "plugin.cache"), script.createCachedData());
        process.exit(0);
    });
}
const plugin = { exports: {} };
// At build time the plugin reads schema.json and package.json from provider/ (its __dirname two levels below).
const dirname = train ? process.env.SECURE_API_PLUGIN_TRAIN_DIRNAME : path.dirname(filename);
script.runInThisContext()(plugin.exports, require, plugin, filename, dirname);
