// The resource policy of a PRIVATE API: only the given VPC endpoints may call
// it (a private API without one is unreachable). API Gateway rejects a
// resource policy over 8,192 characters ("Length, in characters, of API
// Gateway resource policy", REST API quotas), so its length is checked before
// the RestApi is created: at construction when the endpoint ids are plain,
// else when they resolve.
import * as pulumi from "@pulumi/pulumi";
import { InputChecker, showValue } from "./inputErrors";

export const API_POLICY_MAX_CHARS = 8192;

export function privateApiPolicyDocument(vpcEndpointIds: readonly string[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: "execute-api:/*",
            Condition: { StringEquals: { "aws:SourceVpce": vpcEndpointIds } },
        }],
    });
}

function lengthProblem(policy: string, ids: readonly string[]): string | undefined {
    if (policy.length <= API_POLICY_MAX_CHARS) return undefined;
    return `the PRIVATE API's resource policy would be ${policy.length} characters with ${ids.length} VPC endpoints, ` +
        `more than API Gateway's limit of ${API_POLICY_MAX_CHARS}`;
}

/** The policy for `vpcEndpointIds`, length-checked now if they are plain, else in the apply (the RestApi is then never created). */
export function privateApiPolicy(vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]> | undefined, check: InputChecker): pulumi.Input<string> {
    const ids = vpcEndpointIds ?? [];
    if (Array.isArray(ids) && ids.every(id => typeof id === "string")) {
        const plain = ids as string[];
        const policy = privateApiPolicyDocument(plain);
        const problem = lengthProblem(policy, plain);
        if (problem) check.fail("vpcEndpointIds", plain, problem);
        return policy;
    }
    const label = check.component;
    return pulumi.output(ids).apply(resolved => {
        const policy = privateApiPolicyDocument(resolved);
        const problem = lengthProblem(policy, resolved);
        if (problem) throw new pulumi.RunError(`${label}: vpcEndpointIds ${showValue(resolved)} is invalid: ${problem}`);
        return policy;
    });
}
