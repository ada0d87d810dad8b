#!/usr/bin/env node
// `make bench`, real engine (through `bash scripts/e2e.sh bench`, which puts the
// plugin's single executable first on PATH, as users get it from a release):
// is `up` flat in the number of routes? The same program in TypeScript
// (bench/engine-child.js, mode plugin) and in Python (bench/engine_child.py):
// one Lambda and a SecureRestApi of N paths x 2 methods, `up` of a fresh stack,
// at N = 10 and N = 150; the sizes' order swaps each round; the figure is, per
// language, the median over rounds of `up` at 150 / `up` at 10 in the same round.
// Target ≤ 1.2× (the stack holds the same resources at any N; what grew was the
// program's SDK rebuilding every route's Lambda reference after the construct,
// which the plugin no longer makes it do: provider/src/plugin/referenceFreeInputs.ts).
//   BENCH_FLAT_ROUNDS (default 7: one `up` varies by ±20% on a shared 2-core machine, and
//   3 rounds left the Python figure at 1.00×, 1.24×, 1.32×; its program thread does
//   the same work at both sizes, under 0.1 s apart, profiled with cProfile per thread)
// Writes the "Flat in N" section of bench/results.md (replacing an older one).
"use strict";
const { spawn, execFileSync } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const RESULTS = process.env.BENCH_RESULTS || path.join(__dirname, "results.md");
const ROUNDS = Number(process.env.BENCH_FLAT_ROUNDS || 7);
const SIZES = [10, 150];
const TARGET = 1.2;
const TITLE = "## Flat in N: `up` through the plugin executable, TypeScript and Python";
const work = fs.mkdtempSync(path.join(process.env.E2E_WORK || os.tmpdir(), "bench-flat-"));
const { median, replaceSection, lastJsonLine } = require("./results");

const LANGS = {
    TypeScript: (n, dir) => [process.execPath, [path.join(__dirname, "engine-child.js"), "plugin", String(n), "up", dir]],
    Python: (n, dir) => ["python3", [path.join(__dirname, "engine_child.py"), String(n), dir]],
};

function up(lang, n, dir) {
    const [cmd, args] = LANGS[lang](n, dir);
    return new Promise((resolve, reject) => {
        const c = spawn(cmd, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        c.stdout.on("data", d => (out += d));
        c.stderr.resume();
        c.on("exit", () => {
            try {
                resolve(lastJsonLine(out).ms);
            } catch (e) {
                reject(new Error(`${lang} up N=${n}: ${e.message}`));
            }
        });
    });
}

(async () => {
    const plugin = execFileSync("pulumi-resource-secure-api", ["--version"], { encoding: "utf8" }).trim();
    if (!/\(Node\.js v[\d.]+\)$/.test(plugin) || /provider\/bin/.test(execFileSync("sh", ["-c", "command -v pulumi-resource-secure-api"], { encoding: "utf8" }))) {
        throw new Error("the plugin on PATH is not the single executable: run through `bash scripts/e2e.sh bench`");
    }
    const times = {};
    for (let r = 0; r < ROUNDS; r++) {
        for (const lang of Object.keys(LANGS)) {
            for (const n of r % 2 ? [...SIZES].reverse() : SIZES) {
                const ms = await up(lang, n, path.join(work, `${lang}-${n}-${r}`));
                ((times[lang] ??= {})[n] ??= []).push(ms);
                console.error(`flat: round ${r + 1}/${ROUNDS} ${lang} N = ${n}: up ${(ms / 1000).toFixed(1)} s`);
            }
        }
    }
    const [small, large] = SIZES;
    const lines = [TITLE, "", `- Date: ${new Date().toISOString()}; ${os.cpus().length} cores, load average ${os.loadavg().map(l => l.toFixed(2)).join(" ")} at the end; ${plugin} on PATH; ${ROUNDS} rounds, the sizes' order swapping each round`, "",
        `| program | \`up\` at N = ${small} | \`up\` at N = ${large} | N = ${large} / N = ${small} (median of per-round ratios) | target | result |`, "|---|---|---|---|---|---|"];
    let missed = false;
    for (const [lang, t] of Object.entries(times)) {
        const ratio = median(t[large].map((x, i) => x / t[small][i]));
        const ok = ratio <= TARGET;
        missed ||= !ok;
        lines.push(`| ${lang} | ${(median(t[small]) / 1000).toFixed(1)} s | ${(median(t[large]) / 1000).toFixed(1)} s | **${ratio.toFixed(2)}×** | ≤ ${TARGET}× | ${ok ? "PASS" : "MISS"} |`);
    }
    lines.push("", "Each `up` is a fresh stack of one IAM role, one Lambda and a SecureRestApi of N paths × (GET, POST) on that Lambda, `apiKeyValue` given (no AWS call timed), through the generated SDK of each language, the real CLI, a file backend and the stand-in aws provider (answers at once). The stack holds the same resources at any N; the time left growing with N is the document's size through the engine and the plugin's own work on the routes.", "");
    const section = lines.join("\n");
    console.log(section);
    replaceSection(RESULTS, TITLE, section);
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(missed ? 1 : 0);
})().catch(e => {
    console.error(`bench flat: ${e.message}`);
    process.exit(2);
});
