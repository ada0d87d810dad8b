// edge/: what guards the API's edge (CORS, resource policy, invokers, custom domain, WAF, the stage
// context they attach to). May import stage, routes, shared.
//
// The edge-security inputs both components share (cors, domain,
// disableExecuteApiEndpoint, webAclArn / waf, allowedSourceIps /
// deniedSourceIps), checked at construction into the settings restApi.ts
// builds from: cors.ts, domain.ts, waf.ts, resourcePolicy.ts. What differs per
// component comes in as ComponentSecurity, never from the component's type.
import type * as pulumi from "@pulumi/pulumi";
import { CorsSettings, corsSettings } from "./cors";
import { DomainSettings, domainSettings } from "./domain";
import type { InputChecker } from "../shared/inputErrors";
import { authorizerHeaders, AuthorizerSettings, authorizerSettings } from "./authorizers";
import { requestValidationSettings, ValidationSpec } from "./requestValidation";
import type { DocumentShare } from "../shared/openApiShare";
import { invokersSettings } from "./invokers";
import { apiResourcePolicy, checkSourceIps, PolicyAllow } from "./resourcePolicy";
import type { AuthorizerInputs, EndpointType, SecureRestApiArgs } from "../shared/schema-types";
import { WebAclSettings, webAclSettings } from "./waf";

/** How every method of the API is authorized: the one thing the two components differ in for routes. */
export interface MethodAuthorization {
    readonly authorization: "NONE" | "AWS_IAM";
    readonly apiKeyRequired: boolean;
}

/** The security scheme of each kind of authorization, as API Gateway's OpenAPI import reads it. */
export const SECURITY_SCHEMES = {
    // apiKeyRequired: API Gateway reads the key from this header (apiKeySource HEADER).
    api_key: { type: "apiKey", name: "x-api-key", in: "header" },
    // authorization AWS_IAM.
    sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
} as const;

/**
 * The security requirement of a route operation: one requirement object, so all
 * of it is needed. `authorizer` is the route's (authorizers.ts): beside the key
 * on SecureRestApi, instead of AWS_IAM on IAMSecureRestApi (the route said so).
 */
export function securityRequirement(
    auth: MethodAuthorization,
    authorizer?: { name: string; scopes: readonly string[] },
): Record<string, string[]>[] {
    const need: Record<string, string[]> = {};
    if (auth.authorization === "AWS_IAM" && !authorizer) need.sigv4 = [];
    if (auth.apiKeyRequired) need.api_key = [];
    if (authorizer) need[authorizer.name] = [...authorizer.scopes];
    return Object.keys(need).length ? [need] : [];
}

/**
 * The authorization's share of the document: the schemes it uses, (with keys) where API Gateway
 * reads the key, and the component's requirement as the document's own `security`: API Gateway
 * imports only each operation's (every operation states its own, the CORS preflights an empty
 * one), but readers and linters (checkov's CKV_OPENAPI_4) take the document's as the default.
 */
export function authorizationShare(auth: MethodAuthorization): DocumentShare {
    const schemes: Record<string, unknown> = {};
    if (auth.authorization === "AWS_IAM") schemes.sigv4 = SECURITY_SCHEMES.sigv4;
    if (auth.apiKeyRequired) schemes.api_key = SECURITY_SCHEMES.api_key;
    return {
        from: "authorization",
        securitySchemes: schemes,
        security: securityRequirement(auth),
        extensions: auth.apiKeyRequired ? { "x-amazon-apigateway-api-key-source": "HEADER" } : {},
    };
}

/** The endpoint's share: disableExecuteApiEndpoint and a private API's VPC endpoints, which an overwrite would otherwise reset. */
export function endpointShare(
    disableExecuteApiEndpoint: boolean,
    vpcEndpointIds: readonly string[] | undefined,
): DocumentShare | undefined {
    if (!disableExecuteApiEndpoint && !vpcEndpointIds?.length) return undefined;
    return {
        from: "endpoint configuration",
        extensions: {
            "x-amazon-apigateway-endpoint-configuration": {
                ...(disableExecuteApiEndpoint ? { disableExecuteApiEndpoint: true } : {}),
                ...(vpcEndpointIds?.length ? { vpcEndpointIds: [...vpcEndpointIds] } : {}),
            },
        },
    };
}

/** What a component's own security brings to the shared graph. */
export interface ComponentSecurity {
    readonly auth: MethodAuthorization;
    /** The request headers its auth needs: the default of cors.allowHeaders. */
    readonly corsAllowHeaders: readonly string[];
    /** IAMSecureRestApi's invokers input, checked here (invokers.ts) and allowed by the resource policy. */
    readonly invokers?: unknown;
    /** IAMSecureRestApi's invokerGrants input: invokers limited to some routes (invokers.ts). */
    readonly invokerGrants?: unknown;
    /** SecureRestApi's authorizer input: the default of routes that name none (authorizers.ts). */
    readonly authorizer?: unknown;
}

export type EdgeInputs = Pick<
    SecureRestApiArgs,
    | "cors"
    | "domain"
    | "disableExecuteApiEndpoint"
    | "webAclArn"
    | "waf"
    | "allowedSourceIps"
    | "deniedSourceIps"
    | "routes"
    | "region"
    | "vpcEndpointIds"
>;

export interface EdgeSettings {
    readonly cors?: CorsSettings;
    readonly domain?: DomainSettings;
    readonly webAcl?: WebAclSettings;
    readonly disableExecuteApiEndpoint: boolean;
    /** Cognito and Lambda authorizers and which route uses which (authorizers.ts). */
    readonly authorizers?: AuthorizerSettings;
    /** Request validation by route index (requestValidation.ts). */
    readonly validation?: ReadonlyMap<number, ValidationSpec>;
    /** The API's resource policy, already length-checked (resourcePolicy.ts); undefined when it needs none. */
    readonly policy?: pulumi.Input<string>;
}

export function edgeSettings(
    args: EdgeInputs,
    endpointType: EndpointType,
    security: ComponentSecurity,
    check: InputChecker,
    stageName: string,
    stackName: string,
    /** What the user's OpenAPI definition adds to the resource policy (definitionSecurity.ts). */
    definition?: { readonly denies: readonly Record<string, unknown>[]; readonly publicResources: readonly string[] },
): EdgeSettings {
    // The API's region, when it is a plain input; else the provider's, known only once the component exists.
    const region = typeof args.region === "string" ? args.region : undefined;
    const authorizers = authorizerSettings(security.authorizer as AuthorizerInputs | undefined, args.routes, check);
    // A browser must be allowed to send the headers the authorizers read too.
    const cors = corsSettings(
        args.cors,
        args.routes,
        [...new Set([...security.corsAllowHeaders, ...authorizerHeaders(authorizers)])],
        check,
    );
    const disable = args.disableExecuteApiEndpoint ?? false;
    if (typeof disable !== "boolean") check.fail("disableExecuteApiEndpoint", disable, "must be true or false");
    const allowedSourceIps = checkSourceIps("allowedSourceIps", args.allowedSourceIps, check);
    const deniedSourceIps = checkSourceIps("deniedSourceIps", args.deniedSourceIps, check);
    const invokers = invokersSettings(security.invokers, security.invokerGrants, args.routes, check);
    // A method with authorization NONE needs an explicit Allow once the API has a policy; an
    // AWS_IAM one is allowed by its caller's IAM policy, so only the preflights need one then.
    const allow: PolicyAllow = security.auth.authorization === "NONE" ? "all" : cors ? "preflight" : "none";
    return {
        cors,
        authorizers,
        validation: requestValidationSettings(args.routes, check),
        domain: domainSettings(args.domain, endpointType, region, check, disable === true),
        webAcl: webAclSettings(args.webAclArn, args.waf, region, check, stackName),
        disableExecuteApiEndpoint: disable === true,
        policy: apiResourcePolicy(
            {
                allow,
                // A private API is unreachable without a resource policy naming its VPC endpoints.
                vpcEndpointIds: endpointType === "PRIVATE" ? (args.vpcEndpointIds ?? []) : undefined,
                allowedSourceIps,
                deniedSourceIps,
                invokers: invokers && { ...invokers, stageName },
                denies: definition?.denies,
                publicResources: definition?.publicResources,
            },
            check,
        ),
    };
}
