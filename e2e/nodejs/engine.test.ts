// The components under the real engine, from TypeScript: the real CLI and
// engine, our plugin constructing the components over gRPC, the generated
// TypeScript SDK, a file backend with encrypted secrets, moto for the key
// flow — and a STAND-IN aws provider (see test-support/stand-in-aws-provider).
import type { ResourceTransform } from "@pulumi/pulumi";
import { spawn, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import {
    changed,
    evaluateFresh,
    exportWithSecrets,
    lambda,
    newStack,
    pulumi,
    rawStateText,
    ROOT,
    secureApi,
    ssmParameter,
    StateResource,
    stepRecorder,
    TestStack,
} from "./harness";

const EXAMPLE = path.join(ROOT, "examples", "typescript");
const SECURE = "secure-api:index:SecureRestApi";
const IAM = "secure-api:index:IAMSecureRestApi";

function byType(resources: StateResource[], type: string): StateResource[] {
    return resources.filter(r => r.type === type);
}

describe("examples/typescript through the plugin", () => {
    let s: TestStack;
    let resources: StateResource[];

    beforeAll(async () => {
        // The example's own code is the program, compiled as a user's `pulumi up` would run it.
        const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", EXAMPLE], { encoding: "utf8" });
        if (tsc.status !== 0) throw new Error(`tsc failed: ${tsc.stdout}${tsc.stderr}`);
        s = await newStack("ts-example", async () => evaluateFresh(path.join(EXAMPLE, "bin", "index.js")));
        const up = await s.stack.up();
        expect(up.summary.result).toBe("succeeded");
        resources = exportWithSecrets(s);
    });
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("both components are in the state, each parenting its API Gateway graph", () => {
        const [keyed] = byType(resources, SECURE);
        const [iam] = byType(resources, IAM);
        expect(keyed?.urn).toMatch(/::keyed-api$/);
        expect(iam?.urn).toMatch(/::iam-api$/);
        const childrenOf = (urn: string) => resources.filter(r => r.parent === urn).map(r => r.type);
        for (const component of [keyed, iam]) {
            const children = childrenOf(component.urn);
            for (const type of [
                "aws:apigateway/restApi:RestApi",
                "aws:apigateway/deployment:Deployment",
                "aws:apigateway/stage:Stage",
                "aws:apigateway/usagePlan:UsagePlan",
                "aws:lambda/permission:Permission",
            ]) {
                expect(children).toContain(type);
            }
        }
        expect(childrenOf(keyed.urn)).toEqual(
            expect.arrayContaining(["aws:apigateway/apiKey:ApiKey", "aws:apigateway/usagePlanKey:UsagePlanKey"]),
        );
        expect(childrenOf(iam.urn)).toEqual(
            expect.arrayContaining([
                "aws:iam/user:User",
                "aws:iam/accessKey:AccessKey",
                "aws:secretsmanager/secret:Secret",
                "aws:iam/role:Role",
                "aws:iam/policy:Policy",
            ]),
        );
        // One OpenAPI body per API, no per-route children.
        for (const component of [keyed, iam]) {
            expect(childrenOf(component.urn).filter(t => /apigateway\/(method|integration|resource):/.test(t))).toEqual([]);
        }
        // GET / and GET, POST /hello on the keyed API: three operations, every one needing the key; the IAM API's need SigV4.
        const operations = (urn: string) => {
            const api = resources.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.parent === urn)!;
            return Object.entries<Record<string, any>>(JSON.parse(api.inputs!.body as string).paths).flatMap(([path, ops]) =>
                Object.entries(ops).map(([m, op]) => [`${m} ${path}`, op.security]),
            );
        };
        expect(
            operations(keyed.urn)
                .map(([k]) => k)
                .sort(),
        ).toEqual(["get /", "get /hello", "post /hello"]);
        for (const [, security] of operations(keyed.urn)) expect(security).toEqual([{ api_key: [] }]);
        expect(operations(iam.urn).length).toBeGreaterThan(0);
        for (const [, security] of operations(iam.urn)) expect(security).toEqual([{ sigv4: [] }]);
        const [keyedApi] = resources.filter(r => r.type === "aws:apigateway/restApi:RestApi" && r.parent === keyed.urn);
        expect(keyedApi.outputs?.body ?? keyedApi.inputs?.body).toBeDefined();
    });

    test("no source position in the state points into the plugin (pluginStacks.ts)", () => {
        const [keyed] = byType(resources, SECURE);
        const registeredByPlugin = [keyed, ...resources.filter(r => r.parent === keyed.urn)];
        expect(registeredByPlugin.length).toBeGreaterThan(10);
        // The plugin's own frames (provider/dist/...) mean nothing to a user and cost a stack per resource.
        // (The engine keeps the position the plugin's registration of the component gives, not the
        // program's: @pulumi/pulumi 3.248 does not pass the construct's stack-trace handle on.)
        for (const r of registeredByPlugin) {
            expect(r.sourcePosition).toBeUndefined();
            expect(JSON.stringify(r.stackTrace ?? [])).not.toMatch(/provider\/dist/);
        }
        // The program's own resources keep theirs (the example is evaluated by the harness, hence its frame).
        const handler = resources.find(r => r.type === "aws:lambda/function:Function");
        expect(handler?.sourcePosition).toMatch(/^project:\/\/\/.*#\d+,\d+$/);
    });

    test("APIKey is a secret output equal to the SSM parameter in moto", async () => {
        const outputs = await s.stack.outputs();
        expect(outputs.APIKey.secret).toBe(true);
        const key = outputs.APIKey.value as string;
        expect(key).toHaveLength(40);
        expect(await ssmParameter(`/${s.project}-dev/api-key`)).toBe(key);
        expect(outputs.APIEndpoint.value).toMatch(/^https:\/\/[0-9a-f]+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
        expect(outputs.APIIAMUserCredentials.value).toBe(
            `https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=${encodeURIComponent(`${s.project}-dev-iam/iam-user-credentials`)}&region=us-east-1`,
        );
        expect(outputs.APIIAMRoleARN.value).toBe(`arn:aws:iam::123456789012:role/${s.project}-dev-iam@api-invoke-role`);
    });

    test("`pulumi stack output APIKey --show-secrets` prints the key; without the flag it does not", async () => {
        const key = (await s.stack.outputs()).APIKey.value as string;
        const shown = s.cli("stack", "output", "APIKey", "--show-secrets");
        expect(shown.status).toBe(0);
        expect(shown.stdout.trim()).toBe(key);
        const hidden = s.cli("stack", "output", "APIKey");
        expect(hidden.stdout).not.toContain(key);
        expect(hidden.stdout.trim()).toBe("[secret]");
    });

    test("neither the API key nor the IAM secret access key is in plain text in the state or its export", async () => {
        const key = (await s.stack.outputs()).APIKey.value as string;
        const accessKey = resources.find(r => r.type === "aws:iam/accessKey:AccessKey")!;
        // `stack export --show-secrets` keeps the secret envelope, with the value JSON-encoded.
        const secretAccessKey = JSON.parse((accessKey.outputs!.secret as { plaintext: string }).plaintext) as string;
        expect(secretAccessKey.length).toBeGreaterThan(20);
        const exported = s.cli("stack", "export");
        expect(exported.status).toBe(0);
        for (const text of [exported.stdout, rawStateText(s)]) {
            expect(text).toContain("4dabf18193072939515e22adb298388d"); // the secret signature: secrets are there, encrypted
            expect(text).not.toContain(key);
            expect(text).not.toContain(secretAccessKey);
        }
    });

    test("a preview after up changes nothing", async () => {
        const rec = stepRecorder();
        const debug: string[] = [];
        const preview = await s.stack.preview({
            onEvent: e => {
                rec.onEvent(e);
                // The engine sends debug diagnostics too, though the SDK type leaves "debug" out.
                if ((e.diagnosticEvent?.severity as string | undefined) === "debug") debug.push(e.diagnosticEvent!.message);
            },
        });
        expect(changed(rec.steps)).toEqual([]);
        expect(Object.keys(preview.changeSummary)).toEqual(["same"]);
        // The program's runtime reports its registrations at debug level; the plugin's does not
        // unless the engine runs it with verbose logging (pluginDebugLog.ts).
        expect(debug.some(m => m.startsWith("Registering resource: t=aws:lambda/function:Function"))).toBe(true);
        expect(debug.filter(m => /t=aws:apigateway\//.test(m))).toEqual([]);
    });

    test("destroy removes every resource of the stack; the SSM parameter stays, by design", async () => {
        const key = (await s.stack.outputs()).APIKey.value as string;
        const result = await s.stack.destroy();
        expect(result.summary.result).toBe("succeeded");
        expect(result.summary.resourceChanges?.delete).toBeGreaterThan(30);
        expect(exportWithSecrets(s)).toEqual([]);
        expect(await ssmParameter(`/${s.project}-dev/api-key`)).toBe(key);
    });
});

/** A program with one SecureRestApi whose routes are given (paths, all GET, one Lambda). */
function routesProgram(paths: string[]) {
    return async () => {
        const handler = lambda("handler");
        const api = new secureApi.SecureRestApi("api", {
            routes: paths.map(p => secureApi.lambdaRoute(handler, p, secureApi.Http.GET)),
        });
        return { APIKey: api.apiKey, routeUrls: api.routeUrls, openApiDocument: api.openApiDocument };
    };
}

describe("route changes under the real engine", () => {
    let s: TestStack;
    beforeAll(async () => {
        s = await newStack("routes", routesProgram(["/a", "/b/{id}", "/c"]));
        expect((await s.stack.up()).summary.result).toBe("succeeded");
    });
    afterAll(async () => {
        await s?.stack.destroy();
    });

    test("reordering routes changes nothing", async () => {
        s.stack.workspace.program = routesProgram(["/c", "/a", "/b/{id}"]);
        const rec = stepRecorder();
        await s.stack.preview({ onEvent: rec.onEvent });
        expect(changed(rec.steps)).toEqual([]);
    });

    test("adding a route updates the RestApi's body in place and replaces the deployment, nothing else", async () => {
        s.stack.workspace.program = routesProgram(["/a", "/b/{id}", "/c", "/d"]);
        const rec = stepRecorder();
        const up = await s.stack.up({ onEvent: rec.onEvent });
        expect(up.summary.result).toBe("succeeded");
        const changes = changed(rec.steps);
        // One document: no resource is created per route any more.
        expect(changes.filter(([, op]) => op === "create")).toEqual([]);
        const restApi = changes.find(([urn]) => urn.includes("aws:apigateway/restApi:RestApi"));
        expect(restApi?.[1]).toBe("update");
        // The deployment is replaced (its trigger hashes the document); nothing else but the stage follows it.
        const deployment = changes.find(([urn]) => urn.includes("aws:apigateway/deployment:Deployment"));
        expect(deployment?.[1]).toMatch(/replace|create-replacement/);
        const others = changes.filter(
            ([urn, op]) =>
                op !== "create" &&
                !/restApi:RestApi|deployment:Deployment|stage:Stage|secure-api:index:SecureRestApi|pulumi:pulumi:Stack/.test(urn),
        );
        expect(others).toEqual([]);
        expect((await s.stack.outputs()).routeUrls.value).toHaveProperty("/d");
        expect(JSON.parse((await s.stack.outputs()).openApiDocument.value).paths).toHaveProperty("/d");
    });
});

describe("the escape hatch: transforms", () => {
    test("a transform given to the component reaches the stage the plugin registers for it", async () => {
        const cache: ResourceTransform = ({ type, props, opts }) =>
            type === "aws:apigateway/stage:Stage"
                ? { props: { ...props, cacheClusterEnabled: true, cacheClusterSize: "0.5" }, opts }
                : undefined;
        const s = await newStack("transforms", async () => {
            const api = new secureApi.SecureRestApi(
                "api",
                { routes: [secureApi.lambdaRoute(lambda("handler"), "/a", secureApi.Http.GET)] },
                { transforms: [cache] },
            );
            return { APIEndpoint: api.apiEndpoint };
        });
        try {
            expect((await s.stack.up()).summary.result).toBe("succeeded");
            const resources = exportWithSecrets(s);
            const [stage] = byType(resources, "aws:apigateway/stage:Stage");
            expect(stage.parent).toBe(byType(resources, SECURE)[0].urn);
            expect(stage.inputs).toMatchObject({ stageName: "prod", cacheClusterEnabled: true, cacheClusterSize: "0.5" });
            expect(byType(resources, "aws:apigateway/deployment:Deployment")[0].inputs).not.toHaveProperty("cacheClusterEnabled");
        } finally {
            await s.stack.destroy();
        }
    });
});

describe("after the construct, the program's SDK", () => {
    test("rebuilds no route's Lambda reference: no getResource per route (up stays flat in the number of routes)", async () => {
        const paths = Array.from({ length: 20 }, (_, i) => `/r${i}`);
        const s = await newStack("no-rehydration", routesProgram(paths));
        const gets: string[] = [];
        const registered: string[] = [];
        try {
            // The program's runtime logs at debug level each resource it registers and each reference it rebuilds.
            const up = await s.stack.up({
                debug: true,
                onEvent: e => {
                    const m = e.diagnosticEvent?.message ?? "";
                    if (/Getting resource: urn=\S+aws:lambda\/function:Function::handler/.test(m)) gets.push(m);
                    if (/Registering resource: t=aws:lambda\/function:Function, name=handler/.test(m)) registered.push(m);
                },
            });
            expect(up.summary.result).toBe("succeeded");
        } finally {
            await s.stack.destroy();
        }
        expect(registered.length).toBeGreaterThan(0); // the debug messages were seen
        // Without plugin/referenceFreeInputs.ts: one per route (20).
        expect(gets).toEqual([]);
    });
});

describe("preview of a fresh stack", () => {
    test("writes nothing: no SSM parameter, no cache file; the key is not known yet", async () => {
        const s = await newStack("fresh", routesProgram(["/x"]));
        const preview = await s.stack.preview();
        expect(preview.changeSummary.create).toBeGreaterThan(5);
        expect(await ssmParameter(`/${s.project}-dev/api-key`)).toBeUndefined();
        expect(fs.existsSync(s.cacheFile)).toBe(false);
    });
});

describe("bad input", () => {
    test("fails the preview with the property error naming the field, and no other error", () => {
        const dir = path.join(process.env.E2E_WORK!, "bad-input");
        const r = spawnSync(process.execPath, [path.join(__dirname, "previewInChild.js"), dir, "e2e-bad-input", "bad-path"], {
            encoding: "utf8",
        });
        const last = r.stdout.trim().split("\n").pop()!;
        const { output, error } = JSON.parse(last) as { output: string; error: string | null };
        expect(error).toContain("exit code 1");
        expect(output).toContain('routes[0].path "/a//b" is invalid: empty path segment');
        expect(output).toContain("property routes[0].path with value '{/a//b}' has a problem");
        // The program's own runtime may also report its registration of the failing component as
        // "Unhandled exception: ... failed to register new resource api ... resource monitor shut down",
        // with the program's stack, when its log reaches the engine before the engine has shut down (a
        // race in the program's Node SDK, seen about one run in two, with the plugin run by node or as
        // the executable alike). That one is not ours; every other line is.
        const ours = output.replace(
            /^\s+(?:\+\s+pulumi:pulumi:Stack \S+ create )?error: Unhandled exception: Error: failed to register new resource api \[secure-api:index:SecureRestApi\]: 2 UNKNOWN: resource monitor shut down\n(?:\s+at .+\n)*/gm,
            "",
        );
        // The other component, stopped with the deployment, adds no error of its own.
        expect(ours.match(/^\s+error: /gm)).toHaveLength(1);
        expect(ours).not.toMatch(/client connection is closing|resource monitor shut down|Unhandled exception/);
        expect(ours).not.toMatch(/^\s+at .+\.js:\d+/m); // no JavaScript stack trace
    });
});

describe("the plugin reused across operations (PULUMI_DEBUG_PROVIDERS)", () => {
    test("its stackName guard does not report a false 'already used' on the second operation", async () => {
        const plugin = spawnPlugin();
        try {
            const port = await plugin.port;
            const s = await newStack("debug-provider", routesProgram(["/one"]));
            s.stack.workspace.envVars.PULUMI_DEBUG_PROVIDERS = `secure-api:${port}`;
            expect((await s.stack.up()).summary.result).toBe("succeeded");
            const rec = stepRecorder();
            await s.stack.preview({ onEvent: rec.onEvent });
            expect(changed(rec.steps)).toEqual([]);
            await s.stack.destroy();
        } finally {
            plugin.kill();
        }
    });
});

/** Starts our plugin by hand, as PULUMI_DEBUG_PROVIDERS expects; it prints its port. */
function spawnPlugin() {
    const child = spawn(path.join(ROOT, "provider", "bin", "pulumi-resource-secure-api"), [], {
        stdio: ["ignore", "pipe", "inherit"],
        env: { ...process.env, PULUMI_SECURE_API_CACHE: path.join(process.env.E2E_WORK!, "debug-provider-keys.json") },
    });
    const port = new Promise<number>((resolve, reject) => {
        let buf = "";
        child.stdout!.on("data", d => {
            buf += d;
            const m = /^(\d+)\s*$/m.exec(buf);
            if (m) resolve(Number(m[1]));
        });
        child.on("exit", code => reject(new Error(`plugin exited (${code}) before printing its port`)));
    });
    return { port, kill: () => child.kill() };
}

describe("README's Pulumi CLI instructions, run as written", () => {
    const cli = (...args: string[]) => spawnSync(process.env.PULUMI_CLI!, args, { cwd: ROOT, encoding: "utf8" });

    test("`pulumi package get-schema ./provider/bin/pulumi-resource-secure-api` serves the schema make gen wrote", () => {
        const r = cli("package", "get-schema", "./provider/bin/pulumi-resource-secure-api");
        expect(r.stderr).toBe("");
        expect(r.status).toBe(0);
        expect(JSON.parse(r.stdout)).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, "provider", "schema.json"), "utf8")));
    });

    // The CLI hands code generation to the language's plugin (pulumi-language-python),
    // which cannot be had here; `make gen` runs the same codegen package at the same
    // version in-process. What the CLI does itself, loading and binding the schema,
    // is checked: README's JSON form gets through it, the YAML form would not.
    test("`pulumi package gen-sdk provider/schema.json` loads and binds the schema (then needs the language plugin)", () => {
        const out = fs.mkdtempSync(path.join(process.env.E2E_WORK!, "gen-sdk-"));
        const r = cli("package", "gen-sdk", "provider/schema.json", "--language", "python", "--out", out);
        expect(r.stderr.trim()).toBe("error: no language plugin 'pulumi-language-python' found in the workspace or on your $PATH");
        const yamlForm = cli("package", "gen-sdk", "schema.yaml", "--language", "python", "--out", out);
        expect(yamlForm.stderr).toContain("cannot unmarshal !!map into schema.RawMessage");
    });
});

// Keep `pulumi` referenced: the programs above rely on the shared instance being loaded first.
void pulumi;
