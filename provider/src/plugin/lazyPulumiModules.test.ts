// The plugin's start-up trim, checked in a plain `node` (Jest's module
// registry bypasses Node's loader, where the hook sits). Needs `make build`.
import { spawnSync } from "child_process";
import * as path from "path";

const DIST = path.join(__dirname, "..", "..", "dist");

function probe(script: string): Record<string, unknown> {
    const r = spawnSync(process.execPath, ["-e", script], { cwd: path.join(__dirname, "..", ".."), encoding: "utf8" });
    if (r.status !== 0) throw new Error(`probe failed: ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split("\n").pop()!);
}

const loaded = `Object.keys(require.cache).filter(k => /[\\\\/](automation|closure|@npmcli|typescript)[\\\\/]/.test(k)).length`;

test("with the hook, loading @pulumi/pulumi leaves out the Automation API and the function serializer", () => {
    const out = probe(`require(${JSON.stringify(path.join(DIST, "plugin", "lazyPulumiModules.js"))});
        const pulumi = require("@pulumi/pulumi");
        console.log(JSON.stringify({ heavy: ${loaded}, component: typeof pulumi.ComponentResource }));`);
    expect(out).toEqual({ heavy: 0, component: "function" });
});

test("without it, the same require loads them (what the hook saves)", () => {
    const out = probe(`require("@pulumi/pulumi"); console.log(JSON.stringify({ heavy: ${loaded} }));`);
    expect(out.heavy as number).toBeGreaterThan(10);
});

test("the lazy modules still work on first use", () => {
    const out = probe(`require(${JSON.stringify(path.join(DIST, "plugin", "lazyPulumiModules.js"))});
        const pulumi = require("@pulumi/pulumi");
        const ws = typeof pulumi.automation.LocalWorkspace.create;
        const keys = Object.keys(pulumi.automation).includes("LocalWorkspace");
        pulumi.runtime.serializeFunction(() => 42).then(f => console.log(JSON.stringify({ ws, keys, text: f.text.includes("42") })));`);
    expect(out).toEqual({ ws: "function", keys: true, text: true });
});

test("@pulumi/aws loads a service's modules only when the service is first used", () => {
    const services = `Object.keys(require.cache).filter(k => /@pulumi[\\\\/]aws[\\\\/](apigateway|iam|s3|ec2)[\\\\/]/.test(k)).length`;
    const out = probe(`require(${JSON.stringify(path.join(DIST, "plugin", "lazyPulumiModules.js"))});
        const aws = require("@pulumi/aws");
        const before = ${services};
        const restApi = typeof aws.apigateway.RestApi, invoke = typeof aws.getCallerIdentityOutput;
        console.log(JSON.stringify({ before, after: ${services}, restApi, invoke, s3: "s3" in aws }));`);
    expect(out).toMatchObject({ before: 0, restApi: "function", invoke: "function", s3: true });
    expect(out.after as number).toBeGreaterThan(0);
});
