// The plugin of the previous design (a Resource per path, a Method and an
// Integration per method: the last commit before the OpenAPI renderer), built
// from git beside the checkout (bench/.tmp/previous-<commit>, kept between
// runs) with this checkout's node_modules, as e2e/nodejs/upgrade.test.ts does.
// Used by bench/run.js (its registered graph under mocks) and bench/engine.js
// (its plugin under the real engine).
//   node bench/previous-design.js   builds it (if missing) and prints its provider/dist
"use strict";
const { execFileSync } = require("child_process");
const fs = require("fs");
const path = require("path");

const ROOT = path.join(__dirname, "..");
/** The last commit of the per-resource design. */
const PREVIOUS_DESIGN = "9fc8bc226c128b3747e08fcbe33b92721364acc1";

/** provider/dist of the previous design, built once. */
function previousDist() {
    const dir = path.join(__dirname, ".tmp", `previous-${PREVIOUS_DESIGN.slice(0, 7)}`);
    const dist = path.join(dir, "provider", "dist");
    if (fs.existsSync(path.join(dist, "main.js")) && fs.existsSync(path.join(dist, "index.js"))) return dist;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    const archive = execFileSync("git", ["-C", ROOT, "archive", PREVIOUS_DESIGN, "provider", "tsconfig.base.json"], { maxBuffer: 64 << 20 });
    execFileSync("tar", ["-x", "-C", dir], { input: archive });
    fs.symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
    execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", path.join(dir, "provider", "tsconfig.build.json")], { stdio: ["ignore", "inherit", "inherit"] });
    return dist;
}

module.exports = { PREVIOUS_DESIGN, previousDist };

if (require.main === module) console.log(previousDist());
