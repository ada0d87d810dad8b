// The YAML programs — the root demo (Pulumi.yaml), examples/yaml and
// examples/yaml-openapi (its own OpenAPI file, fn::readFile) — run as
// users run them: plain `pulumi preview/up/destroy` of the real CLI in the
// project's directory, the REAL YAML language host (pulumi-language-yaml,
// built by scripts/tool.sh pulumi-language-yaml) binding every type through the
// providers' schemas, our plugin, moto for the key flow and the STAND-IN aws
// provider (which answers GetSchema with a partial aws schema).
//
// One edit to each program: its `plugins.providers` path names the plugin's
// directory `provider/`, which Pulumi runs through the Node.js language host
// (PulumiPlugin.yaml: runtime nodejs); that host is not on the Go module proxy
// we reach, so the copy names `provider/bin`, where the plugin is an
// executable. provider/bin is NOT on PATH here: the stanza finds the plugin.
//
// Run by scripts/e2e.sh (suite `yaml`), which sets PULUMI_HOME, the CLI, moto.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";

const ROOT = path.join(__dirname, "..", "..");

const SECURE = "secure-api:index:SecureRestApi";
const IAM = "secure-api:index:IAMSecureRestApi";

function requireEnv(name: string): string {
    const v = process.env[name];
    if (!v) throw new Error(`${name} is not set: run this suite through scripts/e2e.sh yaml`);
    return v;
}

async function ssmParameter(name: string): Promise<string | undefined> {
    const ssm = new SSMClient({ region: requireEnv("AWS_REGION") });
    try {
        return (await ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }))).Parameter?.Value;
    } catch (e) {
        if ((e as { name?: string }).name === "ParameterNotFound") return undefined;
        throw e;
    } finally {
        ssm.destroy();
    }
}

interface Project {
    dir: string;
    stateDir: string;
    cacheFile: string;
    pulumi(...args: string[]): { stdout: string; stderr: string; status: number | null };
}

/** PATH with the CLI and, beside it, the YAML host (scripts/e2e.sh links them into one dir); without provider/bin. */
function searchPath(): string {
    const cliDir = path.dirname(requireEnv("PULUMI_CLI"));
    if (path.dirname(requireEnv("PULUMI_LANGUAGE_YAML")) !== cliDir) throw new Error("PULUMI_LANGUAGE_YAML must sit beside PULUMI_CLI");
    const bin = path.join(ROOT, "provider", "bin");
    const rest = (process.env.PATH ?? "").split(path.delimiter).filter(p => p && path.resolve(p) !== bin);
    return [cliDir, ...rest].join(path.delimiter);
}

/** A copy of a YAML program (and the files beside it it reads) in its own project dir and file backend; `plugins` pointed at provider/bin. */
function project(name: string, program: string, pluginDir: string, files: readonly string[] = []): Project {
    const dir = path.join(requireEnv("E2E_WORK"), `yaml-${name}`);
    const stateDir = path.join(dir, "state");
    fs.mkdirSync(stateDir, { recursive: true });
    const text = fs.readFileSync(program, "utf8");
    const stanza = new RegExp(`^(\\s+path:\\s*)${pluginDir.replace(/[./]/g, "\\$&")}\\s*$`, "m");
    if (!stanza.test(text)) throw new Error(`${program}: no plugins path ${pluginDir}`);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), text.replace(stanza, `$1${path.join(ROOT, "provider", "bin")}`));
    for (const f of files) fs.copyFileSync(path.join(path.dirname(program), f), path.join(dir, f));
    const cacheFile = path.join(dir, "api-keys.json");
    const env = {
        ...process.env,
        PATH: searchPath(),
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_SECURE_API_CACHE: cacheFile,
    };
    return {
        dir,
        stateDir,
        cacheFile,
        pulumi: (...args: string[]) => {
            const r = spawnSync(requireEnv("PULUMI_CLI"), [...args, "--non-interactive"], {
                cwd: dir,
                env,
                encoding: "utf8",
                timeout: 300_000,
            });
            return { stdout: r.stdout, stderr: r.stderr, status: r.status };
        },
    };
}

function ok(r: { stdout: string; stderr: string; status: number | null }, what: string): string {
    if (r.status !== 0) throw new Error(`${what} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
    return r.stdout;
}

interface StateResource {
    urn: string;
    type: string;
    parent?: string;
    inputs?: Record<string, unknown>;
}

/**
 * The methods a component's API serves ("GET" ...; no CORS preflights) and what each needs: from its
 * aws.apigateway.Method children, or from its RestApi's OpenAPI body when the API is defined by one.
 */
function securedMethods(resources: StateResource[], componentUrn: string): { method: string; apiKey: boolean; iam: boolean }[] {
    const children = resources.filter(r => r.parent === componentUrn);
    const methods = children.filter(r => r.type === "aws:apigateway/method:Method" && r.inputs?.httpMethod !== "OPTIONS");
    if (methods.length > 0) {
        return methods.map(m => ({
            method: `${m.inputs?.httpMethod}`,
            apiKey: m.inputs?.apiKeyRequired === true,
            iam: m.inputs?.authorization === "AWS_IAM",
        }));
    }
    const body = children.find(r => r.type === "aws:apigateway/restApi:RestApi")?.inputs?.body;
    const doc = typeof body === "string" ? JSON.parse(body) : { paths: {} };
    return Object.values<Record<string, { security?: Record<string, unknown>[] }>>(doc.paths ?? {}).flatMap(ops =>
        Object.entries(ops)
            .filter(([verb]) => ["get", "put", "post", "delete", "head", "patch", "x-amazon-apigateway-any-method"].includes(verb))
            .map(([verb, op]) => {
                const security: Record<string, unknown>[] = op.security ?? doc.security ?? [];
                return {
                    method: verb.startsWith("x-") ? "ANY" : verb.toUpperCase(),
                    apiKey: security.some(s => "api_key" in s),
                    iam: security.some(s => "sigv4" in s),
                };
            }),
    );
}

describe.each([
    [
        "root demo",
        "Pulumi.yaml",
        "./provider",
        "secure-api-demo",
        ["/", "/hello", "/items/{id}"],
        { keyed: ["GET", "GET", "POST", "GET", "PUT", "DELETE"], iam: ["GET", "POST"] },
    ],
    [
        "examples/yaml",
        "examples/yaml/Pulumi.yaml",
        "../../provider",
        "secure-api-example-yaml",
        ["/", "/hello"],
        { keyed: ["GET", "GET", "POST"], iam: ["GET"] },
    ],
] as const)("%s through the YAML language host", (name, program, pluginDir, projectName, paths, methods) => {
    let p: Project;
    const stackName = `${projectName}-dev`;

    beforeAll(() => {
        p = project(name.replace(/\W+/g, "-"), path.join(ROOT, program), pluginDir);
        ok(p.pulumi("stack", "init", "dev"), "stack init");
        ok(p.pulumi("config", "set", "aws:region", "us-east-1"), "config set");
    });
    afterAll(() => {
        p?.pulumi("destroy", "--yes", "--skip-preview");
    });

    test("preview plans both components and writes nothing to SSM or the key cache", async () => {
        const out = ok(p.pulumi("preview", "--json"), "preview");
        const steps: { op: string; urn: string; newState?: { type: string } }[] = JSON.parse(out).steps;
        const types = steps.map(s => s.newState?.type);
        expect(types).toEqual(expect.arrayContaining([SECURE, IAM, "aws:lambda/function:Function", "aws:iam/role:Role"]));
        expect(steps.every(s => s.op === "create")).toBe(true);
        expect(await ssmParameter(`/${stackName}/api-key`)).toBeUndefined();
        expect(fs.existsSync(p.cacheFile)).toBe(false);
    });

    test("up creates the components' graphs under them, no plugin or language host taken from PATH", () => {
        const up = p.pulumi("up", "--yes", "--skip-preview");
        ok(up, "up");
        // The stanza names our plugin; the YAML host is the one beside the CLI (as Pulumi bundles it).
        expect(`${up.stdout}${up.stderr}`).not.toMatch(/using pulumi-\S+ from \$PATH/);
        expect(`${up.stdout}${up.stderr}`).toMatch(/Creating new SSM Parameter/);
        const resources: StateResource[] = JSON.parse(ok(p.pulumi("stack", "export"), "stack export")).deployment.resources;
        const keyed = resources.find(r => r.type === SECURE)!;
        const iam = resources.find(r => r.type === IAM)!;
        expect(keyed.urn).toMatch(/::keyedApi$/);
        expect(iam.urn).toMatch(/::iamApi$/);
        const childTypes = (urn: string) => resources.filter(r => r.parent === urn).map(r => r.type);
        expect(childTypes(keyed.urn)).toEqual(
            expect.arrayContaining([
                "aws:apigateway/restApi:RestApi",
                "aws:apigateway/stage:Stage",
                "aws:apigateway/apiKey:ApiKey",
                "aws:apigateway/usagePlanKey:UsagePlanKey",
            ]),
        );
        expect(childTypes(iam.urn)).toEqual(
            expect.arrayContaining(["aws:iam/user:User", "aws:iam/accessKey:AccessKey", "aws:iam/role:Role"]),
        );
        // Every method of the program's routes, and each needs the key (keyedApi) or SigV4 (iamApi).
        const keyedMethods = securedMethods(resources, keyed.urn);
        expect(keyedMethods.map(m => m.method).sort()).toEqual([...methods.keyed].sort());
        for (const m of keyedMethods) expect(m).toMatchObject({ apiKey: true, iam: false });
        const iamMethods = securedMethods(resources, iam.urn);
        expect(iamMethods.map(m => m.method).sort()).toEqual([...methods.iam].sort());
        for (const m of iamMethods) expect(m).toMatchObject({ apiKey: false, iam: true });
    });

    test("outputs: endpoints, one URL per path, APIKey a secret equal to the SSM parameter in moto", async () => {
        const outputs = JSON.parse(ok(p.pulumi("stack", "output", "--json"), "stack output"));
        expect(outputs.APIEndpoint).toMatch(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
        expect(outputs.IAMAPIEndpoint).toMatch(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
        expect(outputs.APIKey).toBe("[secret]");
        expect(outputs.APIIAMUserCredentials).toBe(
            `https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=${encodeURIComponent(`${stackName}-iam/iam-user-credentials`)}&region=us-east-1`,
        );
        expect(outputs.APIIAMRoleARN).toBe(`arn:aws:iam::123456789012:role/${stackName}-iam@api-invoke-role`);
        expect(outputs.ClientAPIKeyParameters).toEqual({
            mobile: `/${stackName}/api-key/mobile`,
            partner: `/${stackName}/api-key/partner`,
        });
        if (outputs.RouteURLs) expect(Object.keys(outputs.RouteURLs).sort()).toEqual([...paths].sort());

        expect(ok(p.pulumi("stack", "output", "APIKey"), "stack output APIKey").trim()).toBe("[secret]");
        const key = ok(p.pulumi("stack", "output", "APIKey", "--show-secrets"), "stack output APIKey --show-secrets").trim();
        expect(key).toMatch(/^\S{40}$/);
        expect(await ssmParameter(`/${stackName}/api-key`)).toBe(key);
        expect(await ssmParameter(`/${stackName}/api-key/partner`)).toMatch(/^\S{40}$/);
        // Encrypted in the state: the key never appears in the file backend's plain text.
        const state = fs.readFileSync(path.join(p.stateDir, ".pulumi", "stacks", projectName, "dev.json"), "utf8");
        expect(state).not.toContain(key);
    });

    test("a second preview changes nothing", () => {
        ok(p.pulumi("preview", "--expect-no-changes"), "preview --expect-no-changes");
    });

    test("destroy removes every resource", () => {
        ok(p.pulumi("destroy", "--yes", "--skip-preview"), "destroy");
        const deployment = JSON.parse(ok(p.pulumi("stack", "export"), "stack export")).deployment;
        expect(deployment.resources ?? []).toEqual([]);
    });
});

describe("examples/http-api-yaml (SecureHttpApi) through the YAML language host", () => {
    const HTTP = "secure-api:index:SecureHttpApi";
    let p: Project;
    beforeAll(() => {
        p = project("http-api", path.join(ROOT, "examples", "http-api-yaml", "Pulumi.yaml"), "../../provider");
        ok(p.pulumi("stack", "init", "dev"), "stack init");
        ok(p.pulumi("config", "set", "aws:region", "us-east-1"), "config set");
    });
    afterAll(() => {
        p?.pulumi("destroy", "--yes", "--skip-preview");
    });

    test("preview plans the component and creates everything", () => {
        const steps: { op: string; newState?: { type: string } }[] = JSON.parse(ok(p.pulumi("preview", "--json"), "preview")).steps;
        expect(steps.map(s => s.newState?.type)).toEqual(expect.arrayContaining([HTTP, "aws:lambda/function:Function"]));
        expect(steps.every(s => s.op === "create")).toBe(true);
    });

    test("up: an HTTP API whose every route is authorized (IAM, the JWT route, the catch-all), a named stage, the invoke role", () => {
        ok(p.pulumi("up", "--yes", "--skip-preview"), "up");
        const resources: StateResource[] = JSON.parse(ok(p.pulumi("stack", "export"), "stack export")).deployment.resources;
        const component = resources.find(r => r.type === HTTP)!;
        const children = resources.filter(r => r.parent === component.urn);
        expect(children.map(r => r.type)).toEqual(
            expect.arrayContaining([
                "aws:apigatewayv2/api:Api",
                "aws:apigatewayv2/deployment:Deployment",
                "aws:apigatewayv2/stage:Stage",
                "aws:lambda/permission:Permission",
                "aws:iam/role:Role",
                "aws:iam/policy:Policy",
            ]),
        );
        const doc = JSON.parse(String(children.find(r => r.type === "aws:apigatewayv2/api:Api")!.inputs?.body));
        expect(doc.paths["/orders"].get.security).toEqual([{ sigv4: [] }]);
        expect(doc.paths["/orders"].post.security).toEqual([{ sigv4: [] }]);
        expect(doc.paths["/me"].get.security).toEqual([{ jwt: [] }]);
        expect(doc.paths["/$default"]["x-amazon-apigateway-any-method"].security).toEqual([{ sigv4: [] }]);
        expect(children.find(r => r.type === "aws:apigatewayv2/stage:Stage")!.inputs).toMatchObject({ name: "prod", autoDeploy: false });
    });

    test("outputs: the stage's URL, one URL per path, the credentials link and the role", () => {
        const outputs = JSON.parse(ok(p.pulumi("stack", "output", "--json"), "stack output"));
        expect(outputs.APIEndpoint).toMatch(/^https:\/\/\w+\.execute-api\.us-east-1\.amazonaws\.com\/prod\/$/);
        expect(Object.keys(outputs.RouteURLs).sort()).toEqual(["/me", "/orders"]);
        expect(outputs.APIIAMUserCredentials).toBe(
            `https://us-east-1.console.aws.amazon.com/secretsmanager/secret?name=${encodeURIComponent("secure-api-example-http-api-yaml-dev/iam-user-credentials")}&region=us-east-1`,
        );
        expect(outputs.APIIAMRoleARN).toBe("arn:aws:iam::123456789012:role/secure-api-example-http-api-yaml-dev@api-invoke-role");
    });

    test("a second preview changes nothing", () => {
        ok(p.pulumi("preview", "--expect-no-changes"), "preview --expect-no-changes");
    });

    test("destroy removes every resource", () => {
        ok(p.pulumi("destroy", "--yes", "--skip-preview"), "destroy");
        expect(JSON.parse(ok(p.pulumi("stack", "export"), "stack export")).deployment.resources ?? []).toEqual([]);
    });
});

describe("examples/yaml-openapi through the YAML language host: your own OpenAPI file, a Lambda function and an EXPRESS state machine", () => {
    let p: Project;
    const stackName = "secure-api-example-yaml-openapi-dev";

    beforeAll(() => {
        p = project("examples-yaml-openapi", path.join(ROOT, "examples", "yaml-openapi", "Pulumi.yaml"), "../../provider", [
            "openapi.yaml",
        ]);
        ok(p.pulumi("stack", "init", "dev"), "stack init");
        ok(p.pulumi("config", "set", "aws:region", "us-east-1"), "config set");
    });
    afterAll(() => {
        p?.pulumi("destroy", "--yes", "--skip-preview");
    });

    test("up: every operation of the file needs the key but the public one; the integration role may start that state machine only", () => {
        ok(p.pulumi("up", "--yes", "--skip-preview"), "up");
        const resources: (StateResource & { outputs?: Record<string, unknown> })[] = JSON.parse(
            ok(p.pulumi("stack", "export"), "stack export"),
        ).deployment.resources;
        const shop = resources.find(r => r.type === SECURE)!;
        expect(shop.urn).toMatch(/::shop$/);
        const body = resources.find(r => r.parent === shop.urn && r.type === "aws:apigateway/restApi:RestApi")!.inputs!.body as string;
        const doc = JSON.parse(body);
        const security = Object.fromEntries(
            Object.entries<Record<string, { security: unknown }>>(doc.paths).flatMap(([route, ops]) =>
                Object.entries(ops).map(([verb, op]) => [`${verb.toUpperCase()} ${route}`, op.security]),
            ),
        );
        expect(security).toEqual({ "GET /orders/{id}": [{ api_key: [] }], "POST /checkout": [{ api_key: [] }], "GET /health": [] });
        expect(doc.info).toMatchObject({ version: "1.0", description: "Orders, a checkout workflow and a health check." });
        const machine = resources.find(r => r.type === "aws:sfn/stateMachine:StateMachine")!;
        expect(machine.outputs?.type).toBe("EXPRESS");
        const role = resources.find(r => r.parent === shop.urn && r.type === "aws:iam/role:Role")!;
        expect(role.inputs?.name).toBe(`${stackName}-states-checkout`);
        const policy = resources.find(r => r.parent === shop.urn && r.type === "aws:iam/rolePolicy:RolePolicy")!;
        expect(JSON.parse(String(policy.inputs?.policy)).Statement).toEqual([
            { Effect: "Allow", Action: "states:StartSyncExecution", Resource: machine.outputs?.arn },
        ]);
        expect(doc.paths["/checkout"].post["x-amazon-apigateway-integration"].credentials).toBe(role.outputs?.arn);
        const outputs = JSON.parse(ok(p.pulumi("stack", "output", "--json"), "stack output"));
        expect(outputs.APIKey).toBe("[secret]");
        expect(JSON.parse(outputs.OpenApiDocument)).toEqual(doc);
    });

    test("a second preview changes nothing; destroy removes every resource", () => {
        ok(p.pulumi("preview", "--expect-no-changes"), "preview --expect-no-changes");
        ok(p.pulumi("destroy", "--yes", "--skip-preview"), "destroy");
        expect(JSON.parse(ok(p.pulumi("stack", "export"), "stack export")).deployment.resources ?? []).toEqual([]);
    });
});

test("the stand-in's partial aws schema is what binds the programs: a type outside it fails to bind", () => {
    const dir = path.join(requireEnv("E2E_WORK"), "yaml-unbound");
    fs.mkdirSync(path.join(dir, "state"), { recursive: true });
    fs.writeFileSync(
        path.join(dir, "Pulumi.yaml"),
        ["name: yaml-unbound", "runtime: yaml", "resources:", "  bucket:", "    type: aws:s3:Bucket", ""].join("\n"),
    );
    const env = { ...process.env, PATH: searchPath(), PULUMI_BACKEND_URL: `file://${path.join(dir, "state")}` };
    const cli = (...args: string[]) =>
        spawnSync(requireEnv("PULUMI_CLI"), [...args, "--non-interactive"], { cwd: dir, env, encoding: "utf8" });
    expect(cli("stack", "init", "dev").status).toBe(0);
    const preview = cli("preview");
    expect(preview.status).not.toBe(0);
    expect(`${preview.stdout}${preview.stderr}`).toMatch(/unable to find resource type "aws:s3:Bucket" in resource provider "aws"/);
});
