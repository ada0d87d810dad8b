#!/usr/bin/env node
// The real-engine benchmark (`make bench`, through `bash scripts/e2e.sh bench`,
// which provides the real CLI, the stand-in aws provider, moto and PATH):
// SecureRestApi of N paths x 2 methods on one Lambda, through our plugin vs
// the same component class constructed in the program (the floor: the same
// resources registered inline). For each N: `up` of a fresh stack and a
// no-change `preview`, the two sides interleaved (their order swaps each
// round), medians of per-round ratios. Peak RSS: the plugin process (read by
// bench/rss-preload.js) vs the inline program's process.
// Growth: how the plugin/inline ratio moves from the smallest N to the largest
// (at most 1: our cost per resource grows no faster than the floor's).
//   BENCH_ENGINE_SIZES (default "10 50 150"), BENCH_ENGINE_ROUNDS (default 5:
//   one run of either side varies by up to a fifth on this 2-core machine)
// Writes the "Real engine" section of bench/results.md (replacing an older one).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");

const ROOT = path.join(__dirname, "..");
const RESULTS = path.join(__dirname, "results.md");
const SIZES = (process.env.BENCH_ENGINE_SIZES || "10 50 150").split(/\s+/).filter(Boolean).map(Number);
const ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS || 5);
const LIMIT = { time: 1.2, rss: 1.0, growth: 1.0 };
const work = fs.mkdtempSync(path.join(process.env.E2E_WORK || os.tmpdir(), "bench-engine-"));
const rssDir = path.join(work, "rss");
const binDir = path.join(work, "bin");

const median = xs => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const log = (...a) => console.error(...a);

// The plugin as the engine finds it on PATH, with the RSS probe preloaded.
fs.mkdirSync(binDir, { recursive: true });
fs.writeFileSync(path.join(binDir, "pulumi-resource-secure-api"),
    `#!/bin/sh\nexec "${process.execPath}" -r "${path.join(__dirname, "rss-preload.js")}" "${path.join(ROOT, "provider", "dist", "main.js")}" "$@"\n`, { mode: 0o755 });
const env = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, BENCH_PLUGIN_RSS_DIR: rssDir };

function child(mode, n, op, dir) {
    fs.rmSync(rssDir, { recursive: true, force: true });
    fs.mkdirSync(rssDir, { recursive: true });
    return new Promise((resolve, reject) => {
        const c = spawn(process.execPath, [path.join(__dirname, "engine-child.js"), mode, String(n), op, dir], { cwd: ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        c.stdout.on("data", d => (out += d));
        c.stderr.resume();
        c.on("exit", () => {
            try {
                const r = JSON.parse(out.trim().split("\n").pop());
                if (r.error) throw new Error(r.error);
                const pluginRssKb = Math.max(0, ...fs.readdirSync(rssDir).map(f => JSON.parse(fs.readFileSync(path.join(rssDir, f), "utf8")).maxRssKb));
                resolve({ ...r, pluginRssKb });
            } catch (e) {
                reject(new Error(`${mode} ${op} N=${n}: ${e.message}`));
            }
        });
    });
}

async function side(mode, n, round) {
    const dir = path.join(work, `${mode}-${n}-${round}`);
    const up = await child(mode, n, "up", dir);
    const preview = await child(mode, n, "preview", dir);
    if (Object.keys(preview.summary).some(k => k !== "same")) throw new Error(`${mode} N=${n}: the preview after up is not a no-op: ${JSON.stringify(preview.summary)}`);
    await child(mode, n, "destroy", dir);
    fs.rmSync(dir, { recursive: true, force: true });
    // The plugin side's memory is the plugin's; the floor's is its program's.
    const rssKb = mode === "plugin" ? Math.max(up.pluginRssKb, preview.pluginRssKb) : Math.max(up.maxRssKb, preview.maxRssKb);
    return { upMs: up.ms, previewMs: preview.ms, rssKb, resources: up.summary.create };
}

(async () => {
    const rows = [];
    for (const n of SIZES) rows.push({ n, rounds: [] });
    for (let r = 0; r < ROUNDS; r++) {
        for (const row of r % 2 ? [...rows].reverse() : rows) {
            const result = {};
            for (const mode of r % 2 ? ["inline", "plugin"] : ["plugin", "inline"]) result[mode] = await side(mode, row.n, r);
            if (result.plugin.resources !== result.inline.resources) throw new Error(`N=${row.n}: plugin created ${result.plugin.resources} resources, inline ${result.inline.resources}`);
            row.rounds.push(result);
            log(`  engine round ${r + 1}/${ROUNDS} N=${row.n}: up ${(result.plugin.upMs / 1000).toFixed(1)} / ${(result.inline.upMs / 1000).toFixed(1)} s, ` +
                `preview ${(result.plugin.previewMs / 1000).toFixed(1)} / ${(result.inline.previewMs / 1000).toFixed(1)} s, ` +
                `RSS ${(result.plugin.rssKb / 1024).toFixed(0)} / ${(result.inline.rssKb / 1024).toFixed(0)} MB`);
        }
    }
    const ratio = (row, k) => median(row.rounds.map(x => x.plugin[k] / x.inline[k]));
    const med = (row, m, k) => median(row.rounds.map(x => x[m][k]));
    const lines = [
        "## Real engine: through the plugin vs the same resources inline",
        "",
        `Run ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}, pulumi ${process.env.PULUMI_CLI ? path.basename(path.dirname(path.dirname(process.env.PULUMI_CLI))) : "?"}; ${ROUNDS} interleaved rounds, medians of per-round ratios.`,
        "",
        "| N paths × 2 methods, one Lambda (resources) | `up`: plugin / inline | `preview` (no changes): plugin / inline | peak RSS: plugin process / inline program | result |",
        "|---|---|---|---|---|",
    ];
    let missed = false;
    for (const row of rows) {
        const up = ratio(row, "upMs"), pv = ratio(row, "previewMs"), rss = ratio(row, "rssKb");
        const ok = up <= LIMIT.time && pv <= LIMIT.time && rss <= LIMIT.rss;
        missed ||= !ok;
        lines.push(`| ${row.n} (${row.rounds[0].plugin.resources}) | ${(med(row, "plugin", "upMs") / 1000).toFixed(1)} s / ${(med(row, "inline", "upMs") / 1000).toFixed(1)} s = **${up.toFixed(2)}×** ` +
            `| ${(med(row, "plugin", "previewMs") / 1000).toFixed(1)} s / ${(med(row, "inline", "previewMs") / 1000).toFixed(1)} s = **${pv.toFixed(2)}×** ` +
            `| ${(med(row, "plugin", "rssKb") / 1024).toFixed(0)} MB / ${(med(row, "inline", "rssKb") / 1024).toFixed(0)} MB = **${rss.toFixed(2)}×** | ${ok ? "PASS" : "MISS"} |`);
    }
    if (rows.length > 1) {
        const [first, last] = [rows[0], rows[rows.length - 1]];
        const growth = k => ratio(last, k) / ratio(first, k);
        const [gUp, gPv] = [growth("upMs"), growth("previewMs")];
        const ok = gUp <= LIMIT.growth && gPv <= LIMIT.growth;
        missed ||= !ok;
        lines.push("", `Growth, plugin/inline ratio at N = ${last.n} over N = ${first.n}: \`up\` **${gUp.toFixed(2)}×**, \`preview\` **${gPv.toFixed(2)}×** ` +
            `(limit ≤ ${LIMIT.growth}×: the plugin's cost per resource grows no faster than the floor's) — ${ok ? "PASS" : "MISS"}.`);
    }
    lines.push("", `Targets: time ratios ≤ ${LIMIT.time}×, RSS ratio ≤ ${LIMIT.rss}×. The aws provider is the suite's stand-in (answers at once), so what is measured is the engine, Pulumi's Node runtime and our plugin. Each side: \`up\` of a fresh stack, then a no-change \`preview\` (checked to be all "same"), then an untimed destroy; each operation a fresh \`node\` (bench/engine-child.js) running an Automation API inline program against the real CLI and a file backend.`, "");
    const section = lines.join("\n");
    console.log(section);
    const old = fs.existsSync(RESULTS) ? fs.readFileSync(RESULTS, "utf8") : "";
    const start = old.indexOf("## Real engine");
    const next = start < 0 ? -1 : old.indexOf("\n## ", start + 1);
    const updated = start < 0 ? `${old.trimEnd()}\n\n${section}` : `${old.slice(0, start)}${section}${next < 0 ? "" : old.slice(next)}`;
    fs.writeFileSync(RESULTS, updated.trimEnd() + "\n");
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(missed ? 1 : 0);
})().catch(e => {
    console.error(`bench engine: ${e.message}`);
    process.exit(2);
});
