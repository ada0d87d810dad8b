// The SecureHttpApi examples against the SDK `make build` builds, without a
// Pulumi CLI or AWS: examples/http-api (TypeScript) type-checks and runs under
// mocks with its default and given settings; examples/http-api-yaml uses only
// types, properties, enum values and outputs that exist. Both also run under
// the real engine (e2e/nodejs/httpApi.test.ts, e2e/yaml/programs.test.ts).
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { canonical, yamlProblems } from "./yamlProgram";

const ROOT = path.join(__dirname, "..", "..");
const DIR = path.join(ROOT, "examples", "http-api");
const YAML = path.join(ROOT, "examples", "http-api-yaml", "Pulumi.yaml");

jest.setTimeout(300_000);

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

describe("examples/http-api (TypeScript)", () => {
    test("depends on the SDK, aws and pulumi only; runs the local plugin", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(DIR, "package.json"), "utf8"));
        expect(Object.keys(pkg.dependencies).sort()).toEqual(["@pulumi-secure-api/secure-api", "@pulumi/aws", "@pulumi/pulumi"]);
        expect(fs.readFileSync(path.join(DIR, "Pulumi.yaml"), "utf8")).toMatch(/path: \.\.\/\.\.\/provider$/m);
    });

    test("type-checks (tsc --noEmit) against the built SDK", () => {
        const r = run([require.resolve("typescript/bin/tsc"), "-p", DIR, "--noEmit"]);
        expect(r.output).toBe("");
        expect(r.status).toBe(0);
    });

    test.each([
        ["its defaults", {}],
        [
            "an issuer, an audience and an origin of its own",
            {
                "secure-api-example:issuer": "https://login.example.com/",
                "secure-api-example:audience": "orders",
                "secure-api-example:appOrigin": "https://app.example.com",
            },
        ],
    ])("runs under mocks with %s: one SecureHttpApi in front of a Lambda function", (_name, config) => {
        const r = run([path.join(__dirname, "runExampleUnderMocks.js"), path.join(DIR, "index.ts")], {
            PULUMI_CONFIG: JSON.stringify(config),
        });
        expect(r.status).toBe(0);
        const line = r.output.split("\n").find(l => l.startsWith("RESULT "));
        expect(line).toBeDefined();
        const { registrations, exports } = JSON.parse(line!.slice("RESULT ".length));
        expect(registrations.filter((t: string) => t.startsWith("secure-api:"))).toEqual(["secure-api:index:SecureHttpApi"]);
        expect(registrations).toContain("aws:lambda/function:Function");
        expect(exports).toEqual(["APIEndpoint", "OrdersURL", "APIIAMRoleARN"]);
    });
});

describe("examples/http-api-yaml (Pulumi YAML)", () => {
    test("uses only resource types, properties, enum values and outputs that exist", () => {
        expect(yamlProblems(YAML, ["APIEndpoint", "APIIAMRoleARN"])).toEqual([]);
    });

    test("one SecureHttpApi with a Lambda handler, the local plugin, a JWT route and the catch-all", () => {
        const doc = parseYaml(fs.readFileSync(YAML, "utf8"));
        const types = Object.values(doc.resources as Record<string, { type: string }>).map(r => canonical(r.type));
        expect(types.filter(t => t.startsWith("secure-api:"))).toEqual(["secure-api:index:SecureHttpApi"]);
        expect(types).toContain("aws:lambda/function:Function");
        expect(doc.plugins.providers).toEqual([{ name: "secure-api", path: "../../provider" }]);
        const routes = doc.resources.httpApi.properties.routes;
        expect(routes.map((r: { path: string }) => r.path)).toEqual(["/orders", "/me", "$default"]);
        expect(routes[1].authorizer.type).toBe("jwt");
    });

    test("the YAML check catches a wrong property of the component", () => {
        const tmp = fs.mkdtempSync(path.join(require("os").tmpdir(), "yaml-http-"));
        const bad = path.join(tmp, "Pulumi.yaml");
        fs.writeFileSync(bad, fs.readFileSync(YAML, "utf8").replace("useRole: true", "useRoles: true"));
        expect(yamlProblems(bad, [])).toEqual([expect.stringContaining("useRoles")]);
    });
});
