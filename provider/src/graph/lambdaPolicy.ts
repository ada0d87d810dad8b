// A Lambda function's resource-based policy as Lambda stores it (GetPolicy):
// every AddPermission becomes one statement in one JSON document, and Lambda
// refuses a permission once that document would pass 20,480 bytes
// (PolicyLengthExceededException; Lambda quotas, "Function resource-based
// policy: 20 KB"). This renders the statements this package adds, so their
// size is known at construction, before anything is deployed.

/** Lambda's cap on a function's whole resource policy, in bytes. */
export const LAMBDA_POLICY_LIMIT_BYTES = 20_480;
/**
 * The most one component lets its own statements take of a function's policy:
 * the remaining 4 KB are left for statements the user adds (other triggers,
 * other APIs sharing the function).
 */
export const LAMBDA_POLICY_BUDGET_BYTES = 16_384;

/** One lambda:InvokeFunction grant to API Gateway, limited to source ARNs matching `sourceArn`. */
export interface InvokeStatement {
    readonly sid: string;
    readonly functionArn: string;
    readonly sourceArn: string;
}

/** The policy document Lambda would hold with exactly these statements. */
export function lambdaPolicyJson(statements: readonly InvokeStatement[]): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Id: "default",
        Statement: statements.map(s => ({
            Sid: s.sid,
            Effect: "Allow",
            Principal: { Service: "apigateway.amazonaws.com" },
            Action: "lambda:InvokeFunction",
            Resource: s.functionArn,
            Condition: { ArnLike: { "AWS:SourceArn": s.sourceArn } },
        })),
    });
}

export function lambdaPolicyBytes(statements: readonly InvokeStatement[]): number {
    return Buffer.byteLength(lambdaPolicyJson(statements), "utf8");
}

// At construction the function's name, the account, the region and the API id
// are not known yet: each is replaced by a stand-in at least as long as the
// real value can be, so a size computed with them is an upper bound.
const LONGEST = {
    partition: "x".repeat("aws-us-gov".length), // the longest partition name
    region: "x".repeat(20), // the longest region names have 15 characters ("us-isof-south-1")
    account: "0".repeat(12),
    apiId: "x".repeat(10), // API Gateway REST API ids have 10 characters
    functionName: "x".repeat(64), // Lambda's limit on function names
};

/** A function ARN at least as long as any real (unqualified) one. */
export const LONGEST_FUNCTION_ARN = `arn:${LONGEST.partition}:lambda:${LONGEST.region}:${LONGEST.account}:function:${LONGEST.functionName}`;
/** A Lambda invoke ARN (an integration's or authorizer's uri) at least as long as any real one. */
export const LONGEST_INVOKE_ARN = `arn:${LONGEST.partition}:apigateway:${LONGEST.region}:lambda:path/2015-03-31/functions/${LONGEST_FUNCTION_ARN}/invocations`;
/** A REST API execution ARN at least as long as any real one. */
export const LONGEST_EXECUTION_ARN = `arn:${LONGEST.partition}:execute-api:${LONGEST.region}:${LONGEST.account}:${LONGEST.apiId}`;
