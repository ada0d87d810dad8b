// A state machine behind a route, as CDK's StepFunctionsRestApi
// (StepFunctionsIntegration.startExecution): an AWS integration calling
// states:StartSyncExecution, so only EXPRESS state machines (a STANDARD one
// cannot run synchronously: StartSyncExecution refuses it, so it is refused at
// construction when its type is known, else before any child is created).
//   - the integration role: one per state machine and component, trusted by
//     apigateway.amazonaws.com, allowed states:StartSyncExecution on that state
//     machine only; IAM role names are at most 64 characters of letters, digits
//     and _ + = , . @ - (IAM quotas and rules), so the name is cleaned and
//     shortened with a hash (shared/names.ts safeName);
//   - the request mapping: the execution's input is {"body": the JSON body,
//     "querystring", "path", "header", "authorizer", "requestContext"} as the
//     options say (CDK's defaults: query string and path on, headers and
//     authorizer off, no request context); every value is escaped, so a quote
//     in a header or user agent cannot break the input, and a value the request
//     lacks (a request context value of another kind of caller) is empty ($!);
//   - the response mapping: the execution's output on success; any other
//     status (FAILED, TIMED_OUT, ABORTED) answers 500 with the error and cause;
//     Step Functions refusing the call (4XX: a body that is not JSON, ...) answers 400, its 5XX 500.
// Templates are checked with a real VTL engine (stepFunctions.vtl.test.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";
import { failWhenResolved } from "../shared/lateChecks";
import { distinctKeys, IAM_NAME_DISALLOWED, NAME_LIMITS, safeName } from "../shared/names";
import type { StateMachineOptionsInputs, StateMachineRequestContextInputs } from "../shared/schema-types";

/** CDK's RequestContext: each value a route may pass, and where API Gateway has it. */
export const REQUEST_CONTEXT: Readonly<Record<keyof StateMachineRequestContextInputs, string>> = {
    accountId: "$context.identity.accountId",
    apiId: "$context.apiId",
    apiKey: "$context.identity.apiKey",
    authorizerPrincipalId: "$context.authorizer.principalId",
    caller: "$context.identity.caller",
    cognitoAuthenticationProvider: "$context.identity.cognitoAuthenticationProvider",
    cognitoAuthenticationType: "$context.identity.cognitoAuthenticationType",
    cognitoIdentityId: "$context.identity.cognitoIdentityId",
    cognitoIdentityPoolId: "$context.identity.cognitoIdentityPoolId",
    httpMethod: "$context.httpMethod",
    stage: "$context.stage",
    sourceIp: "$context.identity.sourceIp",
    user: "$context.identity.user",
    userAgent: "$context.identity.userAgent",
    userArn: "$context.identity.userArn",
    requestId: "$context.requestId",
    resourceId: "$context.resourceId",
    resourcePath: "$context.resourcePath",
};

/** What of a request goes into the execution's input, defaults filled in (CDK's). */
export interface StateMachineSettings {
    readonly headers: boolean;
    readonly querystring: boolean;
    readonly path: boolean;
    readonly authorizer: boolean;
    /** Names of REQUEST_CONTEXT to pass, in its order. */
    readonly requestContext: readonly (keyof StateMachineRequestContextInputs)[];
}

/** A route's state machine target, checked. */
export interface StateMachineTarget {
    readonly machine: aws.sfn.StateMachine;
    readonly settings: StateMachineSettings;
}

const OPTION_NAMES = ["headers", "querystring", "path", "authorizer", "requestContext"] as const;

/** Checks a route's stateMachine and stateMachineOptions (at `field`); the target, or undefined when invalid or absent. */
export function stateMachineTarget(
    machine: unknown,
    options: StateMachineOptionsInputs | undefined,
    field: string,
    check: InputChecker,
): StateMachineTarget | undefined {
    if (machine === undefined || machine === null) {
        if (options !== undefined && options !== null)
            check.fail(`${field}.stateMachineOptions`, options, "only applies with stateMachine");
        return undefined;
    }
    const before = check.count;
    if (!pulumi.Resource.isInstance(machine))
        check.fail(`${field}.stateMachine`, machine, "must be a state machine resource (aws.sfn.StateMachine)");
    const o = options ?? {};
    if (typeof o !== "object" || Array.isArray(o)) {
        check.fail(`${field}.stateMachineOptions`, o, `must be an object with ${OPTION_NAMES.join(", ")}`);
        return undefined;
    }
    const flag = (name: "headers" | "querystring" | "path" | "authorizer", dflt: boolean): boolean => {
        const v = o[name];
        if (v === undefined || v === null) return dflt;
        if (typeof v !== "boolean") check.fail(`${field}.stateMachineOptions.${name}`, v, "must be true or false");
        return v === true;
    };
    const requestContext: (keyof StateMachineRequestContextInputs)[] = [];
    const rc = o.requestContext;
    if (rc !== undefined && rc !== null) {
        if (typeof rc !== "object" || Array.isArray(rc))
            check.fail(`${field}.stateMachineOptions.requestContext`, rc, "must be an object of true/false values");
        else
            for (const [k, v] of Object.entries(rc)) {
                const at = `${field}.stateMachineOptions.requestContext.${k}`;
                if (!(k in REQUEST_CONTEXT))
                    check.fail(at, v, `is not a request context value (${Object.keys(REQUEST_CONTEXT).join(", ")})`);
                else if (typeof v !== "boolean") check.fail(at, v, "must be true or false");
            }
        for (const k of Object.keys(REQUEST_CONTEXT) as (keyof StateMachineRequestContextInputs)[])
            if (rc[k] === true) requestContext.push(k);
    }
    const settings = {
        headers: flag("headers", false),
        querystring: flag("querystring", true),
        path: flag("path", true),
        authorizer: flag("authorizer", false),
        requestContext,
    };
    return check.count > before ? undefined : { machine: machine as aws.sfn.StateMachine, settings };
}

const Q = "${q}";
// API Gateway's escapeJavaScript also escapes ' as \', which JSON does not allow: turned back after each escape.
const UNQUOTE = `.replaceAll("\\\\'", "'")`;

/**
 * Sets $v to `value` escaped for a JSON string. The value is first made a string
 * ("$!...": empty when absent, a number or boolean as text), and $v is reset
 * before, since Velocity's #set of a null leaves a variable as it was.
 */
const setEscaped = (v: string, value: string) => [
    `#set($${v} = '')`,
    `#set($${v} = $util.escapeJavaScript("$!${value.slice(1)}")${UNQUOTE})`,
];

/** The VTL that adds one map of the request (its keys and values, escaped) to the input as `name`. */
function mapSection(name: string, map: string): string[] {
    return [
        `#set($in = "$in,${Q}${name}${Q}:{")`,
        `#foreach($key in ${map}.keySet())`,
        ...setEscaped("k", "$key"),
        ...setEscaped("v", `${map}.get($key)`),
        `#set($in = "$in${Q}$k${Q}:${Q}$v${Q}")`,
        `#if($foreach.hasNext)#set($in = "$in,")#end`,
        `#end`,
        `#set($in = "$in}")`,
    ];
}

/** The request mapping template: StartSyncExecution of `arn` with the request as its input (a JSON text). */
export function requestTemplate(arn: string, s: StateMachineSettings): string {
    const lines = [
        "## StartSyncExecution: the execution's input is a JSON text built here from the request.",
        "#set($q = '\"')",
        "#set($params = $input.params())",
        `#set($in = "{${Q}body${Q}:$input.body")`,
        ...(s.querystring ? mapSection("querystring", "$params.querystring") : []),
        ...(s.path ? mapSection("path", "$params.path") : []),
        ...(s.headers ? mapSection("header", "$params.header") : []),
        ...(s.authorizer ? mapSection("authorizer", "$context.authorizer") : []),
    ];
    if (s.requestContext.length) {
        lines.push(`#set($in = "$in,${Q}requestContext${Q}:{")`);
        s.requestContext.forEach((k, i) => {
            lines.push(...setEscaped("v", REQUEST_CONTEXT[k]), `#set($in = "$in${i ? "," : ""}${Q}${k}${Q}:${Q}$v${Q}")`);
        });
        lines.push(`#set($in = "$in}")`);
    }
    lines.push('#set($in = "$in}")', `{"stateMachineArn": "${arn}", "input": "$util.escapeJavaScript($in)${UNQUOTE}"}`);
    return lines.join("\n");
}

// Quiet ($!): a value that is absent (a TIMED_OUT execution's error) is empty, not the reference printed as written (Velocity's null).
const escaped = (path: string) => `$!util.escapeJavaScript($input.path('${path}'))${UNQUOTE}`;

/** The response mapping of StartSyncExecution's 200: the output, or 500 with error and cause when the execution did not succeed. */
export const SUCCESS_TEMPLATE = [
    "#if($input.path('$.status') == \"SUCCEEDED\")",
    "$input.path('$.output')",
    "#else",
    "#set($context.responseOverride.status = 500)",
    `{"error": "${escaped("$.error")}", "cause": "${escaped("$.cause")}"}`,
    "#end",
].join("\n");

/** Step Functions' own error (its type and message), for its 4XX (answered 400) and 5XX (answered 500). */
export const ERROR_TEMPLATE = `{"error": "${escaped("$.__type")}", "cause": "${escaped("$.message")}"}`;

/** Resolved for rendering: the state machine's ARN, the integration role's, the settings. */
export interface ResolvedStateMachine {
    readonly arn: string;
    readonly roleArn: string;
    readonly settings: StateMachineSettings;
}

/** The state machine's x-amazon-apigateway-integration (API Gateway's Step Functions service in the state machine's own region). */
export function stateMachineExtension(r: ResolvedStateMachine): Record<string, unknown> {
    // arn:{partition}:states:{region}:{account}:stateMachine:{name}
    const [, partition = "aws", , region = "us-east-1"] = r.arn.split(":");
    const json = (template: string) => ({ "application/json": template });
    return {
        type: "aws",
        httpMethod: "POST",
        uri: `arn:${partition}:apigateway:${region}:states:action/StartSyncExecution`,
        credentials: r.roleArn,
        passthroughBehavior: "never",
        requestTemplates: json(requestTemplate(r.arn, r.settings)),
        responses: {
            default: { statusCode: "200", responseTemplates: json(SUCCESS_TEMPLATE) },
            "4\\d{2}": { statusCode: "400", responseTemplates: json(ERROR_TEMPLATE) },
            "5\\d{2}": { statusCode: "500", responseTemplates: json(ERROR_TEMPLATE) },
        },
    };
}

/** The method responses a state machine operation declares (CDK's useDefaultMethodResponses). */
export const STATE_MACHINE_RESPONSES = {
    "200": { description: "The execution's output" },
    "400": { description: "Step Functions refused the request (e.g. a body that is not JSON)" },
    "500": { description: "The execution failed or timed out: its error and cause" },
};

/** One integration role to create: per distinct state machine. */
export interface PlannedRole {
    readonly machine: aws.sfn.StateMachine;
    /** Its Pulumi name after the component's: from the state machine's name, made unique if two share one. */
    readonly key: string;
    /** The IAM role name, at most 64 characters. */
    readonly roleName: string;
}

/** The roles for the state machines `targets` name (in the model's method order), named from the state machine, never a route's position. */
export function planStateMachineRoles(
    targets: readonly { target: StateMachineTarget; methodKey: string }[],
    stackName: string,
): PlannedRole[] {
    const first = new Map<aws.sfn.StateMachine, string>();
    for (const t of targets) if (!first.has(t.target.machine)) first.set(t.target.machine, t.methodKey);
    const keys = distinctKeys(
        [...first.keys()].map(m => pulumi.resourceName(m)),
        [...first.values()],
    );
    return [...first.keys()].map((machine, i) => {
        const key = keys[i];
        // A Pulumi name may hold "/" or spaces, which IAM refuses in a role name (CreateRole, at deploy time).
        return { machine, key, roleName: safeName(`${stackName}-states-${key}`, IAM_NAME_DISALLOWED, NAME_LIMITS.iamRole) };
    });
}

/**
 * Creates each planned role with its policy; the STANDARD check gates them (and
 * every other child, shared/lateChecks.ts). Returns each state machine's role ARN
 * and the policies the deployment must wait for.
 */
export function createStateMachineRoles(
    name: string,
    plans: readonly PlannedRole[],
    ctx: {
        label: string;
        field: (machine: aws.sfn.StateMachine) => string;
        tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
        parent: pulumi.Resource;
    },
): { roleArns: Map<aws.sfn.StateMachine, pulumi.Output<string>>; policies: aws.iam.RolePolicy[] } {
    const roleArns = new Map<aws.sfn.StateMachine, pulumi.Output<string>>();
    const policies: aws.iam.RolePolicy[] = [];
    for (const p of plans) {
        const express = failWhenResolved(ctx.label, ctx.field(p.machine), p.machine.type, undefined, type =>
            type === "STANDARD"
                ? "is a STANDARD state machine; API Gateway runs it synchronously with StartSyncExecution, which only EXPRESS state machines support (type: EXPRESS)"
                : undefined,
        );
        const role = new aws.iam.Role(
            `${name}-states-${p.key}`,
            {
                name: p.roleName,
                description: `API Gateway starts synchronous executions of one state machine for ${name}`,
                assumeRolePolicy: JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { Service: "apigateway.amazonaws.com" }, Action: "sts:AssumeRole" }],
                }),
                tags: ctx.tags,
            },
            { parent: ctx.parent },
        );
        policies.push(
            new aws.iam.RolePolicy(
                `${name}-states-${p.key}`,
                {
                    role: role.id,
                    policy: pulumi.all([p.machine.arn, express]).apply(([arn]) =>
                        JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Allow", Action: "states:StartSyncExecution", Resource: arn }],
                        }),
                    ),
                },
                { parent: ctx.parent },
            ),
        );
        roleArns.set(p.machine, role.arn);
    }
    return { roleArns, policies };
}
