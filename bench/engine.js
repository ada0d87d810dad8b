#!/usr/bin/env node
// The real-engine benchmark (`make bench`, through `bash scripts/e2e.sh bench`,
// which provides the real CLI, the stand-in aws provider, moto and PATH):
// SecureRestApi of N paths x 2 methods on one Lambda, through this checkout's
// plugin (one RestApi whose body is the OpenAPI document) vs the plugin of the
// previous, per-resource design (a Resource per path, a Method and an
// Integration per method; commit PREVIOUS_DESIGN built beside by
// bench/previous-design.js), the same program and SDK on both sides. For each N:
// `up` of a fresh stack, a no-change `preview` (checked: all "same"), then
// `up` with one more path (adding a route); the two sides interleaved (their
// order swaps each round), medians of per-round ratios. The state is then
// dropped (the stand-in holds nothing; no destroy). Peak RSS: each side's plugin
// process (read by bench/rss-preload.js). The steps the engine reports for the
// first `up` and for adding a route give the AWS write calls (bench/aws-writes.js).
// This design's `up` at the largest N over the smallest is shown too; the flat-in-N target is bench/flat.js's.
//   BENCH_ENGINE_SIZES (default "10 50 150"), BENCH_ENGINE_ROUNDS (default 3:
//   the previous design's `up` at N = 150 takes over a minute on this 2-core machine)
// Writes the "Real engine" section of bench/results.md (replacing an older one).
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { previousDist, PREVIOUS_DESIGN } = require("./previous-design");
const { NOT_THE_COMPONENTS, writesOf } = require("./aws-writes");

const ROOT = path.join(__dirname, "..");
const RESULTS = process.env.BENCH_RESULTS || path.join(__dirname, "results.md"); // another file for a trial run
const SIZES = (process.env.BENCH_ENGINE_SIZES || "10 50 150").split(/\s+/).filter(Boolean).map(Number);
const ROUNDS = Number(process.env.BENCH_ENGINE_ROUNDS || 3);
// this / previous at the largest N; this design's `up` at the largest N over the smallest.
const LIMIT = { time: 0.25 };
const SIDES = ["current", "previous"];
const work = fs.mkdtempSync(path.join(process.env.E2E_WORK || os.tmpdir(), "bench-engine-"));
const rssDir = path.join(work, "rss");

const { median, replaceSection, lastJsonLine } = require("./results");
const log = (...a) => console.error(...a);
const s1 = ms => (ms / 1000).toFixed(1);

// Each side's plugin as the engine finds it on PATH, with the RSS probe preloaded.
const dists = { current: path.join(ROOT, "provider", "dist"), previous: previousDist() };
const envOf = {};
for (const sideName of SIDES) {
    const binDir = path.join(work, `bin-${sideName}`);
    fs.mkdirSync(binDir, { recursive: true });
    fs.writeFileSync(path.join(binDir, "pulumi-resource-secure-api"),
        `#!/bin/sh\nexec "${process.execPath}" -r "${path.join(__dirname, "rss-preload.js")}" "${path.join(dists[sideName], "main.js")}" "$@"\n`, { mode: 0o755 });
    envOf[sideName] = { ...process.env, PATH: `${binDir}:${process.env.PATH}`, BENCH_PLUGIN_RSS_DIR: rssDir };
}

function child(sideName, n, op, dir) {
    fs.rmSync(rssDir, { recursive: true, force: true });
    fs.mkdirSync(rssDir, { recursive: true });
    const mode = sideName === "current" ? "plugin" : "previous";
    return new Promise((resolve, reject) => {
        const c = spawn(process.execPath, [path.join(__dirname, "engine-child.js"), mode, String(n), op, dir], { cwd: ROOT, env: envOf[sideName], stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        c.stdout.on("data", d => (out += d));
        c.stderr.resume();
        c.on("exit", () => {
            try {
                const r = lastJsonLine(out);
                const pluginRssKb = Math.max(0, ...fs.readdirSync(rssDir).map(f => JSON.parse(fs.readFileSync(path.join(rssDir, f), "utf8")).maxRssKb));
                resolve({ ...r, pluginRssKb });
            } catch (e) {
                reject(new Error(`${sideName} ${op} N=${n}: ${e.message}`));
            }
        });
    });
}

/** The AWS write calls of the engine's steps (the component's resources only). */
function writesOfSteps(steps) {
    const own = steps.filter(x => !NOT_THE_COMPONENTS.has(x.type) && !x.type.startsWith("pulumi:") && x.type !== "aws:iam/role:Role");
    return own.flatMap(x => {
        const op = { "create": "create", "create-replacement": "create", "update": "update", "delete": "delete", "delete-replaced": "delete" }[x.op];
        return op ? writesOf(x.type, op, { body: x.body ? "…" : undefined }, x.diffs) : [];
    });
}
const stepList = steps => steps.filter(x => !x.type.startsWith("pulumi:")).map(x => `${x.op} ${x.type.split(":").pop()}`).join(", ");

async function side(sideName, n, round) {
    const dir = path.join(work, `${sideName}-${n}-${round}`);
    const up = await child(sideName, n, "up", dir);
    const preview = await child(sideName, n, "preview", dir);
    if (Object.keys(preview.summary).some(k => k !== "same")) throw new Error(`${sideName} N=${n}: the preview after up is not a no-op: ${JSON.stringify(preview.summary)}`);
    const add = await child(sideName, n, "add", dir);
    fs.rmSync(dir, { recursive: true, force: true });
    return {
        upMs: up.ms, previewMs: preview.ms, addMs: add.ms,
        rssKb: Math.max(up.pluginRssKb, preview.pluginRssKb, add.pluginRssKb),
        resources: up.summary.create,
        upWrites: writesOfSteps(up.steps).length, addWrites: writesOfSteps(add.steps).length, addSteps: stepList(add.steps),
    };
}

(async () => {
    const rows = SIZES.map(n => ({ n, rounds: [] }));
    for (let r = 0; r < ROUNDS; r++) {
        for (const row of r % 2 ? [...rows].reverse() : rows) {
            const result = {};
            for (const sideName of r % 2 ? [...SIDES].reverse() : SIDES) result[sideName] = await side(sideName, row.n, r);
            row.rounds.push(result);
            log(`  engine round ${r + 1}/${ROUNDS} N=${row.n} (this design / previous): up ${s1(result.current.upMs)} / ${s1(result.previous.upMs)} s, ` +
                `preview ${s1(result.current.previewMs)} / ${s1(result.previous.previewMs)} s, add a route ${s1(result.current.addMs)} / ${s1(result.previous.addMs)} s, ` +
                `RSS ${(result.current.rssKb / 1024).toFixed(0)} / ${(result.previous.rssKb / 1024).toFixed(0)} MB, ` +
                `resources ${result.current.resources} / ${result.previous.resources}, writes up ${result.current.upWrites} / ${result.previous.upWrites}, add ${result.current.addWrites} / ${result.previous.addWrites}`);
        }
    }
    const ratio = (row, k) => median(row.rounds.map(x => x.current[k] / x.previous[k]));
    const med = (row, s, k) => median(row.rounds.map(x => x[s][k]));
    const cell = (row, k) => `${s1(med(row, "current", k))} s / ${s1(med(row, "previous", k))} s = **${ratio(row, k).toFixed(2)}×**`;
    const lines = [
        "## Real engine: one OpenAPI body vs the previous design's Resource, Method and Integration per route",
        "",
        `Run ${new Date().toISOString()}, ${os.cpus().length} cores, Node ${process.version}, pulumi ${process.env.PULUMI_CLI ? path.basename(path.dirname(path.dirname(process.env.PULUMI_CLI))) : "?"}; ${ROUNDS} interleaved rounds, medians of per-round ratios; previous design = commit ${PREVIOUS_DESIGN.slice(0, 7)}'s plugin, built beside.`,
        "",
        "| N paths × 2 methods, one Lambda | resources in the stack: this / previous | `up`: this / previous | `preview` (no changes): this / previous | `up` adding one route: this / previous | peak RSS of the plugin: this / previous | AWS writes (engine's steps), first `up` · adding a route: this / previous |",
        "|---|---|---|---|---|---|---|",
    ];
    let missed = false;
    for (const row of rows) {
        const [c, p] = [row.rounds[0].current, row.rounds[0].previous];
        lines.push(`| ${row.n} | ${c.resources} / ${p.resources} | ${cell(row, "upMs")} | ${cell(row, "previewMs")} | ${cell(row, "addMs")} ` +
            `| ${(med(row, "current", "rssKb") / 1024).toFixed(0)} MB / ${(med(row, "previous", "rssKb") / 1024).toFixed(0)} MB = **${ratio(row, "rssKb").toFixed(2)}×** ` +
            `| ${c.upWrites} · ${c.addWrites} / ${p.upWrites} · ${p.addWrites} |`);
    }
    const last = rows[rows.length - 1];
    const first = rows[0];
    const okTime = ratio(last, "upMs") <= LIMIT.time && ratio(last, "previewMs") <= LIMIT.time;
    missed ||= !okTime;
    lines.push("", `Target at N = ${last.n}: this design's \`up\` and \`preview\` ≤ ${LIMIT.time}× the previous design's: \`up\` **${ratio(last, "upMs").toFixed(2)}×**, \`preview\` **${ratio(last, "previewMs").toFixed(2)}×** — ${okTime ? "PASS" : "MISS"}.`);
    if (rows.length > 1) {
        // Within each round, this design's time at the largest N over the smallest.
        const flat = k => median(last.rounds.map((x, i) => x.current[k] / first.rounds[i].current[k]));
        const flatPrev = k => median(last.rounds.map((x, i) => x.previous[k] / first.rounds[i].previous[k]));
        // Information: the target is measured through the executable, in TypeScript and Python (bench/flat.js).
        lines.push("", `This design's time at N = ${last.n} over N = ${first.n} (same round, the plugin run by node): \`up\` **${flat("upMs").toFixed(2)}×**, \`preview\` **${flat("previewMs").toFixed(2)}×**, adding a route ${flat("addMs").toFixed(2)}× ` +
            `(the previous design: ${flatPrev("upMs").toFixed(2)}×, ${flatPrev("previewMs").toFixed(2)}×, ${flatPrev("addMs").toFixed(2)}×); the flat-in-N target is in the next section, through the executable.`);
    }
    lines.push("", `Adding one route at N = ${last.n}, the engine's steps: this design: ${last.rounds[0].current.addSteps}; previous: ${last.rounds[0].previous.addSteps}.`);
    lines.push("", "The aws provider is the suite's stand-in (answers at once, asks for replacement on the inputs AWS cannot change in place), so what is measured is the engine, Pulumi's Node runtime and the plugin; on real AWS each write also waits for API Gateway's rates (the write-call section above). " +
        "Both sides run the same Automation API inline program (bench/engine-child.js: one IAM role, one Lambda, SecureRestApi through the generated TypeScript SDK, `apiKeyValue` and `executionLogs: { level: ERROR, metrics: true }` given: the default where the account's CloudWatch role is set, without the account read, so no AWS call is timed) against the real CLI and a file backend, each operation a fresh `node`; only the plugin on PATH differs. " +
        "Each side: `up` of a fresh stack, a no-change `preview` (checked to be all \"same\"), `up` with path N + 1 added; the state is then dropped. AWS writes: the engine's steps (create, update, replacement's create and delete) of the component's resources, through the per-type table above. " +
        "`@pulumi/aws-apigateway` is not compared: its npm package (3.0.0) is the SDK of a provider plugin (`\"pulumi\": {\"resource\": true}`), whose component is constructed by that plugin, downloaded from its GitHub release rather than npm; the suite turns plugin acquisition off and has only the stand-in for aws.", "");
    const section = lines.join("\n");
    console.log(section);
    replaceSection(RESULTS, "## Real engine", section);
    fs.rmSync(work, { recursive: true, force: true });
    process.exit(missed ? 1 : 0);
})().catch(e => {
    console.error(`bench engine: ${e.message}`);
    process.exit(2);
});
