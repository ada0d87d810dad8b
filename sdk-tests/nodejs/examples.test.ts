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
        expect(registrations.filter((t: string) => t.startsWith("secure-api:")).sort())
            .toEqual(["secure-api:index:IAMSecureRestApi", "secure-api:index:SecureRestApi"]);
        expect(registrations).toContain("aws:lambda/function:Function");
        expect(exports).toEqual(expect.arrayContaining(STACK_OUTPUTS));
    });
});

test("examples/go compiles (go vet) against the Go SDK through its replace", () => {
    const dir = path.join(EXAMPLES, "go");
    expect(fs.readFileSync(path.join(dir, "go.mod"), "utf8"))
        .toMatch(/^replace github\.com\/pulumi-secure-api\/pulumi-secure-api\/sdk => \.\.\/\.\.\/sdk$/m);
    const r = run("go", ["vet", "./..."], dir, { GOFLAGS: "-mod=mod", GOSUMDB: "off" });
    expect(r.output).toBe("");
    expect(r.status).toBe(0);
    const main = fs.readFileSync(path.join(dir, "main.go"), "utf8");
    for (const name of STACK_OUTPUTS) expect(main).toContain(`ctx.Export("${name}"`);
});

// ---- Pulumi YAML programs ----

const schema = parseYaml(fs.readFileSync(path.join(ROOT, "schema.yaml"), "utf8"));

/** aws:iam:Role → aws:iam/role:Role (Pulumi YAML accepts both). */
function canonical(token: string): string {
    const [pkg, mod, member] = token.split(":");
    if (member === undefined || mod.includes("/") || mod === "index") return token;
    return `${pkg}:${mod}/${member[0].toLowerCase()}${member.slice(1)}:${member}`;
}

interface TypeInfo { inputs: Set<string>; outputs: Set<string>; check?: (props: Record<string, unknown>, at: string, problems: string[], resources: Record<string, any>) => void }

/** Input and output names of an aws resource, read from the aws SDK's own resource class. */
function awsType(token: string): TypeInfo | undefined {
    const m = /^aws:([^/]+)\/([^:]+):(\w+)$/.exec(token);
    if (!m) return undefined;
    let file: string;
    try {
        file = require.resolve(`@pulumi/aws/${m[1]}/${m[2]}.js`);
    } catch {
        return undefined;
    }
    if ((require(file) as Record<string, { __pulumiType?: string }>)[m[3]]?.__pulumiType !== token) return undefined;
    const src = fs.readFileSync(file, "utf8");
    const names = (re: RegExp) => new Set([...src.matchAll(re)].map(x => x[1]));
    return { inputs: names(/resourceInputs\["(\w+)"\] = args/g), outputs: names(/resourceInputs\["(\w+)"\]/g) };
}

/** Checks a value against a schema.yaml property (types, enums, nested objects, resource refs). */
function checkValue(value: unknown, prop: any, at: string, problems: string[], resources: Record<string, any>) {
    if (typeof value === "string" && /^\$\{[^}]+\}$/.test(value) && !prop.$ref?.startsWith("/aws/")) return; // an interpolated output
    const ref: string | undefined = prop.$ref;
    if (ref?.startsWith("/aws/")) {
        // A resource reference: `${name}` of a resource of that aws type.
        const wanted = decodeURIComponent(ref.split("#/resources/")[1]);
        const name = typeof value === "string" ? /^\$\{(\w+)\}$/.exec(value)?.[1] : undefined;
        const got = name && resources[name] ? canonical(resources[name].type) : undefined;
        if (got !== wanted) problems.push(`${at}: want a reference \${name} to a ${wanted}, got ${JSON.stringify(value)}`);
        return;
    }
    if (ref?.startsWith("#/types/")) {
        const t = schema.types[ref.slice("#/types/".length)];
        if (t.enum) {
            if (!t.enum.some((e: any) => e.value === value)) problems.push(`${at}: ${JSON.stringify(value)} is not one of ${t.enum.map((e: any) => e.value).join(", ")}`);
            return;
        }
        if (typeof value !== "object" || value === null || Array.isArray(value)) { problems.push(`${at}: want an object`); return; }
        for (const [k, v] of Object.entries(value)) {
            if (!t.properties[k]) problems.push(`${at}.${k}: no such property of ${ref.slice("#/types/".length)}`);
            else checkValue(v, t.properties[k], `${at}.${k}`, problems, resources);
        }
        for (const req of t.required ?? []) if (!(req in (value as object))) problems.push(`${at}.${req}: required`);
        return;
    }
    switch (prop.type) {
        case "array":
            if (!Array.isArray(value)) problems.push(`${at}: want a list`);
            else value.forEach((v, i) => checkValue(v, prop.items, `${at}[${i}]`, problems, resources));
            return;
        case "object":
            if (typeof value !== "object" || value === null) problems.push(`${at}: want a map`);
            return;
        case "string": case "integer": case "number": case "boolean": {
            const ok = prop.type === "string" ? typeof value === "string"
                : prop.type === "boolean" ? typeof value === "boolean"
                    : typeof value === "number" && (prop.type === "number" || Number.isInteger(value));
            if (!ok) problems.push(`${at}: want a ${prop.type}, got ${JSON.stringify(value)}`);
        }
    }
}

function secureApiType(token: string): TypeInfo | undefined {
    const res = schema.resources[token];
    if (!res) return undefined;
    return {
        inputs: new Set(Object.keys(res.inputProperties)),
        outputs: new Set(Object.keys(res.properties)),
        check: (props, at, problems, resources) => {
            for (const [k, v] of Object.entries(props)) {
                if (res.inputProperties[k]) checkValue(v, res.inputProperties[k], `${at}.${k}`, problems, resources);
            }
        },
    };
}

function yamlProblems(file: string): string[] {
    const doc = parseYaml(fs.readFileSync(file, "utf8"));
    const problems: string[] = [];
    if (doc.runtime !== "yaml") problems.push(`runtime is ${JSON.stringify(doc.runtime)}, want yaml`);
    const resources: Record<string, any> = doc.resources ?? {};
    const types = new Map<string, TypeInfo>();
    for (const [name, r] of Object.entries(resources)) {
        const token = canonical(r.type);
        const info = token.startsWith("secure-api:") ? secureApiType(token) : awsType(token);
        if (!info) { problems.push(`resources.${name}: unknown type ${r.type}`); continue; }
        types.set(name, info);
        for (const k of Object.keys(r.properties ?? {})) {
            if (!info.inputs.has(k)) problems.push(`resources.${name}.properties.${k}: not an input of ${token}`);
        }
        info.check?.(r.properties ?? {}, `resources.${name}.properties`, problems, resources);
        for (const k of Object.keys(r.options ?? {})) {
            if (!["dependsOn", "parent", "provider", "providers", "protect", "ignoreChanges", "aliases", "deleteBeforeReplace", "version", "additionalSecretOutputs", "customTimeouts", "import", "retainOnDelete", "replaceOnChanges"].includes(k)) {
                problems.push(`resources.${name}.options.${k}: not a resource option`);
            }
        }
    }
    // Every ${resource.property} anywhere in the program names a real resource and output.
    for (const m of JSON.stringify(doc).matchAll(/\$\{([A-Za-z]\w*)(?:\.([A-Za-z]\w*))?[^}]*\}/g)) {
        const [ref, res, prop] = m;
        if (res === "pulumi") continue;
        const info = types.get(res);
        if (!resources[res]) problems.push(`${ref}: no resource ${res}`);
        else if (prop && info && !info.outputs.has(prop)) problems.push(`${ref}: ${resources[res].type} has no output ${prop}`);
    }
    for (const name of STACK_OUTPUTS) if (!(name in (doc.outputs ?? {}))) problems.push(`outputs.${name}: missing`);
    return problems;
}

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
        expect(types).toEqual(expect.arrayContaining(["secure-api:index:SecureRestApi", "secure-api:index:IAMSecureRestApi", "aws:lambda/function:Function"]));
        expect(doc.plugins.providers).toEqual([{ name: "secure-api", path: pluginPath }]);
        const plugin = path.resolve(path.dirname(full), pluginPath);
        expect(fs.existsSync(path.join(plugin, "PulumiPlugin.yaml"))).toBe(true);
        expect(JSON.parse(fs.readFileSync(path.join(plugin, "package.json"), "utf8")).name).toBe("pulumi-resource-secure-api");
        expect(doc.outputs.APIKey).toEqual({ "fn::secret": expect.stringMatching(/^\$\{\w+\.apiKey\}$/) });
    });
});

test("the YAML check catches a wrong type, property, enum value and output", () => {
    const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "yaml-check-"));
    const bad = fs.readFileSync(path.join(EXAMPLES, "yaml", "Pulumi.yaml"), "utf8")
        .replace("type: aws:lambda:Function", "type: aws:lambda:Funktion")
        .replace("useRole: true", "useRoles: true")
        .replace("methods: [GET, POST]", "methods: [GET, FETCH]")
        .replace("${iamApi.apiIamRoleArn}", "${iamApi.roleArn}");
    const file = path.join(tmp, "Pulumi.yaml");
    fs.writeFileSync(file, bad);
    try {
        expect(yamlProblems(file)).toEqual(expect.arrayContaining([
            "resources.handler: unknown type aws:lambda:Funktion",
            "resources.iamApi.properties.useRoles: not an input of secure-api:index:IAMSecureRestApi",
            "resources.keyedApi.properties.routes[1].methods[1]: \"FETCH\" is not one of OPTIONS, GET, HEAD, PUT, POST, DELETE, PATCH, ANY",
            "${iamApi.roleArn}: secure-api:index:IAMSecureRestApi has no output roleArn",
        ]));
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
});
