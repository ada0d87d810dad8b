// What a method calls, as its operation's x-amazon-apigateway-integration: a
// Lambda function through an AWS_PROXY integration (the permission for API
// Gateway to invoke it is per function: lambdaPermissions.ts), a generic
// integration whose settings pass through, a state machine (stepFunctions.ts),
// or the user's definition's own integration, as written. Non-proxy integrations also get a
// default 200 method/integration response, without which API Gateway answers
// every call with a 500 ("no output mapping").
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { InputChecker } from "../shared/inputErrors";
import type { ApiMethod } from "../routes/routeModel";
import type { IntegrationInputs } from "../shared/schema-types";
import { ResolvedStateMachine, STATE_MACHINE_RESPONSES, stateMachineExtension, StateMachineTarget } from "./stepFunctions";

export type Handler = aws.lambda.Function;
export type Method = ApiMethod<Handler, IntegrationInputs, StateMachineTarget>;

export const INTEGRATION_TYPES = ["HTTP", "HTTP_PROXY", "AWS", "AWS_PROXY", "MOCK"] as const;
const PROXY_TYPES = new Set(["HTTP_PROXY", "AWS_PROXY"]);

/** Checks the parts of a generic integration that are known at construction. */
export function checkIntegration(integration: IntegrationInputs, field: string, check: InputChecker): void {
    const type = integration.type;
    if (typeof type === "string" && !(INTEGRATION_TYPES as readonly string[]).includes(type)) {
        check.fail(`${field}.type`, type, `must be one of ${INTEGRATION_TYPES.join(", ")}`);
        return;
    }
    if (type === undefined || type === null) {
        check.fail(`${field}.type`, type, `is required: one of ${INTEGRATION_TYPES.join(", ")}`);
    } else if (typeof type !== "string") {
        check.fail(`${field}.type`, "<output>", "must be known when the component is constructed (it decides which resources exist)");
    }
    if (typeof type === "string" && type !== "MOCK") {
        if (integration.uri === undefined || integration.uri === "")
            check.fail(`${field}.uri`, integration.uri, `is required for a ${type} integration`);
        if (integration.httpMethod === undefined || integration.httpMethod === "") {
            check.fail(`${field}.httpMethod`, integration.httpMethod, `is required for a ${type} integration`);
        }
    }
    const timeout = integration.timeoutMilliseconds;
    if (typeof timeout === "number" && (!Number.isSafeInteger(timeout) || timeout < 50 || timeout > 29000)) {
        check.fail(`${field}.timeoutMilliseconds`, timeout, "must be a whole number from 50 to 29000");
    }
}

/** What a method calls, resolved to plain data: a handler's invoke ARN, or an integration's settings. */
export type ResolvedTarget =
    | { readonly lambda: string }
    | { readonly integration: { readonly [K in keyof IntegrationInputs]: pulumi.Unwrap<IntegrationInputs[K]> } }
    | { readonly stateMachine: ResolvedStateMachine }
    | { readonly extension: Readonly<Record<string, unknown>> };

/** The values a method's target needs resolved before it can be rendered (pulumi.output unwraps them); `roleArns`: each state machine's integration role. */
export function targetInputs(m: Method, roleArns: ReadonlyMap<aws.sfn.StateMachine, pulumi.Input<string>>): pulumi.Input<unknown> {
    switch (m.target.kind) {
        case "lambda":
            return { lambda: m.target.handler.invokeArn };
        case "integration":
            return { integration: m.target.integration as pulumi.Input<unknown> };
        case "stateMachine": {
            const t = m.target.stateMachine;
            return { stateMachine: { arn: t.machine.arn, roleArn: roleArns.get(t.machine), settings: t.settings } };
        }
        case "openApi":
            return { extension: m.target.extension };
    }
}

/**
 * The operation's x-amazon-apigateway-integration, whether API Gateway passes the response through untouched
 * (proxy), and the responses the operation declares when its definition gives none.
 */
export function integrationExtension(t: ResolvedTarget): {
    extension: Record<string, unknown>;
    proxy: boolean;
    responses?: Record<string, unknown>;
} {
    if ("lambda" in t) {
        // Lambda is always invoked with POST.
        return { extension: { type: "aws_proxy", httpMethod: "POST", uri: t.lambda, passthroughBehavior: "when_no_match" }, proxy: true };
    }
    if ("stateMachine" in t) return { extension: stateMachineExtension(t.stateMachine), proxy: false, responses: STATE_MACHINE_RESPONSES };
    if ("extension" in t) return { extension: { ...t.extension }, proxy: PROXY_TYPES.has(String(t.extension.type).toUpperCase()) };
    const i = t.integration;
    const type = String(i.type);
    const proxy = PROXY_TYPES.has(type);
    const extension: Record<string, unknown> = {
        type: type.toLowerCase(),
        uri: i.uri,
        httpMethod: i.httpMethod,
        credentials: i.credentials,
        requestTemplates: i.requestTemplates,
        requestParameters: i.requestParameters,
        passthroughBehavior: i.passthroughBehavior?.toLowerCase(),
        contentHandling: i.contentHandling,
        timeoutInMillis: i.timeoutMilliseconds,
        connectionType: i.connectionType,
        connectionId: i.connectionId,
        cacheKeyParameters: i.cacheKeyParameters,
        cacheNamespace: i.cacheNamespace,
        // Without a response mapping API Gateway answers every call of a non-proxy integration with a 500 ("no output mapping").
        responses: proxy ? undefined : { default: { statusCode: "200" } },
    };
    for (const k of Object.keys(extension)) if (extension[k] === undefined || extension[k] === null) delete extension[k];
    return { extension, proxy };
}
