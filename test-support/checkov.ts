// Runs checkov (pinned in scripts/tool.sh, installed once) on a component's graph,
// written as a Terraform plan (terraformPlan.ts), and on its OpenAPI document
// (checkov's openapi framework); returns which checks passed and which failed, on what.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { TerraformPlan } from "./terraformPlan";

export interface CheckResult {
    /** The check id, e.g. CKV_AWS_76. */
    id: string;
    /** The Terraform address (aws_api_gateway_stage.api) or the document's part the check judged. */
    resource: string;
    name: string;
}

export interface ScanResult {
    passed: CheckResult[];
    failed: CheckResult[];
}

const ROOT = path.join(__dirname, "..");
let checkovPath: string | undefined;

/** The pinned checkov's executable (installed by scripts/tool.sh on first use). */
export function checkov(): string {
    checkovPath ??= execFileSync("bash", [path.join(ROOT, "scripts", "tool.sh"), "checkov"], { encoding: "utf8" }).trim();
    return checkovPath;
}

function run(file: string, framework: "terraform_plan" | "openapi"): ScanResult {
    const r = spawnSync(
        checkov(),
        ["--file", file, "--framework", framework, "--output", "json", "--compact", "--skip-download", "--soft-fail"],
        {
            encoding: "utf8",
            maxBuffer: 64 * 1024 * 1024,
            // No network: no platform, no version check, no policy download.
            env: { ...process.env, BC_SKIP_MAPPING: "TRUE", CHECKOV_RUN_SCA_PACKAGE_SCAN_V2: "false", LOG_LEVEL: "WARNING" },
        },
    );
    if (r.status !== 0) throw new Error(`checkov failed (${r.status}) on ${file}:\n${r.stderr}\n${r.stdout.slice(0, 2000)}`);
    const out = JSON.parse(r.stdout);
    // One report per framework; an empty scan is {"passed": 0, ...} with no results.
    const reports = (Array.isArray(out) ? out : [out]).filter(x => x.results);
    const pick = (key: "passed_checks" | "failed_checks") =>
        reports.flatMap(rep =>
            (rep.results[key] as { check_id: string; resource: string; check_name: string }[]).map(c => ({
                id: c.check_id,
                resource: c.resource,
                name: c.check_name,
            })),
        );
    return { passed: pick("passed_checks"), failed: pick("failed_checks") };
}

/** checkov on the plan and on the OpenAPI document (JSON text), together. */
export function scan(plan: TerraformPlan, openApiDocument?: string): ScanResult {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "secure-api-checkov-"));
    try {
        fs.writeFileSync(path.join(dir, "plan.json"), JSON.stringify(plan, null, 2));
        const results = [run(path.join(dir, "plan.json"), "terraform_plan")];
        if (openApiDocument !== undefined) {
            fs.writeFileSync(path.join(dir, "openapi.json"), openApiDocument);
            results.push(run(path.join(dir, "openapi.json"), "openapi"));
        }
        return { passed: results.flatMap(r => r.passed), failed: results.flatMap(r => r.failed) };
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** Check ids, each once, sorted. */
export const ids = (checks: readonly CheckResult[]) => [...new Set(checks.map(c => c.id))].sort();
