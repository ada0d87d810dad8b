// What a method calls: a Lambda function through an AWS_PROXY integration (the
// permission for API Gateway to invoke it is per function: lambdaPermissions.ts),
// or a generic integration whose settings pass through. Non-proxy integrations also get a default 200
// method/integration response, without which API Gateway answers every call
// with a 500 ("no output mapping").
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
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
        if (integration.uri === undefined || integration.uri === "") check.fail(`${field}.uri`, integration.uri, `is required for a ${type} integration`);
        if (integration.httpMethod === undefined || integration.httpMethod === "") {
            check.fail(`${field}.httpMethod`, integration.httpMethod, `is required for a ${type} integration`);
        }
    }
    const timeout = integration.timeoutMilliseconds;
    if (typeof timeout === "number" && (!Number.isSafeInteger(timeout) || timeout < 50 || timeout > 29000)) {
        check.fail(`${field}.timeoutMilliseconds`, timeout, "must be a whole number from 50 to 29000");
    }
}

export interface IntegrationContext {
    readonly name: string;
    readonly restApi: aws.apigateway.RestApi;
    readonly resourceId: pulumi.Input<string>;
    readonly method: aws.apigateway.Method;
    readonly region?: pulumi.Input<string>;
    readonly parent: pulumi.Resource;
}

/** Every resource a method's integration consists of; the deployment depends on all of them. */
export interface IntegrationResources {
    readonly integration: aws.apigateway.Integration;
    readonly responses: pulumi.Resource[];
}

export function createIntegration(m: Method, ctx: IntegrationContext): IntegrationResources {
    const opts = { parent: ctx.parent };
    const common = { restApi: ctx.restApi.id, resourceId: ctx.resourceId, httpMethod: ctx.method.httpMethod, region: ctx.region };
    if (m.target.kind === "lambda") {
        const handler = m.target.handler;
        const integration = new aws.apigateway.Integration(ctx.name, {
            ...common,
            type: "AWS_PROXY",
            integrationHttpMethod: "POST", // Lambda is always invoked with POST
            uri: handler.invokeArn,
        }, opts);
        return { integration, responses: [] };
    }

    const i = m.target.integration;
    const integration = new aws.apigateway.Integration(ctx.name, {
        ...common,
        type: i.type,
        uri: i.uri,
        integrationHttpMethod: i.httpMethod,
        credentials: i.credentials,
        requestTemplates: i.requestTemplates,
        requestParameters: i.requestParameters,
        passthroughBehavior: i.passthroughBehavior,
        contentHandling: i.contentHandling,
        timeoutMilliseconds: i.timeoutMilliseconds,
        connectionType: i.connectionType,
        connectionId: i.connectionId,
        cacheKeyParameters: i.cacheKeyParameters,
        cacheNamespace: i.cacheNamespace,
    }, opts);
    // The integration type must be known here (it decides which resources exist);
    // the component resolves it before building the graph.
    if (PROXY_TYPES.has(i.type as string)) return { integration, responses: [] };
    const methodResponse = new aws.apigateway.MethodResponse(ctx.name, {
        restApi: ctx.restApi.id, resourceId: ctx.resourceId, httpMethod: ctx.method.httpMethod, statusCode: "200", region: ctx.region,
    }, opts);
    const integrationResponse = new aws.apigateway.IntegrationResponse(ctx.name, {
        restApi: ctx.restApi.id, resourceId: ctx.resourceId, httpMethod: ctx.method.httpMethod, statusCode: "200", region: ctx.region,
    }, { ...opts, dependsOn: [integration, methodResponse] });
    return { integration, responses: [methodResponse, integrationResponse] };
}

/** Plain data describing what a method calls, for the deployment's fingerprint. */
export function describeTarget(m: Method): pulumi.Input<unknown> {
    return m.target.kind === "lambda"
        ? { lambda: m.target.handler.invokeArn }
        : { integration: m.target.integration as pulumi.Input<unknown> };
}
