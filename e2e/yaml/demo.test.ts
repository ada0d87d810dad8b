// `make demo` (scripts/demo.sh) as README's first command runs it: no input,
// its own PULUMI_HOME, moto and state. It must do the main job end to end:
// up, the key equal to SSM, a call refused without the key and accepted with
// it, destroy of everything it created; and say what is simulated.
import { spawnSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

test("make demo's script deploys Pulumi.yaml, calls a route with and without the key, destroys", () => {
    const env = { ...process.env };
    // The demo sets up its own; nothing of the suite's environment may be what makes it pass.
    for (const v of ["PULUMI_HOME", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE", "AWS_ENDPOINT_URL", "PULUMI_SECURE_API_CACHE"])
        delete env[v];
    const r = spawnSync("bash", [path.join(ROOT, "scripts", "demo.sh")], {
        cwd: ROOT,
        env,
        encoding: "utf8",
        stdio: ["ignore", "pipe", "pipe"],
        timeout: 300_000,
    });
    const out = `${r.stdout}${r.stderr}`;
    if (r.status !== 0) throw new Error(`demo exited ${r.status}:\n${out.slice(-4000)}`);
    expect(out).toMatch(/^ {2}SIMULATED {2}AWS\. Nothing is created in any AWS account/m);
    expect(out).toMatch(/\[\/secure-api-demo-dev\/api-key\] Creating new SSM Parameter\.\.\./);
    const created = Number(/^ {4}\+ (\d+) created$/m.exec(out)?.[1]);
    expect(created).toBeGreaterThan(15);
    expect(out).toMatch(/^ {4}APIKey +: \[secret\]$/m);
    expect(out).toContain("= the SecureString SSM parameter /secure-api-demo-dev/api-key (in moto)");
    // Refused without the key, accepted with it, in that order.
    const refused = out.indexOf("HTTP/1.1 403 Forbidden");
    const accepted = out.indexOf("HTTP/1.1 200 OK");
    expect(refused).toBeGreaterThan(0);
    expect(accepted).toBeGreaterThan(refused);
    expect(out).toContain('{"message":"Forbidden"}');
    expect(out).toContain('{"message":"hello from pulumi-secure-api","method":"GET","path":"/hello"}');
    expect(Number(/^ {4}- (\d+) deleted$/m.exec(out)?.[1])).toBe(created);
});
