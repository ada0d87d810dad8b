#!/usr/bin/env node
// `make bench`: performance figures of pulumi-secure-api, each a ratio of two
// sides measured side by side in this run (the machine may be shared and
// loaded: ratios hold up, absolute times do not). Prints a table and writes
// bench/results.md. Needs `make build` first (it runs provider/dist).
//
//   construction  SecureRestApi vs the same resources hand-written with @pulumi/aws,
//                 N = 10, 100, 300 routes, each run in a fresh `node` (construct-child.js)
//   growth        construction ms per route from N = 10 to N = 300
//   plugin        spawn → port line → GetSchema served, vs node -e "require('@pulumi/pulumi')"
//   key flow      resolveApiKey against moto: cache hit, warm SSM, cold (keyflow-child.js)
//   Lambda policy the resource policy the component adds to the one Lambda behind
//                 every route, N = 10, 100, 300 (policy-child.js): a size, not a time
//   AWS writes    resources SecureRestApi registers and the AWS write calls they
//                 cost (first `up`, adding one route), this design vs the previous,
//                 per-resource one (bench/previous-design.js), N = 10, 100, 300:
//                 counts, not times
//
// Runs per figure: BENCH_RUNS (default 5, and 2 more at N = 300; fewer than 5
// makes a trial run whose results.md says it is not a valid measurement). Exit status 1 on any MISS or failure.
"use strict";
const { spawn } = require("child_process");
const fs = require("fs");
const os = require("os");
const path = require("path");
const { performance } = require("perf_hooks");

const ROOT = path.join(__dirname, "..");
const DIST = path.join(ROOT, "provider", "dist");
const BIN = path.join(ROOT, "provider", "bin", "pulumi-resource-secure-api");
const RESULTS = path.join(__dirname, "results.md");
const { previousDist, PREVIOUS_DESIGN } = require("./previous-design");
const { WRITES, NOT_THE_COMPONENTS, RATES, REPLACE_ON, writesOf, lowerBoundS, tally } = require("./aws-writes");

for (const f of ["index.js", "main.js", "credentials/apiKeyFlow.js", "credentials/awsClientConfig.js"]) {
    if (!fs.existsSync(path.join(DIST, f))) {
        console.error(`bench: provider/dist/${f} is missing: run \`make build\` before \`make bench\``);
        process.exit(2);
    }
}

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
if (!Number.isInteger(RUNS) || RUNS < 1) {
    console.error(`bench: BENCH_RUNS must be a whole number >= 1, got ${process.env.BENCH_RUNS}`);
    process.exit(2);
}
// N = 300 carries the construction target and is the noisiest on a shared machine: two more runs.
const runsAt = n => (n === 300 && RUNS >= 5 ? RUNS + 2 : RUNS);
const SIZES = [10, 100, 300];
const TARGETS = {
    constructionRatio: 1.2, // component / floor wall time at N = 300
    pluginRatio: 1.5, // plugin to GetSchema / node -e require('@pulumi/pulumi')
    growthRatio: 1.5, // ms/route at N = 300 / ms/route at N = 10
    cacheHitMs: 5,
    policyBytes: 4096, // Lambda policy the component adds to one function, at every N (upper bound)
    resources: 15, // resources SecureRestApi registers, at every N (and independent of N)
    writes: 15, // AWS write calls of a first `up`, and of adding one route, at every N
};

// ---- helpers -------------------------------------------------------------

const { median, lastJsonLine } = require("./results");
const f0 = x => x.toFixed(0);
const f1 = x => x.toFixed(1);
const f2 = x => x.toFixed(2);
const verdict = ok => (ok ? "PASS" : "MISS");
const misses = [];
const failures = [];
const log = (...a) => console.error(...a); // progress on stderr, the table on stdout

/** Runs `node args...`, resolves its last stdout line parsed as JSON. */
function nodeJson(args, opts = {}) {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], ...opts });
        let out = "";
        let err = "";
        child.stdout.on("data", d => (out += d));
        child.stderr.on("data", d => (err += d));
        child.on("error", reject);
        child.on("exit", code => {
            try {
                const parsed = lastJsonLine(out);
                if (code !== 0) throw new Error(`exit ${code}`);
                resolve(parsed);
            } catch (e) {
                reject(new Error(`node ${args.join(" ")} failed (${e.message}):\n${out}\n${err}`));
            }
        });
    });
}

// ---- construction and growth ------------------------------------------------

/** Both sides must register the same resources with the same inputs (the RestApi's body and the deployment's trigger, its hash, included). */
async function checkSameInputs() {
    const dumps = {};
    fs.mkdirSync(path.join(__dirname, ".tmp"), { recursive: true }); // the first use on a fresh checkout
    for (const side of ["component", "floor"]) {
        const file = path.join(__dirname, ".tmp", `inputs-${side}-${process.pid}.json`);
        await nodeJson([path.join(__dirname, "construct-child.js"), side, "3"], { env: { ...process.env, BENCH_DUMP: file } });
        dumps[side] = JSON.parse(fs.readFileSync(file, "utf8"));
        fs.rmSync(file, { force: true });
    }
    const canonical = (_key, inputs) => JSON.stringify(inputs, (_k, v) =>
        v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]])) : v);
    const keys = new Set([...Object.keys(dumps.component), ...Object.keys(dumps.floor)]);
    const differ = [...keys].filter(k => !(k in dumps.component) || !(k in dumps.floor) ||
        canonical(k, dumps.component[k]) !== canonical(k, dumps.floor[k]));
    if (differ.length) failures.push(`the floor's registrations differ from the component's (N=3): ${differ.join(", ")}`);
    return { resources: keys.size, differ: differ.length };
}

/** Promises each side creates at N = 300: a measure of work that load on the machine cannot skew (untimed runs). */
async function promiseCounts() {
    const out = {};
    for (const side of ["component", "floor"]) {
        const r = await nodeJson([path.join(__dirname, "construct-child.js"), side, "300"], { env: { ...process.env, BENCH_COUNT_PROMISES: "1" } });
        out[side] = r.promises;
    }
    log(`  promises at N=300: component ${out.component}, floor ${out.floor}`);
    return out;
}

async function construction() {
    // Run i measures every size still due, both sides each; sizes and sides
    // swap their order from run to run, so drift in the machine's load hits
    // both sides and all sizes alike (the growth ratio compares sizes within a run).
    const byN = new Map(SIZES.map(n => [n, []]));
    const total = Math.max(...SIZES.map(runsAt));
    for (let i = 0; i < total; i++) {
        const sizes = (i % 2 === 0 ? SIZES : [...SIZES].reverse()).filter(n => i < runsAt(n));
        for (const n of sizes) {
            const order = i % 2 === 0 ? ["component", "floor"] : ["floor", "component"];
            const r = { run: i };
            for (const side of order) r[side] = await nodeJson([path.join(__dirname, "construct-child.js"), side, String(n)]);
            byN.get(n).push(r);
            log(`  construction run ${i + 1}/${total} N=${n}: component ${f0(r.component.doneMs)} ms, floor ${f0(r.floor.doneMs)} ms`);
        }
    }
    const rows = [];
    for (const n of SIZES) {
        const runs = byN.get(n);
        const c = runs.map(r => r.component);
        const fl = runs.map(r => r.floor);
        const sameTypes = JSON.stringify(sortKeys(c[0].types)) === JSON.stringify(sortKeys(fl[0].types));
        if (c[0].count !== fl[0].count || !sameTypes) {
            failures.push(`N=${n}: the component registered ${c[0].count} resources, the floor ${fl[0].count} (or their types differ): ` +
                `${JSON.stringify(sortKeys(c[0].types))} vs ${JSON.stringify(sortKeys(fl[0].types))}`);
        }
        rows.push({
            n,
            runs: runs.length,
            byRun: new Map(runs.map(r => [r.run, r])),
            count: { component: c[0].count, floor: fl[0].count, sameTypes },
            wall: { component: median(c.map(x => x.doneMs)), floor: median(fl.map(x => x.doneMs)) },
            wallRatio: median(runs.map(r => r.component.doneMs / r.floor.doneMs)),
            imports: { component: median(c.map(x => x.importsMs)), floor: median(fl.map(x => x.importsMs)) },
            construct: { component: median(c.map(x => x.constructMs)), floor: median(fl.map(x => x.constructMs)) },
            constructRatio: median(runs.map(r => r.component.constructMs / r.floor.constructMs)),
            cpu: { component: median(c.map(x => x.cpuMs)), floor: median(fl.map(x => x.cpuMs)) },
            cpuRatio: median(runs.map(r => r.component.cpuMs / r.floor.cpuMs)),
            perRoute: { component: median(c.map(x => x.constructMs / n)), floor: median(fl.map(x => x.constructMs / n)) },
            rssMb: { component: median(c.map(x => x.maxRssKb)) / 1024, floor: median(fl.map(x => x.maxRssKb)) / 1024 },
            rssRatio: median(runs.map(r => r.component.maxRssKb / r.floor.maxRssKb)),
        });
    }
    return rows;
}

/** Median over runs of (ms/route at `big`) / (ms/route at `small`), both sizes from the same run. */
function growthRatio(con, side, small = SIZES[0], big = SIZES[SIZES.length - 1]) {
    const a = con.find(r => r.n === small);
    const b = con.find(r => r.n === big);
    const ratios = [...b.byRun].filter(([run]) => a.byRun.has(run))
        .map(([run, r]) => (r[side].constructMs / big) / (a.byRun.get(run)[side].constructMs / small));
    return median(ratios);
}

function sortKeys(o) {
    return Object.fromEntries(Object.keys(o).sort().map(k => [k, o[k]]));
}

// ---- plugin start-up --------------------------------------------------------------

function loadGrpc() {
    const { createRequire } = require("module");
    const req = createRequire(path.join(DIST, "index.js"));
    const grpc = req("@grpc/grpc-js");
    const { ResourceProviderClient } = req("@pulumi/pulumi/proto/provider_grpc_pb");
    const { GetSchemaRequest } = req("@pulumi/pulumi/proto/provider_pb");
    return { grpc, ResourceProviderClient, GetSchemaRequest };
}

/** Spawn the plugin; ms to its port line and to a served GetSchema. */
async function pluginOnce(g) {
    const t0 = performance.now();
    const child = spawn(process.execPath, [BIN], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    const exited = new Promise(r => child.once("exit", r));
    let stderr = "";
    child.stderr.on("data", d => (stderr += d));
    try {
        const port = await new Promise((resolve, reject) => {
            let out = "";
            child.stdout.on("data", d => {
                out += d;
                if (out.includes("\n")) resolve(Number(out.split("\n")[0].trim()));
            });
            child.once("exit", code => reject(new Error(`plugin exited (${code}) before printing its port: ${stderr}`)));
        });
        const portMs = performance.now() - t0;
        const client = new g.ResourceProviderClient(`127.0.0.1:${port}`, g.grpc.credentials.createInsecure());
        let schema;
        try {
            schema = await new Promise((resolve, reject) =>
                client.getSchema(new g.GetSchemaRequest(), (err, res) => (err ? reject(err) : resolve(res.getSchema()))));
        } finally {
            client.close();
        }
        const schemaMs = performance.now() - t0;
        if (JSON.parse(schema).name !== "secure-api") throw new Error("GetSchema did not answer the secure-api schema");
        return { portMs, schemaMs };
    } finally {
        child.kill("SIGKILL");
        await exited; // never overlap the next measurement
    }
}

/** The floor: node loading @pulumi/pulumi and exiting. */
function floorOnce() {
    return new Promise((resolve, reject) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, ["-e", "require('@pulumi/pulumi')"], { cwd: ROOT, stdio: "ignore" });
        child.on("error", reject);
        child.on("exit", code => (code === 0 ? resolve(performance.now() - t0) : reject(new Error(`floor exited ${code}`))));
    });
}

async function plugin() {
    const g = loadGrpc();
    const runs = [];
    const n = Math.max(RUNS, RUNS < 5 ? RUNS : 9); // start-up runs are cheap: take more
    for (let i = 0; i < n; i++) {
        const r = {};
        for (const side of i % 2 === 0 ? ["plugin", "floor"] : ["floor", "plugin"]) {
            if (side === "plugin") Object.assign(r, await pluginOnce(g));
            else r.floorMs = await floorOnce();
        }
        runs.push(r);
        log(`  plugin run ${i + 1}/${n}: port ${f0(r.portMs)} ms, GetSchema ${f0(r.schemaMs)} ms, floor ${f0(r.floorMs)} ms`);
    }
    return {
        runs: n,
        portMs: median(runs.map(r => r.portMs)),
        schemaMs: median(runs.map(r => r.schemaMs)),
        floorMs: median(runs.map(r => r.floorMs)),
        ratio: median(runs.map(r => r.schemaMs / r.floorMs)),
        portRatio: median(runs.map(r => r.portMs / r.floorMs)),
    };
}

// ---- key flow ----------------------------------------------------------------------------

async function keyFlow() {
    const rounds = Math.max(RUNS, RUNS < 5 ? RUNS : 15);
    fs.mkdirSync(path.join(__dirname, ".tmp"), { recursive: true });
    const r = await nodeJson([path.join(__dirname, "keyflow-child.js"), String(rounds)]);
    const summary = name => {
        const runs = r[name];
        const counts = [...new Set(runs.map(x => x.calls.length))];
        return {
            rounds: runs.length,
            calls: counts.length === 1 ? counts[0] : `${Math.min(...counts)}–${Math.max(...counts)}`,
            ops: runs[0].calls.map(c => c.replace(/Client:/, ":").replace(/Command$/, "")),
            medianMs: median(runs.map(x => x.ms)),
            minMs: Math.min(...runs.map(x => x.ms)),
            maxMs: Math.max(...runs.map(x => x.ms)),
        };
    };
    return { cache: summary("cache"), warm: summary("warm"), cold: summary("cold") };
}

// ---- Lambda resource policy --------------------------------------------------------------

/** The policy the component adds to the one Lambda behind every route, per N (sizes do not depend on load: one run each). */
async function policySizes() {
    const rows = [];
    for (const n of SIZES) {
        const r = await nodeJson([path.join(__dirname, "policy-child.js"), String(n)]);
        log(`  N=${n}: ${r.statements} statements, ${r.bytes} bytes rendered, at most ${r.bound} with real ARNs; scope METHOD: ${r.methodStatements} statements, ${r.methodBound} bytes`);
        rows.push(r);
    }
    return rows;
}

// ---- resources and AWS write calls ------------------------------------------------------

/** What the engine does going from the graph `a` to `b` (per resource key): create, update, replace (create + delete), delete. */
function graphDiff(a, b) {
    const steps = [];
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const type = key.split("::")[0];
        if (!(key in a)) steps.push({ type, op: "create", calls: writesOf(type, "create", b[key]) });
        else if (!(key in b)) steps.push({ type, op: "delete", calls: writesOf(type, "delete", a[key]) });
        else {
            const changed = [...new Set([...Object.keys(a[key]), ...Object.keys(b[key])])]
                .filter(k => JSON.stringify(a[key][k]) !== JSON.stringify(b[key][k]));
            if (!changed.length) continue;
            if (changed.some(k => REPLACE_ON.includes(k))) {
                steps.push({ type, op: "replace", calls: [...writesOf(type, "create", b[key]), ...writesOf(type, "delete", a[key])] });
            } else steps.push({ type, op: "update", calls: writesOf(type, "update", b[key], changed) });
        }
    }
    return steps.filter(x => !NOT_THE_COMPONENTS.has(x.type));
}

/** Registered graph of one design at N routes (untimed child, inputs dumped). */
async function registeredGraph(design, n) {
    const file = path.join(__dirname, ".tmp", `graph-${design}-${n}-${process.pid}.json`);
    const extra = design === "previous" ? { BENCH_DESIGN: "previous", BENCH_DIST: previousDist() } : {};
    await nodeJson([path.join(__dirname, "construct-child.js"), "component", String(n)], { env: { ...process.env, ...extra, BENCH_DUMP: file, BENCH_IDS: "replace" } });
    const graph = JSON.parse(fs.readFileSync(file, "utf8"));
    fs.rmSync(file, { force: true });
    return graph;
}

/** Per design and N: the component's resources, the writes of a first `up` and of adding one route (N → N + 1). */
async function awsWrites() {
    fs.mkdirSync(path.join(__dirname, ".tmp"), { recursive: true });
    const rows = [];
    for (const design of ["current", "previous"]) {
        for (const n of SIZES) {
            const [g, g1] = [await registeredGraph(design, n), await registeredGraph(design, n + 1)];
            const own = Object.keys(g).filter(k => !NOT_THE_COMPONENTS.has(k.split("::")[0]));
            const types = own.reduce((m, k) => ((m[k.split("::")[0]] = (m[k.split("::")[0]] ?? 0) + 1), m), {});
            const first = own.flatMap(k => writesOf(k.split("::")[0], "create", g[k]));
            const steps = graphDiff(g, g1);
            const add = steps.flatMap(x => x.calls);
            rows.push({ design, n, resources: own.length, types, first, add, steps });
            log(`  ${design} N=${n}: ${own.length} resources; first up ${first.length} writes (${f0(lowerBoundS(first))} s at least); add a route ${add.length} writes (${steps.map(x => `${x.op} ${x.type.split(":").pop()}`).join(", ")})`);
        }
    }
    return rows;
}

// ---- report --------------------------------------------------------------------------------

function report(env, con, plug, key, sameInputs, promises, policy, writes, elapsedS) {
    const L = [];
    const at = n => con.find(r => r.n === n);
    const c300 = at(300);
    const c10 = at(10);
    const growth = growthRatio(con, "component");
    const growthFloor = growthRatio(con, "floor");
    const enough = RUNS >= 5;
    const check = (ok, what) => {
        if (!ok) misses.push(what);
        return verdict(ok);
    };

    L.push("# pulumi-secure-api benchmarks", "");
    L.push(`- Date: ${env.date}`);
    L.push(`- Machine: ${env.cores} cores (${env.cpu}), ${env.memGb} GB memory, ${env.platform}; load average ${env.loadBefore} at start, ${env.loadAfter} at end (the machine is shared: read ratios, not absolute times)`);
    L.push(`- Node ${env.node}; @pulumi/pulumi ${env.pulumi}, @pulumi/aws ${env.aws}; commit ${env.commit}`);
    L.push(`- Runs: ${con.map(r => `${r.runs} at N = ${r.n}`).join(", ")} for construction (each run measures every size, both sides; sizes and sides swap their order from run to run), ${plug.runs} plugin start-ups, ${key.cache.rounds} key-flow rounds; every figure is a median. This part (bench/run.js) took ${f0(elapsedS)} s.`);
    if (!enough) L.push("- **BENCH_RUNS < 5: a trial run, not a valid measurement.**");
    L.push("");

    L.push("## Targets", "");
    L.push("| target | figure | limit | result |", "|---|---|---|---|");
    L.push(`| construction, N = 300: SecureRestApi / hand-written floor, wall time | ${f2(c300.wallRatio)}× | ≤ ${TARGETS.constructionRatio}× | ${check(c300.wallRatio <= TARGETS.constructionRatio, "construction")} |`);
    L.push(`| plugin start-up: spawn → GetSchema served / \`node -e "require('@pulumi/pulumi')"\` | ${f2(plug.ratio)}× | ≤ ${TARGETS.pluginRatio}× | ${check(plug.ratio <= TARGETS.pluginRatio, "plugin start-up")} |`);
    L.push(`| growth: ms/route at N = 300 / at N = 10 (same run) | ${f2(growth)}× (medians ${f1(c300.perRoute.component)} / ${f1(c10.perRoute.component)} ms) | ≤ ${TARGETS.growthRatio}× | ${check(growth <= TARGETS.growthRatio, "growth")} |`);
    L.push(`| key flow, cache hit: AWS calls, median time | ${key.cache.calls} calls, ${f2(key.cache.medianMs)} ms | 0 calls, < ${TARGETS.cacheHitMs} ms | ${check(key.cache.calls === 0 && key.cache.medianMs < TARGETS.cacheHitMs, "cache hit")} |`);
    L.push(`| key flow, warm SSM: AWS calls | ${key.warm.calls} (${key.warm.ops.join(", ")}) | 1 | ${check(key.warm.calls === 1, "warm SSM calls")} |`);
    L.push(`| key flow, cold: AWS calls | ${key.cold.calls} (${key.cold.ops.join(", ")}) | 3 | ${check(key.cold.calls === 3, "cold calls")} |`);
    const p300 = policy.find(r => r.n === 300);
    const policyOk = policy.every(r => r.bytes <= r.bound && r.bound <= TARGETS.policyBytes);
    L.push(`| Lambda resource policy added to the one function, N = 300 paths × 2 methods (default scope): rendered from the registered permissions / upper bound with real ARNs | ${p300.bytes} / ${p300.bound} bytes (${p300.statements} statements) | ≤ ${TARGETS.policyBytes} bytes at every N | ${check(policyOk, "Lambda policy size")} |`);
    const cur = writes.filter(r => r.design === "current");
    const prevW = writes.filter(r => r.design === "previous");
    const flat = new Set(cur.map(r => r.resources)).size === 1;
    L.push(`| resources SecureRestApi registers (no options), N = ${SIZES.join(" / ")} | ${cur.map(r => r.resources).join(" / ")} (previous design: ${prevW.map(r => r.resources.toLocaleString("en")).join(" / ")}) | independent of N, ≤ ${TARGETS.resources} | ${check(flat && cur.every(r => r.resources <= TARGETS.resources), "resources per component")} |`);
    L.push(`| AWS write calls, first \`up\`, N = ${SIZES.join(" / ")} | ${cur.map(r => r.first.length).join(" / ")} (previous design: ${prevW.map(r => r.first.length.toLocaleString("en")).join(" / ")}) | ≤ ${TARGETS.writes} at every N | ${check(cur.every(r => r.first.length <= TARGETS.writes), "first-up writes")} |`);
    L.push(`| AWS write calls, adding one route, N = ${SIZES.join(" / ")} | ${cur.map(r => r.add.length).join(" / ")} (previous design: ${prevW.map(r => r.add.length).join(" / ")}) | ≤ ${TARGETS.writes} at every N | ${check(cur.every(r => r.add.length <= TARGETS.writes), "add-route writes")} |`);
    L.push(`| construction: same resource count and types on both sides | ${con.map(r => `N=${r.n}: ${r.count.component} / ${r.count.floor}`).join("; ")} | equal | ${con.every(r => r.count.component === r.count.floor && r.count.sameTypes) ? "PASS" : "FAIL"} |`);
    L.push(`| construction: same names and inputs on both sides (N = 3; the RestApi's body and the deployment's trigger included) | ${sameInputs.resources - sameInputs.differ} of ${sameInputs.resources} equal | all | ${sameInputs.differ === 0 ? "PASS" : "FAIL"} |`);
    L.push("");

    L.push("## Construction (fresh `node` per run, pulumi.runtime.setMocks)", "");
    L.push("| N routes | resources (component / floor) | wall: component | wall: floor | **wall ratio** | imports: component / floor | construction: component / floor | construction ratio | CPU time: component / floor | CPU ratio | peak RSS: component / floor | RSS ratio |");
    L.push("|---|---|---|---|---|---|---|---|---|---|---|---|");
    for (const r of con) {
        L.push(`| ${r.n} | ${r.count.component} / ${r.count.floor} | ${f0(r.wall.component)} ms | ${f0(r.wall.floor)} ms | **${f2(r.wallRatio)}×** | ${f0(r.imports.component)} / ${f0(r.imports.floor)} ms | ${f0(r.construct.component)} / ${f0(r.construct.floor)} ms | ${f2(r.constructRatio)}× | ${f0(r.cpu.component)} / ${f0(r.cpu.floor)} ms | ${f2(r.cpuRatio)}× | ${f0(r.rssMb.component)} / ${f0(r.rssMb.floor)} MB | ${f2(r.rssRatio)}× |`);
    }
    L.push("");
    L.push("Each route is `GET` and `POST` on its own path `/rNNNN`, served by one Lambda; the component gets `apiKeyValue`, so no key flow runs. " +
        "The floor (bench/construct-child.js) registers the same resources with `@pulumi/aws` directly, with the same inputs and `dependsOn` edges, under a bare ComponentResource of the same type token: a RestApi whose `body` is the OpenAPI document written out by hand in the floor (not by the component's renderer) and the same stage-level resources, so both sides register the same count and types (checked) and the same inputs, body text and deployment trigger included (checked at N = 3). " +
        "Wall = process start (`performance.timeOrigin`) to the mock's answer to the last expected registration (11 at any N: the component, the Lambda and 9 children). " +
        "Imports = process start to after `require` of `@pulumi/pulumi`, `@pulumi/aws` (each AWS class used touched, since @pulumi/aws loads modules lazily) and, for the component, `provider/dist`; construction = wall − imports. CPU time = user + system time of the whole process up to the same point (less sensitive to other load on the machine than wall time). " +
        "Ratios are medians of per-run ratios (component / floor of the same run). Peak RSS is `process.resourceUsage().maxRSS`.");
    L.push("");
    L.push(`Work at N = 300, independent of machine load: the component creates ${promises.component.toLocaleString("en")} promises, the floor ${promises.floor.toLocaleString("en")} ` +
        `(${f2(promises.component / promises.floor)}×; counted with async_hooks in one extra untimed run per side).`);
    L.push("");

    L.push("## Growth (construction time per route)", "");
    L.push("| N routes | component ms/route | floor ms/route | component marginal ms/route |", "|---|---|---|---|");
    let prev;
    for (const r of con) {
        const marginal = prev ? f1((r.construct.component - prev.construct.component) / (r.n - prev.n)) : "—";
        L.push(`| ${r.n} | ${f1(r.perRoute.component)} | ${f1(r.perRoute.floor)} | ${marginal} |`);
        prev = r;
    }
    L.push("");
    L.push(`ms/route = construction time / N, where construction time = wall − the fixed baseline of that same process (process start + imports, measured in the child just before the program starts). ` +
        `The whole graph is fixed now (component, Lambda, its 2 Permissions, RestApi, Deployment, Stage, MethodSettings, UsagePlan, ApiKey, UsagePlanKey: 11 resources at any N; a route only adds to the body), so ms/route falls as N grows. ` +
        `Growth N = 300 / N = 10 = median over runs of the two sizes' ms/route in the same run: component ${f2(growth)}×, floor ${f2(growthFloor)}× (the floor's figure is Pulumi's own registration cost under mocks). ` +
        `Marginal = Δconstruction / ΔN between consecutive sizes, free of the fixed part: ${marginalRatio(con)}.`);
    L.push("");

    L.push(...writesSection(writes));
    L.push("## Lambda resource policy (one function behind every route)", "");
    L.push("| N paths (× GET, POST) | statements | bytes, rendered from the registered Permission inputs | bytes at most, with real ARNs | scope METHOD instead: statements, bytes at most |", "|---|---|---|---|---|");
    for (const r of policy) L.push(`| ${r.n} | ${r.statements} | ${r.bytes} | ${r.bound} | ${r.methodStatements}, ${r.methodBound}${r.methodBound > 16384 ? " (refused at construction)" : ""} |`);
    L.push("");
    L.push("The program of the construction figures (one Lambda behind N paths, GET and POST each) built by bench/policy-child.js under mocks. " +
        "Rendered = the function's resource policy as Lambda stores it (`{\"Version\",\"Id\",\"Statement\":[…]}`, one statement per permission: Sid, Effect, Principal apigateway.amazonaws.com, Action, Resource = the function ARN, ArnLike AWS:SourceArn) " +
        "from the registered `aws.lambda.Permission` inputs, with the mock's ARNs (api id `api-id`). At most = what the component computes at construction: the same statements with the longest possible function ARN and execution ARN. " +
        "Lambda refuses a policy over 20,480 bytes; scope METHOD (one statement per method and path) is refused at construction past 16,384 bytes for one function.");
    L.push("");

    L.push("## Plugin start-up", "");
    L.push("| measure | median | ratio to floor |", "|---|---|---|");
    L.push(`| \`node provider/bin/pulumi-resource-secure-api\`: spawn → port line | ${f0(plug.portMs)} ms | ${f2(plug.portRatio)}× |`);
    L.push(`| … → GetSchema answered (gRPC, schema checked) | ${f0(plug.schemaMs)} ms | **${f2(plug.ratio)}×** |`);
    L.push(`| floor: \`node -e "require('@pulumi/pulumi')"\`, spawn → exit | ${f0(plug.floorMs)} ms | 1× |`);
    L.push("");
    L.push("The gRPC client (`@grpc/grpc-js`, `@pulumi/pulumi/proto/provider_grpc_pb`) is loaded in the bench process beforehand; its connection set-up counts. Ratios are medians of per-run ratios; the two sides alternate.");
    L.push("");

    L.push("## API-key flow against moto", "");
    L.push("| scenario | AWS calls (expected) | operations | median | min – max |", "|---|---|---|---|---|");
    const kf = (label, s, exp) => `| ${label} | ${s.calls} (${exp}) | ${s.ops.join(", ") || "—"} | ${f2(s.medianMs)} ms | ${f2(s.minMs)} – ${f2(s.maxMs)} ms |`;
    L.push(kf("cache hit", key.cache, 0));
    L.push(kf("warm SSM (cache miss → GetParameter → cache write)", key.warm, 1));
    L.push(kf("cold (GetParameter miss → GetRandomPassword → PutParameter → cache write)", key.cold, 3));
    L.push("");
    L.push("`resolveApiKey` from provider/dist with `awsClientConfig` (endpoint = moto, credentials testing/testing) and injected SSM and Secrets Manager clients whose middleware counts each HTTP attempt. " +
        "Fresh clients per run (created outside the timed region, so each run opens its own connection); moto is reset and the warm parameter re-seeded before every round; the three scenarios rotate their order each round; one untimed warm-up round.");
    L.push("");
    return L.join("\n");
}

function writesSection(writes) {
    const L = [];
    const fmtS = x => (x >= 120 ? `${f1(x / 60)} min` : `${f1(x)} s`);
    L.push("## Resources and AWS write calls: one OpenAPI body vs a Resource, Method and Integration per route", "");
    L.push("| N paths (× GET, POST) | resources SecureRestApi registers: this design / previous | first `up`: AWS writes, this / previous | at API Gateway's rates at least, this / previous | adding one route: AWS writes, this / previous | at least, this / previous |");
    L.push("|---|---|---|---|---|---|");
    for (const n of SIZES) {
        const c = writes.find(r => r.design === "current" && r.n === n);
        const p = writes.find(r => r.design === "previous" && r.n === n);
        L.push(`| ${n} | **${c.resources}** / ${p.resources.toLocaleString("en")} | **${c.first.length}** / ${p.first.length.toLocaleString("en")} | ${fmtS(lowerBoundS(c.first))} / ${fmtS(lowerBoundS(p.first))} | **${c.add.length}** / ${p.add.length} | ${fmtS(lowerBoundS(c.add))} / ${fmtS(lowerBoundS(p.add))} |`);
    }
    const c = writes.find(r => r.design === "current" && r.n === SIZES[SIZES.length - 1]);
    const p = writes.find(r => r.design === "previous" && r.n === SIZES[SIZES.length - 1]);
    L.push("");
    L.push(`At N = ${c.n}, this design: first \`up\` ${tally(c.first)}; adding one route: ${c.steps.map(x => `${x.op} ${x.type.split(":").pop()}`).join(", ")} = ${tally(c.add)}.`);
    L.push(`Previous design (commit ${PREVIOUS_DESIGN.slice(0, 7)}, built beside by bench/previous-design.js): first \`up\` ${tally(p.first)}; adding one route: ${p.steps.map(x => `${x.op} ${x.type.split(":").pop()}`).join(", ")} = ${tally(p.add)}.`);
    L.push("");
    L.push("Counted from the registered graph: each design's SecureRestApi (no options but `apiKeyValue`; the program's own Lambda function left out) under mocks at N and N + 1 paths. " +
        "A first `up` creates every resource; adding a route is the difference of the two graphs as the engine plays it (a resource whose replace-on-change input changes is replaced, create then delete, and whoever reads its id is updated: the Deployment's trigger changes, so a new Deployment, the Stage moved to it, the old one deleted). " +
        "Writes per step, as the aws provider makes them (read-backs not counted):");
    L.push("");
    L.push("| resource | create | update | delete |", "|---|---|---|---|");
    const show = v => (typeof v === "function" ? "" : v.join(" + ") || "—");
    L.push("| RestApi | CreateRestApi; with a `body`: + PutRestApi (mode overwrite) + UpdateRestApi (the provider re-applies an argument the body reset; counted as an upper bound) | `body` changed: PutRestApi + UpdateRestApi (upper bound); otherwise UpdateRestApi | DeleteRestApi |");
    for (const [type, w] of Object.entries(WRITES)) {
        if (type.endsWith("RestApi")) continue;
        L.push(`| ${type.split(":").pop()}${type.startsWith("aws:lambda") ? " (Lambda API)" : ""} | ${show(w.create)} | ${show(w.update) === "—" ? "— (replaced)" : show(w.update)} | ${show(w.delete)} |`);
    }
    L.push("");
    L.push(`At least = the longest of: API Gateway writes / ${RATES.account} per second (the account's rate, all management calls together, burst 40), CreateResource / ${RATES.CreateResource} per second, one CreateDeployment per ${RATES.CreateDeploymentEverySeconds} s, PutRestApi ${RATES.PutRestApi} per second (AWS's "Amazon API Gateway quotas"; none can be raised). ` +
        "Lambda's AddPermission is not API Gateway's. The provider reads each resource back after writing it, which takes from the same 10 per second, so the real time is longer than this bound (about twice, more when throttled and retried).");
    L.push("");
    return L;
}

/** Marginal ms/route of the largest step over the smallest, the stricter reading of linear growth. */
function marginalRatio(con) {
    const m = con.slice(1).map((r, i) => (r.construct.component - con[i].construct.component) / (r.n - con[i].n));
    return `N = ${con[con.length - 2].n}→${con[con.length - 1].n} over N = ${con[0].n}→${con[1].n}: ${f2(m[m.length - 1] / m[0])}× (information; the target uses ms/route)`;
}

async function environment() {
    const { execFileSync } = require("child_process");
    const version = p => {
        try {
            const { createRequire } = require("module");
            return createRequire(path.join(DIST, "index.js"))(`${p}/package.json`).version;
        } catch {
            return "?";
        }
    };
    let commit = "?";
    try {
        commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8" }).trim();
    } catch {
        /* not a checkout */
    }
    const cpus = os.cpus();
    return {
        date: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        cores: cpus.length,
        cpu: cpus[0]?.model ?? "unknown CPU",
        memGb: (os.totalmem() / 2 ** 30).toFixed(1),
        platform: `${os.type()} ${os.release()} ${os.arch()}`,
        node: process.version,
        pulumi: version("@pulumi/pulumi"),
        aws: version("@pulumi/aws"),
        commit,
        loadBefore: os.loadavg().map(f2).join(" "),
    };
}

async function main() {
    const t0 = performance.now();
    const env = await environment();
    log(`bench: ${RUNS} runs per figure; construction N = ${SIZES.join(", ")}`);
    let con, plug, key, sameInputs, promises, policy, writes;
    try {
        log("construction:");
        sameInputs = await checkSameInputs();
        con = await construction();
        promises = await promiseCounts();
        log("resources and AWS write calls (this design, the previous one):");
        writes = await awsWrites();
        log("Lambda resource policy:");
        policy = await policySizes();
        log("plugin start-up:");
        plug = await plugin();
        log("key flow (moto):");
        key = await keyFlow();
    } catch (e) {
        console.error(`bench failed: ${e.stack ?? e}`);
        process.exit(1);
    }
    env.loadAfter = os.loadavg().map(f2).join(" ");
    const md = report(env, con, plug, key, sameInputs, promises, policy, writes, (performance.now() - t0) / 1000);
    fs.writeFileSync(RESULTS, md + "\n");
    console.log(md);
    console.log(`\nwritten to bench/results.md`);
    for (const f of failures) console.error(`FAIL: ${f}`);
    if (misses.length) console.error(`MISS: ${misses.join(", ")}`);
    process.exit(failures.length || misses.length ? 1 : 0);
}

main();
