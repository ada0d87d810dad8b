// Runs `pulumi up` of a SecureRestApi program on an existing stack, for the
// faults of faults.test.ts: "kill" kills the engine (SIGKILL) once the first
// API Gateway resource is created and exits at once; "fail" runs the up to its
// end (the caller makes it fail, e.g. with an unreachable AWS endpoint). A
// process of its own so the inline program's registrations, left without an
// engine, cannot fail the Jest suite (see previewInChild.js). Prints
// {killed, plugins, error} as JSON on its last line: plugins are the engine's
// child processes (our plugin, the stand-in aws provider) at the moment of the
// kill, {pid, cmd}, so the caller can check that none outlives its engine.
//   node upInChild.js <workDir> <project> <stackName> <cacheFile> <kill|fail> <path>...
"use strict";
const fs = require("fs");
const path = require("path");
const { createRequire } = require("module");

const [workDir, project, stackName, cacheFile, mode, ...paths] = process.argv.slice(2);
const ROOT = path.join(__dirname, "..", "..");
const req = createRequire(path.join(ROOT, "sdk", "nodejs", "package.json"));
const auto = req("@pulumi/pulumi/automation");
const pulumi = req("@pulumi/pulumi");
const aws = req("@pulumi/aws");
const api = req(path.join(ROOT, "sdk", "nodejs", "bin"));

process.on("unhandledRejection", () => undefined);

const program = async () => {
    // The same function as harness.ts's lambda("handler"), so only the component's part of the program differs.
    const role = new aws.iam.Role("handler-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    const fn = new aws.lambda.Function("handler", {
        role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
    });
    const a = new api.SecureRestApi("api", { stackName, cache: false, routes: paths.map(p => api.lambdaRoute(fn, p, api.Http.GET)) });
    return { APIKey: a.apiKey };
};

function pulumiPids() {
    return fs.readdirSync("/proc").filter(d => /^\d+$/.test(d)).filter(d => {
        try {
            const cmd = fs.readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0");
            return cmd[0] === process.env.PULUMI_CLI && cmd.includes("up") && fs.readlinkSync(`/proc/${d}/cwd`) === workDir;
        } catch {
            return false;
        }
    }).map(Number);
}

/** The processes `pid` started that are still running: {pid, cmd}. */
function childrenOf(pid) {
    return fs.readdirSync("/proc").filter(d => /^\d+$/.test(d)).flatMap(d => {
        try {
            // /proc/<pid>/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its ")".
            const stat = fs.readFileSync(`/proc/${d}/stat`, "utf8");
            const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
            return ppid === pid ? [{ pid: Number(d), cmd: fs.readFileSync(`/proc/${d}/cmdline`, "utf8").split("\0").join(" ").trim() }] : [];
        } catch {
            return [];
        }
    });
}

(async () => {
    const stateDir = path.join(workDir, "state");
    const ws = await auto.LocalWorkspace.create({
        workDir,
        program,
        envVars: { PULUMI_SECURE_API_CACHE: cacheFile, PULUMI_BACKEND_URL: `file://${stateDir}` },
        projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
        pulumiCommand: await auto.PulumiCommand.get({ root: path.dirname(path.dirname(process.env.PULUMI_CLI)), skipVersionCheck: true }),
    });
    const stack = await auto.Stack.select("dev", ws);
    let killed = 0;
    const plugins = [];
    const done = e => {
        console.log(JSON.stringify({ killed, plugins, error: e instanceof Error ? e.message : null }));
        process.exit(0);
    };
    stack.up({
        onEvent: e => {
            const m = e.resOutputsEvent && e.resOutputsEvent.metadata;
            if (mode === "kill" && killed === 0 && m && m.op === "create" && m.type === "aws:apigateway/restApi:RestApi") {
                for (const pid of pulumiPids()) {
                    plugins.push(...childrenOf(pid));
                    process.kill(pid, "SIGKILL");
                    killed++;
                }
                setTimeout(done, 200);
            }
        },
    }).then(() => done(null), done);
})();
