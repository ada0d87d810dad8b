// The clean room's TypeScript program (e2e/clean-room/cleanRoom.test.ts):
// copied into a project outside the checkout, where the SDK is installed from
// its npm tarball, compiled there and run with Node. An Automation API inline
// program: preview, up, destroy through the real engine. Prints one JSON line
// of facts for the test to assert.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as auto from "@pulumi/pulumi/automation";
import * as aws from "@pulumi/aws";
import { Http, SecureRestApi, lambdaMethods, lambdaRoute } from "@pulumi-secure-api/secure-api";

const env = (name: string): string => {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set`);
    return v;
};

/** Executables of running secure-api plugins started by this PULUMI_HOME's engine (Linux /proc). */
function pluginExecutables(): string[] {
    const home = `PULUMI_HOME=${env("PULUMI_HOME")}`;
    const found: string[] = [];
    for (const pid of fs.readdirSync("/proc").filter(p => /^\d+$/.test(p))) {
        try {
            const exe = fs.readlinkSync(`/proc/${pid}/exe`);
            const cmd = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
            const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
            if (environ.includes(home) && cmd.some(a => path.basename(a) === "pulumi-resource-secure-api")) found.push(exe);
        } catch {
            // gone, or not ours to read
        }
    }
    return found;
}

const seen = new Set<string>();

async function program(): Promise<Record<string, unknown>> {
    const role = new aws.iam.Role("handler-role", {
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
        }),
    });
    const handler = new aws.lambda.Function("handler", {
        role: role.arn,
        runtime: "nodejs20.x",
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset("exports.handler = async () => ({ statusCode: 200 });"),
        }),
    });
    const api = new SecureRestApi("api", { routes: [lambdaMethods(handler, Http.GET), lambdaRoute(handler, "/hello", Http.GET)] });
    // Constructed by then: the plugin serving it is running.
    api.urn.apply(() => pluginExecutables().forEach(e => seen.add(e)));
    return { APIEndpoint: api.apiEndpoint, APIKey: api.apiKey };
}

async function main(): Promise<void> {
    const dir = env("ROOM_STACK_DIR");
    const state = path.join(dir, "state");
    fs.mkdirSync(state, { recursive: true });
    const backend = { url: `file://${state}` };
    const stack = await auto.LocalWorkspace.createStack(
        { stackName: "dev", projectName: "clean-room-ts", program },
        {
            workDir: dir,
            projectSettings: { name: "clean-room-ts", runtime: "nodejs", backend },
            envVars: { PULUMI_BACKEND_URL: backend.url, PULUMI_SECURE_API_CACHE: path.join(dir, "api-keys.json") },
            pulumiCommand: await auto.PulumiCommand.get({ root: path.dirname(path.dirname(env("PULUMI_CLI"))), skipVersionCheck: true }),
        },
    );
    await stack.setConfig("aws:region", { value: env("AWS_REGION") });
    const preview = await stack.preview();
    const up = await stack.up();
    const key = up.outputs.APIKey;
    const destroy = await stack.destroy();
    const remaining = ((await stack.exportStack()).deployment.resources ?? []).length;
    console.log(
        JSON.stringify({
            preview: preview.changeSummary,
            up: { result: up.summary.result, resourceChanges: up.summary.resourceChanges, stdout: up.stdout },
            apiKey: { secret: key?.secret === true, length: typeof key?.value === "string" ? key.value.length : -1 },
            apiEndpoint: up.outputs.APIEndpoint?.value,
            destroy: { result: destroy.summary.result, remaining },
            sdk: require.resolve("@pulumi-secure-api/secure-api"),
            plugins: [...seen],
        }),
    );
}

main().catch(e => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
});
