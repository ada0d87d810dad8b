// The example programs (examples/*) and the root demo (Pulumi.yaml) are
// checked against the SDKs `make build` builds, without a Pulumi CLI or AWS:
// the TypeScript one type-checks and runs under mocks, the Go one compiles
// (go vet), and every resource type, property, enum value and output the YAML
// programs use exists (secure-api ones in schema.yaml, aws ones in the aws
// SDK). The Python example is checked by sdk-tests/python/test_example.py.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { canonical, yamlProblems as yamlFileProblems } from "./yamlProgram";

const ROOT = path.join(__dirname, "..", "..");
const EXAMPLES = path.join(ROOT, "examples");
const STACK_OUTPUTS = ["APIEndpoint", "APIKey", "APIIAMUserCredentials", "APIIAMRoleARN"];

jest.setTimeout(300_000);

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(cmd, args, { cwd, env: { ...process.env, ...env }, encoding: "utf8" });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

describe("examples/typescript", () => {
    const dir = path.join(EXAMPLES, "typescript");

    test("resolves @pulumi-secure-api/secure-api to the SDK built in sdk/nodejs/bin", () => {
        const resolved = fs.realpathSync(require.resolve("@pulumi-secure-api/secure-api", { paths: [dir] }));
        expect(resolved).toBe(path.join(ROOT, "sdk", "nodejs", "bin", "index.js"));
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
        expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi-secure-api/secure-api", "@pulumi/aws", "@pulumi/pulumi"]);
    });

    test("type-checks (tsc --noEmit) against the built SDK", () => {
        const r = run(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", dir, "--noEmit"], ROOT);
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    test("runs under mocks: both components, one Lambda, the four stack outputs", async () => {
        const r = run(process.execPath, [path.join(__dirname, "runExampleUnderMocks.js"), path.join(dir, "index.ts")], ROOT);
        expect(r.status).toBe(0);
        const line = r.output.split("\n").find(l => l.startsWith("RESULT "));
        expect(line).toBeDefined();
        const { registrations, exports } = JSON.parse(line!.slice("RESULT ".length));
        expect(registrations.filter((t: string) => t.startsWith("secure-api:")).sort()).toEqual([
            "secure-api:index:IAMSecureRestApi",
            "secure-api:index:SecureRestApi",
        ]);
        expect(registrations).toContain("aws:lambda/function:Function");
        expect(exports).toEqual(expect.arrayContaining(STACK_OUTPUTS));
    });
});

test("examples/go compiles (go vet) against the Go SDK through its replace", () => {
    const dir = path.join(EXAMPLES, "go");
    expect(fs.readFileSync(path.join(dir, "go.mod"), "utf8")).toMatch(
        /^replace github\.com\/pulumi-secure-api\/pulumi-secure-api\/sdk => \.\.\/\.\.\/sdk$/m,
    );
    const r = run("go", ["vet", "./..."], dir, { GOFLAGS: "-mod=mod", GOSUMDB: "off" });
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
    const main = fs.readFileSync(path.join(dir, "main.go"), "utf8");
    for (const name of STACK_OUTPUTS) expect(main).toContain(`ctx.Export("${name}"`);
});

// ---- Pulumi YAML programs (checked by yamlProgram.ts) ----

const yamlProblems = (file: string) => yamlFileProblems(file, STACK_OUTPUTS);

describe.each([
    ["examples/yaml/Pulumi.yaml", "../../provider"],
    ["Pulumi.yaml", "./provider"],
])("%s", (file, pluginPath) => {
    const full = path.join(ROOT, file);

    test("uses only resource types, properties, enum values and outputs that exist", () => {
        expect(yamlProblems(full)).toEqual([]);
    });

    test("deploys both components with a Lambda handler and runs the local secure-api plugin", () => {
        const doc = parseYaml(fs.readFileSync(full, "utf8"));
        const types = Object.values(doc.resources as Record<string, { type: string }>).map(r => canonical(r.type));
        expect(types).toEqual(
            expect.arrayContaining(["secure-api:index:SecureRestApi", "secure-api:index:IAMSecureRestApi", "aws:lambda/function:Function"]),
        );
        expect(doc.plugins.providers).toEqual([{ name: "secure-api", path: pluginPath }]);
        const plugin = path.resolve(path.dirname(full), pluginPath);
        expect(fs.existsSync(path.join(plugin, "PulumiPlugin.yaml"))).toBe(true);
        expect(JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8")).name).toBe("pulumi-resource-secure-api");
        expect(doc.outputs.APIKey).toEqual({ "fn::secret": expect.stringMatching(/^\$\{\w+\.apiKey\}$/) });
    });
});

describe("examples/yaml-openapi/Pulumi.yaml", () => {
    const dir = path.join(EXAMPLES, "yaml-openapi");
    const file = path.join(dir, "Pulumi.yaml");
    const doc = parseYaml(fs.readFileSync(file, "utf8"));

    test("uses only resource types, properties, enum values and outputs that exist", () => {
        expect(yamlFileProblems(file, ["APIEndpoint", "APIKey"])).toEqual([]);
    });

    test("reads its definition file and binds each of its operations without an integration: a Lambda function, an EXPRESS state machine", () => {
        const shop = doc.resources.shop;
        expect(canonical(shop.type)).toBe("secure-api:index:SecureRestApi");
        expect(shop.properties.openApiDefinition).toEqual({ "fn::readFile": "./openapi.yaml" });
        const definition = parseYaml(fs.readFileSync(path.join(dir, "openapi.yaml"), "utf8"));
        const ops = Object.values<Record<string, any>>(definition.paths).flatMap(item => Object.values<any>(item));
        const unbound = ops.filter(op => !op["x-amazon-apigateway-integration"]).map(op => op.operationId);
        expect(Object.keys(shop.properties.operations).sort()).toEqual(unbound.sort());
        const target = (ref: string) => doc.resources[/^\$\{(\w+)\}$/.exec(ref)![1]];
        expect(canonical(target(shop.properties.operations.getOrder.handler).type)).toBe("aws:lambda/function:Function");
        const machine = target(shop.properties.operations.checkout.stateMachine);
        expect([canonical(machine.type), machine.properties.type]).toEqual(["aws:sfn/stateMachine:StateMachine", "EXPRESS"]);
        expect(shop.properties.publicOperations).toEqual(["GET /health"]);
        expect(doc.plugins.providers).toEqual([{ name: "secure-api", path: "../../provider" }]);
        expect(doc.outputs.APIKey).toEqual({ "fn::secret": "${shop.apiKey}" });
    });
});

test("the YAML check catches a wrong type, property, enum value and output", () => {
    const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "yaml-check-"));
    const bad = fs
        .readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")
        .replace("type: aws:lambda:Function", "type: aws:lambda:Funktion")
        .replace("useRole: true", "useRoles: true")
        .replace("methods: [GET, POST]", "methods: [GET, FETCH]")
        .replace("${iamApi.apiIamRoleArn}", "${iamApi.roleArn}");
    const file = path.join(tmp, "Pulumi.yaml");
    fs.writeFileSync(file, bad);
    try {
        expect(yamlProblems(file)).toEqual(
            expect.arrayContaining([
                "resources.handler: unknown type aws:lambda:Funktion",
                "resources.iamApi.properties.useRoles: not an input of secure-api:index:IAMSecureRestApi",
                'resources.keyedApi.properties.routes[1].methods[1]: "FETCH" is not one of OPTIONS, GET, HEAD, PUT, POST, DELETE, PATCH, ANY',
                "${iamApi.roleArn}: secure-api:index:IAMSecureRestApi has no output roleArn",
            ]),
        );
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
});
