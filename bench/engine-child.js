// One real-engine measurement, run in a fresh `node` process by bench/engine.js
// inside the real-engine suite's environment (scripts/e2e.sh --env):
//   node bench/engine-child.js <plugin|previous|inline> <N> <up|preview|add|destroy> <workDir>
// The program: one Lambda and a SecureRestApi of N paths x 2 methods (GET,
// POST), given its key (apiKeyValue) and its execution logs (ERROR with metrics:
// what the component sets by default in an account whose CloudWatch role is set,
// without reading the account), so no AWS call is timed.
//   plugin    the component through the generated TypeScript SDK: constructed by
//             the plugin the engine finds on PATH (bench/engine.js puts this
//             checkout's there) over gRPC;
//   previous  the same program; bench/engine.js puts the previous design's
//             plugin on PATH (bench/previous-design.js);
//   inline    the same component class (provider/dist) in the program itself.
// op add: `up` of the stack with one more path (N + 1), after `up` of N.
// Prints one JSON line: { ms, maxRssKb, summary, steps } — ms of the operation,
// maxRssKb of this (program) process, steps: what the engine did to each
// resource ({ type, op, diffs, body }), for the write counts of bench/aws-writes.js.
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");
const { performance } = require("perf_hooks");

const [mode, nArg, op, workDir] = process.argv.slice(2);
const n = Number(nArg) + (op === "add" ? 1 : 0);
const ROOT = path.join(__dirname, "..");
const req = createRequire(path.join(ROOT, "sdk", "nodejs", "package.json"));
const auto = req("@pulumi/pulumi/automation");
const pulumi = req("@pulumi/pulumi");
const aws = req("@pulumi/aws");
const KEY = "0123456789abcdefghijKLMNOPqrstuv";

function program() {
    const role = new aws.iam.Role("handler-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
    const handler = new aws.lambda.Function("handler", {
        role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
    });
    const routes = Array.from({ length: n }, (_, i) => ({ path: `/r${i}`, methods: ["GET", "POST"], handler }));
    const Component = mode !== "inline"
        ? req(path.join(ROOT, "sdk", "nodejs", "bin")).SecureRestApi
        : req(path.join(ROOT, "provider", "dist", "index.js")).SecureRestApi;
    const api = new Component("api", { routes, apiKeyValue: KEY, executionLogs: { level: "ERROR", metrics: true } });
    return { endpoint: api.apiEndpoint };
}

(async () => {
    const stateDir = path.join(workDir, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    const project = `bench-${mode}-${nArg}`;
    const ws = await auto.LocalWorkspace.create({
        workDir,
        program: async () => program(),
        envVars: { PULUMI_BACKEND_URL: `file://${stateDir}` },
        projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
        pulumiCommand: await auto.PulumiCommand.get({ root: path.dirname(path.dirname(process.env.PULUMI_CLI)), skipVersionCheck: true }),
    });
    const stack = op === "up" ? await auto.Stack.createOrSelect("dev", ws) : await auto.Stack.select("dev", ws);
    const steps = [];
    const onEvent = e => {
        const m = e.resourcePreEvent?.metadata;
        if (!m || m.op === "same") return;
        const [olds, news] = [m.old?.inputs ?? {}, m.new?.inputs ?? {}];
        const changed = [...new Set([...Object.keys(olds), ...Object.keys(news)])].filter(k => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
        steps.push({ type: m.type, op: m.op, diffs: m.diffs?.length ? m.diffs : changed, body: Boolean((m.new ?? m.old)?.inputs?.body) });
    };
    const t0 = performance.now();
    const result = op === "up" || op === "add" ? await stack.up({ onEvent }) : op === "preview" ? await stack.preview() : await stack.destroy();
    const ms = performance.now() - t0;
    const summary = result.changeSummary ?? result.summary?.resourceChanges;
    // CPU of this process, and of the CLI it ran (with the CLI's own children: engine, plugins).
    const stat = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1].split(" ");
    const tick = 10; // ms per clock tick (USER_HZ = 100)
    const own = process.cpuUsage();
    console.log(JSON.stringify({ ms, maxRssKb: process.resourceUsage().maxRSS, summary, steps,
        cpuMs: { program: (own.user + own.system) / 1000, cli: (Number(stat[13]) + Number(stat[14])) * tick } }));
    process.exit(0);
})().catch(e => {
    console.log(JSON.stringify({ error: String(e && e.stack || e).slice(0, 4000) }));
    process.exit(1);
});
