// The end of `make test`: no process the suites started may still be running.
// run-tests.sh marks its run with SECURE_API_TEST_RUN=<id> in the environment,
// which every process it starts inherits (the Pulumi engine passes it on to
// the plugins it starts); any process still carrying the mark once the suites
// are over is listed, stopped, and fails the run (reports/leftovers.status).
// Waits a few seconds first: a plugin whose engine just ended exits on its own
// (provider/src/plugin/engineWatch.ts). Linux (/proc).
//   node scripts/leftovers.js <reports-dir>
"use strict";
const fs = require("fs");
const path = require("path");

const mark = process.env.SECURE_API_TEST_RUN;
const reports = process.argv[2] || "reports";
const GRACE_MS = 15_000;

/** This process and its ancestors carry the mark too; they are the run itself. */
function ancestors() {
    const out = new Set();
    for (let pid = process.pid; pid > 1; ) {
        out.add(pid);
        try {
            const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
            pid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        } catch {
            break;
        }
    }
    return out;
}

function marked() {
    const self = ancestors();
    return fs.readdirSync("/proc").filter(d => /^\d+$/.test(d) && !self.has(Number(d))).flatMap(d => {
        try {
            const env = fs.readFileSync(`/proc/${d}/environ`, "utf8").split("\0");
            if (!env.includes(`SECURE_API_TEST_RUN=${mark}`)) return [];
            const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
            if (stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z")) return []; // a zombie is already gone
            return [{ pid: Number(d), cmd: fs.readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0").join(" ").trim() }];
        } catch {
            return [];
        }
    });
}

(async () => {
    if (!mark || !fs.existsSync("/proc/self/environ")) {
        console.log("leftovers: not checked (needs SECURE_API_TEST_RUN from run-tests.sh and Linux's /proc)");
        return;
    }
    const started = Date.now();
    let left = marked();
    while (left.length && Date.now() - started < GRACE_MS) {
        await new Promise(r => setTimeout(r, 500));
        left = marked();
    }
    fs.writeFileSync(path.join(reports, "leftovers.status"), left.length ? "1\n" : "0\n");
    if (!left.length) {
        console.log("leftovers: no process of this run is still running");
        return;
    }
    console.log(`leftovers: ${left.length} process(es) of this run still running ${GRACE_MS / 1000} s after the suites ended (now stopped):`);
    for (const p of left) {
        console.log(`  ${p.pid}  ${p.cmd}`);
        try {
            process.kill(p.pid, "SIGKILL");
        } catch {
            /* already gone */
        }
    }
})();
