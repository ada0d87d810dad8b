// Runs one preview of a failing inline program in a process of its own and
// prints {output, error, unhandled} as JSON on its last line.
//
// Why a child process: when a component fails, the engine stops the
// deployment and closes its resource monitor while the program is still
// registering resources; the Node SDK in the *program* process then rejects
// those registrations with nobody listening (the Node language host prints
// them as "Unhandled exception"). That is the program's runtime, not our
// plugin, and in the Jest process it would crash the suite; here the
// rejections are collected and reported instead.
//   node previewInChild.js <workDir> <project> <scenario>
"use strict";
const path = require("path");
const { createRequire } = require("module");

const [workDir, project, scenario] = process.argv.slice(2);
const ROOT = path.join(__dirname, "..", "..");
const req = createRequire(path.join(ROOT, "sdk", "nodejs", "package.json"));
const auto = req("@pulumi/pulumi/automation");
const pulumi = req("@pulumi/pulumi");
const aws = req("@pulumi/aws");
const api = req(path.join(ROOT, "sdk", "nodejs", "bin"));

const unhandled = [];
process.on("unhandledRejection", e => unhandled.push(String(e && e.message || e)));

function handler() {
    const role = new aws.iam.Role("handler-role", { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }) });
    return new aws.lambda.Function("handler", {
        role: role.arn, runtime: "nodejs20.x", handler: "index.handler",
        code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });") }),
    });
}

const scenarios = {
    // A bad path in one component while another, valid one is being constructed.
    "bad-path": async () => {
        const fn = handler();
        new api.SecureRestApi("api", { routes: [api.lambdaRoute(fn, "/a//b", api.Http.GET)] });
        new api.IAMSecureRestApi("iam", { stackName: `${project}-iam`, routes: [api.lambdaRoute(fn, "/ok", api.Http.GET)] });
        return {};
    },
};

(async () => {
    const stateDir = path.join(workDir, "state");
    require("fs").mkdirSync(stateDir, { recursive: true });
    const ws = await auto.LocalWorkspace.create({
        workDir,
        program: scenarios[scenario],
        envVars: { PULUMI_SECURE_API_CACHE: path.join(workDir, "api-keys.json"), PULUMI_BACKEND_URL: `file://${stateDir}` },
        projectSettings: { name: project, runtime: "nodejs", backend: { url: `file://${stateDir}` } },
        pulumiCommand: await auto.PulumiCommand.get({ root: path.dirname(path.dirname(process.env.PULUMI_CLI)), skipVersionCheck: true }),
    });
    const stack = await auto.Stack.create("dev", ws);
    let output = "";
    let error = null;
    try {
        await stack.preview({ onOutput: t => (output += t) });
    } catch (e) {
        error = e.message;
    }
    await new Promise(r => setTimeout(r, 500)); // let late rejections arrive
    console.log(JSON.stringify({ output, error, unhandled }));
    process.exit(0);
})().catch(e => {
    console.log(JSON.stringify({ output: "", error: `harness failed: ${e.stack}`, unhandled }));
    process.exit(1);
});
