// Sums the machine-readable reports of every suite in reports/ into one
// closing line: `N passed, M failed` (plus skipped). Exits 1 if anything
// failed, if a suite could not run, or if no test ran at all.
const fs = require("fs");
const path = require("path");

const dir = process.argv[2] || "reports";
let passed = 0, failed = 0, skipped = 0, broken = [];

for (const file of fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []) {
    const full = path.join(dir, file);
    const text = fs.readFileSync(full, "utf8");
    if (file.endsWith(".jest.json") || file === "jest.json") {
        const r = JSON.parse(text);
        passed += r.numPassedTests; failed += r.numFailedTests; skipped += r.numPendingTests + (r.numTodoTests || 0);
        if (r.numRuntimeErrorTestSuites > 0) broken.push(`${file}: ${r.numRuntimeErrorTestSuites} suite(s) failed to run`);
    } else if (file.endsWith(".xml")) {
        // pytest --junitxml: <testsuite ... errors= failures= skipped= tests=>
        for (const m of text.matchAll(/<testsuite\b([^>]*)>/g)) {
            const attr = n => Number((m[1].match(new RegExp(`\\b${n}="(\\d+)"`)) || [0, 0])[1]);
            const bad = attr("failures") + attr("errors");
            failed += bad; skipped += attr("skipped");
            passed += attr("tests") - bad - attr("skipped");
        }
    } else if (file.endsWith(".gotest.json")) {
        // go test -json: one event per line; count leaf test results.
        for (const line of text.split("\n")) {
            if (!line.startsWith("{")) continue;
            const e = JSON.parse(line);
            if (!e.Test) { if (e.Action === "fail") broken.push(`${file}: package ${e.Package} failed`); continue; }
            if (e.Action === "pass") passed++;
            else if (e.Action === "fail") failed++;
            else if (e.Action === "skip") skipped++;
        }
    } else if (file.endsWith(".status")) {
        // A suite that produced no report records its exit code here.
        const code = Number(text.trim());
        if (code !== 0) broken.push(`${file.replace(/\.status$/, "")}: exited ${code}`);
    }
}

for (const b of broken) console.log(`suite error: ${b}`);
if (passed + failed === 0) broken.push("no test ran");
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 || broken.length > 0 ? 1 : 0);
