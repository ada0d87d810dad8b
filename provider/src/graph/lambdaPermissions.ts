// The permissions that let API Gateway invoke the routes' Lambda functions.
// A function's resource policy is capped at 20,480 bytes (lambdaPolicy.ts); one
// statement per method and path passes that at about 60 methods on one
// function, the common "one handler behind many routes" layout. So by default
// (scope STAGE) each distinct function gets two statements, however many
// routes it serves, both limited to this API:
//   {executionArn}/{stage}/*/*             the deployed stage, any method and path
//   {executionArn}/test-invoke-stage/*/*   the console's Test button (the reference library grants it too)
// Scope METHOD grants one statement per method and path on the stage instead
// ({executionArn}/{stage}/{METHOD}{path}), plus the test-invoke one per
// function; its size is checked at construction against a budget below the cap.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";
import type { Handler } from "./integration";
import {
    LAMBDA_POLICY_BUDGET_BYTES,
    LAMBDA_POLICY_LIMIT_BYTES,
    lambdaPolicyBytes,
    LONGEST_EXECUTION_ARN,
    LONGEST_FUNCTION_ARN,
} from "./lambdaPolicy";
import { distinctKeys, NAME_LIMITS, safeName } from "../shared/names";
import { sourceArnSuffix } from "../routes/routeModel";
import type { ApiMethod } from "../routes/routeModel";
import type { LambdaPermissionScope } from "../shared/schema-types";
/** What the permission of an authorizer needs of it (edge/authorizers.ts, edge/httpAuthorizers.ts): its name and its function. */
interface LambdaAuthorizer {
    readonly name: string;
    readonly function?: Handler;
}

export const DEFAULT_PERMISSION_SCOPE: LambdaPermissionScope = "STAGE";
/** The stage name API Gateway's console uses when its Test button invokes a method. */
const TEST_INVOKE_STAGE = "test-invoke-stage";

/** Where an API kind invokes a function from, after its execution ARN. */
export interface InvokeSources {
    /** The whole stage, any method and path (scope STAGE). */
    readonly stageWide: (stage: string) => string;
    /** Whether the console's Test button invokes functions too (it needs a statement of its own). */
    readonly testInvoke: boolean;
}

/** REST APIs: {stage}/{METHOD}/{path}, and the console's test-invoke-stage. */
export const REST_INVOKE_SOURCES: InvokeSources = { stageWide: stage => `/${stage}/*/*`, testInvoke: true };
/**
 * HTTP APIs: {stage}/{METHOD}/{path} and, for the $default route, {stage}/$default
 * (one segment fewer, so {stage}/* covers both); they have no test invocations.
 */
export const HTTP_INVOKE_SOURCES: InvokeSources = { stageWide: stage => `/${stage}/*`, testInvoke: false };

/** One aws.lambda.Permission to create, decided (and size-checked) before anything is registered. */
export interface PlannedPermission {
    /** Its Pulumi name after the component's name: from the function's name or the method, never a route's position. */
    readonly key: string;
    /** The function as this component names it: its Pulumi name, made unique if two functions share one. */
    readonly functionKey: string;
    readonly handler: Handler;
    readonly statementId: string;
    /** The permission's sourceArn after the API's execution ARN. */
    readonly sourceArnSuffix: string;
}

/**
 * A statement id Lambda accepts (1 to 100 of A-Z a-z 0-9 - _), unique in the
 * function's policy per stackName. Set explicitly because the one Pulumi
 * generates derives from the resource name, whose "/" and "{}" Lambda rejects.
 */
export function statementId(stackName: string, part: string): string {
    return safeName(`${stackName}-${part}`, /[^A-Za-z0-9_-]/g, NAME_LIMITS.lambdaStatementId);
}

export function planLambdaPermissions(
    methods: readonly ApiMethod<Handler, unknown, unknown>[],
    s: { readonly stackName: string; readonly stageName: string; readonly scope: LambdaPermissionScope },
    sources: InvokeSources = REST_INVOKE_SOURCES,
): PlannedPermission[] {
    // The model lists methods sorted by path and method, so nothing here depends on the routes' order.
    // One handler object is one function: the plugin hands each referenced Lambda over as one object (resourceRefs.ts).
    const functions = new Map<Handler, ApiMethod<Handler, unknown, unknown>[]>();
    for (const m of methods) {
        // A handler that is no resource is reported by the route checks; it gets no permission.
        if (m.target.kind !== "lambda" || !pulumi.Resource.isInstance(m.target.handler)) continue;
        functions.set(m.target.handler, [...(functions.get(m.target.handler) ?? []), m]);
    }
    // Two functions may share a Pulumi name (under different parents): the one serving
    // the first method tells them apart, whatever order the routes come in.
    const keys = distinctKeys(
        [...functions.keys()].map(h => pulumi.resourceName(h)),
        [...functions.values()].map(served => served[0].key),
    );
    const plans: PlannedPermission[] = [];
    [...functions].forEach(([handler, served], i) => {
        const functionKey = keys[i];
        const add = (key: string, suffix: string) =>
            plans.push({
                key,
                functionKey,
                handler,
                statementId: statementId(s.stackName, key),
                sourceArnSuffix: suffix,
            });
        if (s.scope === "METHOD") {
            for (const m of served) add(`${m.method}${m.path}`, sourceArnSuffix(s.stageName, m.method, m.path));
        } else {
            add(`invoke-${functionKey}`, sources.stageWide(s.stageName));
        }
        if (sources.testInvoke) add(`test-invoke-${functionKey}`, `/${TEST_INVOKE_STAGE}/*/*`);
    });
    return plans;
}

/**
 * One permission per Lambda authorizer function, for this API's authorizers
 * only (sourceArn {executionArn}/authorizers/*: API Gateway calls an authorizer
 * with that ARN). A function that also serves routes keeps the routes' key, so
 * the policy size check counts its statements together.
 */
export function planAuthorizerPermissions(
    authorizers: { readonly authorizers: ReadonlyMap<string, LambdaAuthorizer> } | undefined,
    stackName: string,
    routePlans: readonly PlannedPermission[],
): PlannedPermission[] {
    const seen = new Set<Handler>();
    const plans: PlannedPermission[] = [];
    for (const a of authorizers?.authorizers.values() ?? []) {
        if (!a.function || seen.has(a.function)) continue;
        seen.add(a.function);
        const key = `authorizer-${a.name}`;
        plans.push({
            key,
            functionKey: routePlans.find(p => p.handler === a.function)?.functionKey ?? pulumi.resourceName(a.function),
            handler: a.function,
            statementId: statementId(stackName, key),
            sourceArnSuffix: "/authorizers/*",
        });
    }
    return plans;
}

/**
 * Per function, the most bytes of resource policy these permissions can take
 * once deployed: their statements rendered with the longest possible function
 * ARN and execution ARN (the real ones are not known before deployment).
 */
export function permissionPolicyBounds(plans: readonly PlannedPermission[]): Map<string, number> {
    const statements = new Map<string, { sid: string; functionArn: string; sourceArn: string }[]>();
    for (const p of plans) {
        const list = statements.get(p.functionKey) ?? [];
        list.push({ sid: p.statementId, functionArn: LONGEST_FUNCTION_ARN, sourceArn: `${LONGEST_EXECUTION_ARN}${p.sourceArnSuffix}` });
        statements.set(p.functionKey, list);
    }
    return new Map([...statements].map(([fn, list]) => [fn, lambdaPolicyBytes(list)]));
}

/** Reports every function whose permissions could pass this component's share of the 20,480-byte policy cap. */
export function checkPermissionPolicySize(
    plans: readonly PlannedPermission[],
    scope: LambdaPermissionScope,
    check: InputChecker,
    sources: InvokeSources = REST_INVOKE_SOURCES,
): void {
    const stageWide = sources.testInvoke ? "two statements per function" : "one statement per function";
    for (const [fn, bytes] of permissionPolicyBounds(plans)) {
        if (bytes <= LAMBDA_POLICY_BUDGET_BYTES) continue;
        const count = plans.filter(p => p.functionKey === fn).length;
        check.fail(
            "lambdaPermissionScope",
            scope,
            `the ${count} permission statements for Lambda function "${fn}" would take up to ${bytes} bytes of its resource policy, ` +
                `more than the ${LAMBDA_POLICY_BUDGET_BYTES} bytes this component may use of Lambda's ${LAMBDA_POLICY_LIMIT_BYTES}-byte limit; ` +
                `use lambdaPermissionScope STAGE (${stageWide}) or spread the routes over more functions`,
        );
    }
}

export function createLambdaPermissions(
    name: string,
    plans: readonly PlannedPermission[],
    executionArn: pulumi.Output<string>,
    parent: pulumi.Resource,
): aws.lambda.Permission[] {
    return plans.map(
        p =>
            new aws.lambda.Permission(
                `${name}-${p.key}`,
                {
                    action: "lambda:InvokeFunction",
                    function: p.handler.name,
                    principal: "apigateway.amazonaws.com",
                    sourceArn: pulumi.interpolate`${executionArn}${p.sourceArnSuffix}`,
                    statementId: p.statementId,
                    // The permission lives with the function, wherever the API is.
                    region: p.handler.region,
                    // A fixed statement id cannot be in one policy twice: a replacement removes the old statement first.
                },
                { parent, deleteBeforeReplace: true },
            ),
    );
}
