// What an HTTP API route calls, as its operation's x-amazon-apigateway-integration
// ("Working with integrations for HTTP APIs"): a Lambda function through an
// AWS_PROXY integration with payload format 2.0 (the function's invoke
// permission: lambdaPermissions.ts), or an HTTP_PROXY integration to a URL or,
// through a VPC link (connectionType VPC_LINK, connectionId), to a private
// Application/Network Load Balancer listener or Cloud Map service. HTTP APIs have
// no MOCK, HTTP or AWS (non-proxy) integrations, no mapping templates and no
// caching: those inputs of the shared Integration type are refused, naming them.
// Rules checked (HTTP API quotas, "Maximum integration timeout": 30 seconds; the
// v2 API reference's TimeoutInMillis: 50 to 30,000 ms; parameter mapping keys
// and reserved headers: "Transforming API requests and responses").
import * as pulumi from "@pulumi/pulumi";
import type { InputChecker } from "../shared/inputErrors";
import type { IntegrationInputs } from "../shared/schema-types";
import type { ResolvedTarget } from "./integration";

/** What an HTTP API route calls, resolved: a Lambda function or an HTTP integration (no state machine, no definition of the user's). */
export type HttpResolvedTarget = Extract<ResolvedTarget, { readonly lambda: string } | { readonly integration: unknown }>;

export const HTTP_INTEGRATION_TIMEOUT = { min: 50, max: 30_000 } as const;
const METHODS = ["ANY", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "DELETE"];
const CONNECTION_TYPES = ["INTERNET", "VPC_LINK"];
/** Inputs of the shared Integration type that only REST APIs have. */
const REST_ONLY = [
    "credentials",
    "requestTemplates",
    "passthroughBehavior",
    "contentHandling",
    "cacheKeyParameters",
    "cacheNamespace",
] as const;
const PARAMETER_KEY = /^(?:(append|overwrite|remove):(header|querystring)\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)|overwrite:path)$/;
// Headers API Gateway does not let a mapping touch.
const RESERVED_HEADER =
    /^(access-control-.*|apigw-.*|authorization|connection|content-encoding|content-length|content-location|forwarded|keep-alive|origin|proxy-authenticate|proxy-authorization|te|trailers|transfer-encoding|upgrade|x-amz-.*|x-amzn-.*|x-forwarded-for|x-forwarded-host|x-forwarded-proto|via)$/i;
const VPC_LINK_TARGET =
    /^arn:aws[a-z-]*:(elasticloadbalancing:[a-z0-9-]+:\d{12}:listener\/(app|net)\/|servicediscovery:[a-z0-9-]+:\d{12}:service\/)/;
const VPC_LINK_ID = /^[a-z0-9]{1,10}$/;

/** Checks a route's integration for an HTTP API (the parts known at construction). */
export function checkHttpIntegration(integration: IntegrationInputs, field: string, check: InputChecker): void {
    if (integration.type !== "HTTP_PROXY") {
        check.fail(
            `${field}.type`,
            typeof integration.type === "string" ? integration.type : "<output>",
            "must be HTTP_PROXY on SecureHttpApi (a URL, or a private load balancer or Cloud Map service through a VPC link); a Lambda function is a route's handler",
        );
        return;
    }
    for (const f of REST_ONLY) {
        if (integration[f] !== undefined && integration[f] !== null) {
            check.fail(`${field}.${f}`, integration[f], "only applies to REST APIs (an HTTP API integration passes the request through)");
        }
    }
    const connectionType = integration.connectionType ?? "INTERNET";
    if (typeof connectionType !== "string") {
        // It decides how uri and connectionId are checked, and REST's integration type is refused the same way.
        check.fail(`${field}.connectionType`, "<output>", "must be known when the component is constructed (INTERNET or VPC_LINK)");
        return;
    }
    if (!CONNECTION_TYPES.includes(connectionType)) {
        check.fail(`${field}.connectionType`, connectionType, `must be one of ${CONNECTION_TYPES.join(", ")}`);
    }
    const uri = integration.uri;
    if (uri === undefined || uri === null || uri === "") {
        check.fail(`${field}.uri`, uri, "is required for an HTTP_PROXY integration");
    } else if (typeof uri === "string") {
        const problem = connectionType === "VPC_LINK" ? vpcLinkTargetProblem(uri) : urlProblem(uri);
        if (problem) check.fail(`${field}.uri`, uri, problem);
    }
    if (connectionType === "VPC_LINK") {
        const id = integration.connectionId;
        if (id === undefined || id === null || id === "") {
            check.fail(
                `${field}.connectionId`,
                id,
                "is required with connectionType VPC_LINK: the id of an HTTP API VPC link (aws.apigatewayv2.VpcLink)",
            );
        } else if (typeof id === "string" && !VPC_LINK_ID.test(id)) {
            check.fail(`${field}.connectionId`, id, "is not a VPC link id (lower-case letters and digits, e.g. abc123)");
        }
    } else if (integration.connectionId !== undefined && integration.connectionId !== null) {
        check.fail(`${field}.connectionId`, integration.connectionId, "only applies with connectionType VPC_LINK");
    }
    const method = integration.httpMethod;
    if (method === undefined || method === null || method === "") {
        check.fail(`${field}.httpMethod`, method, `is required for an HTTP_PROXY integration: ${METHODS.join(", ")}`);
    } else if (typeof method === "string" && !METHODS.includes(method)) {
        check.fail(`${field}.httpMethod`, method, `must be one of ${METHODS.join(", ")}`);
    }
    const timeout = integration.timeoutMilliseconds;
    if (
        typeof timeout === "number" &&
        (!Number.isSafeInteger(timeout) || timeout < HTTP_INTEGRATION_TIMEOUT.min || timeout > HTTP_INTEGRATION_TIMEOUT.max)
    ) {
        check.fail(
            `${field}.timeoutMilliseconds`,
            timeout,
            `must be a whole number from ${HTTP_INTEGRATION_TIMEOUT.min} to ${HTTP_INTEGRATION_TIMEOUT.max} (an HTTP API waits at most 30 seconds)`,
        );
    }
    const params = integration.requestParameters;
    if (params !== undefined && params !== null && !pulumi.Output.isInstance(params)) {
        if (typeof params !== "object" || Array.isArray(params)) {
            check.fail(`${field}.requestParameters`, params, 'must be a map such as {"overwrite:path": "$request.path"}');
        } else {
            for (const key of Object.keys(params)) {
                const m = PARAMETER_KEY.exec(key);
                if (!m) {
                    check.fail(
                        `${field}.requestParameters`,
                        key,
                        "is not an HTTP API parameter mapping key: append|overwrite|remove:header.{name}, append|overwrite|remove:querystring.{name} or overwrite:path",
                    );
                } else if (m[2] === "header" && RESERVED_HEADER.test(m[3])) {
                    check.fail(
                        `${field}.requestParameters`,
                        key,
                        `header ${m[3]} is reserved: API Gateway does not let a mapping change it`,
                    );
                }
            }
        }
    }
}

function urlProblem(uri: string): string | undefined {
    // A stage variable may stand for any part of the URL (http://${stageVariables.host}/orders).
    const probe = uri.replace(/\$\{stageVariables\.[A-Za-z0-9_]+\}/g, "stagevariable");
    let url: URL;
    try {
        url = new URL(probe);
    } catch {
        return "must be an http:// or https:// URL (or, with connectionType VPC_LINK, a load balancer listener or Cloud Map service ARN)";
    }
    if (url.protocol !== "https:" && url.protocol !== "http:") return "must be an http:// or https:// URL";
    return undefined;
}

function vpcLinkTargetProblem(uri: string): string | undefined {
    if (VPC_LINK_TARGET.test(uri)) return undefined;
    return "with connectionType VPC_LINK must be the ARN of an Application or Network Load Balancer listener (arn:aws:elasticloadbalancing:{region}:{account}:listener/app/...) or of a Cloud Map service (arn:aws:servicediscovery:{region}:{account}:service/srv-...)";
}

/** The operation's x-amazon-apigateway-integration on an HTTP API. */
export function httpIntegrationExtension(t: HttpResolvedTarget): Record<string, unknown> {
    if ("lambda" in t) {
        // Lambda is always invoked with POST; 2.0 is the HTTP API payload (cookies, rawPath, requestContext.http).
        return { type: "aws_proxy", httpMethod: "POST", uri: t.lambda, payloadFormatVersion: "2.0", connectionType: "INTERNET" };
    }
    const i = t.integration;
    const extension: Record<string, unknown> = {
        type: "http_proxy",
        httpMethod: i.httpMethod,
        uri: i.uri,
        // The only payload format of an HTTP proxy integration.
        payloadFormatVersion: "1.0",
        connectionType: i.connectionType ?? "INTERNET",
        connectionId: i.connectionId,
        timeoutInMillis: i.timeoutMilliseconds,
        requestParameters: i.requestParameters,
    };
    for (const k of Object.keys(extension)) if (extension[k] === undefined || extension[k] === null) delete extension[k];
    return extension;
}
