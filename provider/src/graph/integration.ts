// What a method calls, as its operation's x-amazon-apigateway-integration: a
// Lambda function through an AWS_PROXY integration (the permission for API
// Gateway to invoke it is per function: lambdaPermissions.ts), or a generic
// integration whose settings pass through. Non-proxy integrations also get a
// default 200 method/integration response, without which API Gateway answers
// every call with a 500 ("no output mapping").
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { InputChecker } from "../shared/inputErrors";
import type { ApiMethod } from "../routes/routeModel";
import type { IntegrationInputs } from "../shared/schema-types";

export type Handler = aws.lambda.Function;
export type Method = ApiMethod<Handler, IntegrationInputs>;

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
    | { readonly integration: { readonly [K in keyof IntegrationInputs]: pulumi.Unwrap<IntegrationInputs[K]> } };

/** The values a method's target needs resolved before it can be rendered (pulumi.output unwraps them). */
export function targetInputs(m: Method): pulumi.Input<unknown> {
    return m.target.kind === "lambda"
        ? { lambda: m.target.handler.invokeArn }
        : { integration: m.target.integration as pulumi.Input<unknown> };
}

/** The operation's x-amazon-apigateway-integration, and whether API Gateway passes the response through untouched (proxy). */
export function integrationExtension(t: ResolvedTarget): { extension: Record<string, unknown>; proxy: boolean } {
    if ("lambda" in t) {
        // Lambda is always invoked with POST.
        return { extension: { type: "aws_proxy", httpMethod: "POST", uri: t.lambda, passthroughBehavior: "when_no_match" }, proxy: true };
    }
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
