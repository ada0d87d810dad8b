// Which Node.js the plugin's single executable may carry: an LTS line (even
// major, past its "lts" date) that has not reached its end of life. The table
// is Node's release schedule (https://github.com/nodejs/Release, schedule.json;
// the LTS lines since 18); add the next line when it is announced there.
// scripts/plugin-binary.js refuses any other runtime, so `make dist` fails
// rather than package one; the clean room checks the executable it ships.
//   node scripts/node-lts.js <version>      exit 0 if supported today, else 1 with the reason
"use strict";
const { execFileSync } = require("child_process");
const path = require("path");

/** Release line → its dates (UTC): start of Active LTS, start of Maintenance LTS, end of life. */
const SCHEDULE = {
    18: { codename: "Hydrogen", lts: "2022-10-25", maintenance: "2023-10-18", end: "2025-04-30" },
    20: { codename: "Iron", lts: "2023-10-24", maintenance: "2024-10-22", end: "2026-04-30" },
    22: { codename: "Jod", lts: "2024-10-29", maintenance: "2025-10-21", end: "2027-04-30" },
    24: { codename: "Krypton", lts: "2025-10-28", maintenance: "2026-10-20", end: "2028-04-30" },
};

/** Why `version` (e.g. "v24.22.3") may not be shipped on `date`, or undefined if it may. */
function unsupported(version, date = new Date()) {
    const major = Number(/^v?(\d+)\./.exec(version)?.[1]);
    const line = SCHEDULE[major];
    const day = date.toISOString().slice(0, 10);
    if (!line) return `Node.js ${version} is not a long-term-support line this table knows (${Object.keys(SCHEDULE).join(", ")}; scripts/node-lts.js)`;
    if (day < line.lts) return `Node.js ${version} is not an LTS release yet (its line becomes LTS on ${line.lts})`;
    if (day >= line.end) return `Node.js ${version} reached its end of life on ${line.end}: no security fixes since`;
    return undefined;
}

/**
 * The Node.js executable the plugin is built from (SECURE_API_NODE, else scripts/tool.sh's
 * pinned LTS), and its version; throws for a runtime out of support.
 */
function ltsNode() {
    const node =
        process.env.SECURE_API_NODE ||
        execFileSync("bash", [path.join(__dirname, "tool.sh"), "node"], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] }).trim();
    const version = execFileSync(node, ["--version"], { encoding: "utf8" }).trim();
    const why = unsupported(version);
    if (why) throw new Error(`${why}; the plugin is built from ${node} (SECURE_API_NODE or scripts/tool.sh's node): use a supported LTS`);
    return { node, version };
}

module.exports = { SCHEDULE, unsupported, ltsNode };

if (require.main === module) {
    const why = unsupported(process.argv[2] || process.version);
    if (why) {
        console.error(why);
        process.exit(1);
    }
}
