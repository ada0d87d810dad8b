// The resource policy each Lambda function would hold after the recorded
// aws.lambda.Permission registrations, rendered as Lambda stores it (what
// GetPolicy returns: one statement per AddPermission, the function's ARN as
// Resource, the sourceArn as an ArnLike condition), so tests measure the bytes
// Lambda counts against its 20,480-byte cap. Written from AWS's documented
// format, independently of the provider's own renderer.
import type { Recorded } from "./pulumiMocks";

export interface RenderedPolicy {
    readonly json: string;
    readonly bytes: number;
    readonly statements: number;
}

const PERMISSION = "aws:lambda/permission:Permission";
const FUNCTION = "aws:lambda/function:Function";

/** Policy per function name, from every Permission in `resources` (the functions must be among them too). */
export function renderLambdaPolicies(resources: readonly Recorded[]): Map<string, RenderedPolicy> {
    const arnOf = new Map(resources.filter(r => r.type === FUNCTION).map(r => [r.state.name as string, r.state.arn as string]));
    const byFunction = new Map<string, object[]>();
    for (const p of resources.filter(r => r.type === PERMISSION)) {
        const fn: string = p.inputs.function;
        const functionArn = arnOf.get(fn);
        if (!functionArn) throw new Error(`permission ${p.name} names function ${fn}, which was not registered`);
        const statement: Record<string, unknown> = {
            Sid: p.inputs.statementId,
            Effect: "Allow",
            Principal: { Service: p.inputs.principal },
            Action: p.inputs.action,
            Resource: functionArn,
        };
        if (p.inputs.sourceArn !== undefined) statement.Condition = { ArnLike: { "AWS:SourceArn": p.inputs.sourceArn } };
        byFunction.set(fn, [...(byFunction.get(fn) ?? []), statement]);
    }
    return new Map(
        [...byFunction].map(([fn, statements]) => {
            const json = JSON.stringify({ Version: "2012-10-17", Id: "default", Statement: statements });
            return [fn, { json, bytes: Buffer.byteLength(json, "utf8"), statements: statements.length }];
        }),
    );
}
