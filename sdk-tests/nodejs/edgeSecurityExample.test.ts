// examples/edge-security against the SDK `make build` builds, without a Pulumi
// CLI or AWS: it type-checks, and runs under mocks with and without its
// optional settings (custom domain, WAF, source IPs), as examples.test.ts does
// for the other TypeScript example.
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");
const DIR = path.join(ROOT, "examples", "edge-security");

jest.setTimeout(300_000);

function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8" });
    return { status: r.status, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

test("depends on the SDK, aws and pulumi only, like examples/typescript", () => {
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
    ["defaults (CORS only)", {}],
    [
        "a custom domain, WAF and source IPs",
        {
            "secure-api-example:domainName": "api.example.com",
            "secure-api-example:certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555",
            "secure-api-example:hostedZoneId": "Z1D633PJN98FT9",
            "secure-api-example:waf": "true",
            "secure-api-example:allowedSourceIps": '["203.0.113.0/24"]',
        },
    ],
])("runs under mocks with %s: one SecureRestApi in front of a Lambda function", (_name, config) => {
    const r = run([path.join(__dirname, "runExampleUnderMocks.js"), path.join(DIR, "index.ts")], { PULUMI_CONFIG: JSON.stringify(config) });
    expect(r.status).toBe(0);
    const line = r.output.split("\n").find(l => l.startsWith("RESULT "));
    expect(line).toBeDefined();
    const { registrations, exports } = JSON.parse(line!.slice("RESULT ".length));
    expect(registrations.filter((t: string) => t.startsWith("secure-api:"))).toEqual(["secure-api:index:SecureRestApi"]);
    expect(registrations).toContain("aws:lambda/function:Function");
    expect(exports).toEqual(["APIEndpoint", "APIKey", "DomainURL", "DomainDNSTarget", "ItemsURL"]);
});
