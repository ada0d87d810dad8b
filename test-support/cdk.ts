// AWS CDK's own SpecRestApi and StepFunctionsRestApi, synthesized to
// CloudFormation by aws-cdk-lib (installed once by `bash scripts/tool.sh
// aws-cdk-lib`; SECURE_API_CDK_PYTHON overrides) for comparison with ours.
import { spawnSync } from "child_process";
import * as path from "path";

export type CfnTemplate = { Resources: Record<string, { Type: string; Properties?: Record<string, any> }> };

function cdkPython(): string {
    const given = process.env.SECURE_API_CDK_PYTHON;
    if (given) return given;
    const r = spawnSync("bash", [path.join(__dirname, "..", "scripts", "tool.sh"), "aws-cdk-lib"], { encoding: "utf8", timeout: 900_000 });
    if (r.status !== 0) throw new Error(`cannot install aws-cdk-lib (bash scripts/tool.sh aws-cdk-lib):\n${r.stderr}`);
    return r.stdout.trim();
}

export interface CdkPeerInput {
    readonly account: string;
    readonly region: string;
    readonly definition: Record<string, unknown>;
    readonly stateMachine: { readonly name: string };
    readonly options?: Record<string, unknown>;
}

/** Both stacks' templates (one synth: about 15 s on 2 cores). */
export function synthCdk(input: CdkPeerInput): { spec: CfnTemplate; stepFunctions: CfnTemplate } {
    const r = spawnSync(cdkPython(), [path.join(__dirname, "cdk", "synth.py")], {
        input: JSON.stringify(input),
        encoding: "utf8",
        timeout: 300_000,
        maxBuffer: 64 * 1024 * 1024,
    });
    if (r.status !== 0) throw new Error(`test-support/cdk/synth.py failed (${r.status}):\n${r.stderr.slice(-4000)}`);
    return JSON.parse(r.stdout);
}

/** The resources of one CloudFormation type. */
export const resourcesOf = (t: CfnTemplate, type: string) =>
    Object.entries(t.Resources)
        .filter(([, r]) => r.Type === type)
        .map(([id, r]) => ({ id, ...r }));

/** A Fn::Join of strings and Refs, with each Ref replaced by `refs[logicalId]` (e.g. a state machine's ARN). */
export function joined(value: unknown, refs: Record<string, string>): string {
    if (typeof value === "string") return value;
    const join = (value as { "Fn::Join"?: [string, unknown[]] })["Fn::Join"];
    if (!join) throw new Error(`not a string or Fn::Join: ${JSON.stringify(value)}`);
    return join[1]
        .map(part => {
            if (typeof part === "string") return part;
            const ref = (part as { Ref?: string }).Ref;
            if (ref && ref in refs) return refs[ref];
            throw new Error(`unresolved part ${JSON.stringify(part)}`);
        })
        .join(join[0]);
}
