// graph/: the API Gateway graph built from the route model (REST API, integrations, Lambda
// permissions, API options, AWS limits). May import edge, stage, routes, shared.
//
// The API Gateway graph both components share, built from a route model:
//   RestApi (its body: the OpenAPI document of every route, openApi.ts)
//   + Lambda permissions (one or two per function, lambdaPermissions.ts) → Deployment → Stage → UsagePlan,
//   with the stage's logs, tracing and method settings (observability.ts).
// Edge security (edgeInputs.ts): CORS preflights and gateway responses (cors.ts)
// and the resource policy (resourcePolicy.ts) are shares of the document; a
// custom domain (domain.ts) and a WAF web ACL (waf.ts) attach to the stage.
// A component passes only its method authorization (API key or AWS_IAM);
// everything else about routes lives here and in routeModel.ts.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiOptions, apiOptionsShare, restApiOptionArgs } from "./apiOptions";
import { awsContext } from "../shared/awsContext";
import { authorizerInputs, authorizersShare } from "../edge/authorizers";
import { corsShare, gatewayResponseParameters } from "../edge/cors";
import { validatedOperation, validationShare } from "../edge/requestValidation";
import { createDomain, DomainResources } from "../edge/domain";
import {
    authorizationShare,
    EdgeSettings,
    endpointShare,
    MethodAuthorization,
    SECURITY_SCHEMES,
    securityRequirement,
} from "../edge/edgeInputs";
import { policyShare } from "../edge/resourcePolicy";
import { InputChecker, InputError } from "../shared/inputErrors";
import { LONGEST_INVOKE_ARN } from "./lambdaPolicy";
import { API_POLICY_MAX_CHARS } from "../edge/resourcePolicy";
import { Handler, Method, ResolvedTarget, targetInputs } from "./integration";
import { createLambdaPermissions, PlannedPermission } from "./lambdaPermissions";
import { bodyHash, OPENAPI_BODY_LIMIT, openApiDocument, renderDocument, ShareConflict } from "./openApi";
import type { DocumentShare } from "../shared/openApiShare";
import { createStateMachineRoles, PlannedRole, StateMachineTarget } from "./stepFunctions";
import { createMethodSettings } from "../stage/methodSettings";
import { StageUrls, stageUrls } from "../stage/stageUrls";
import { createStageObservability, ObservabilitySettings } from "../stage/observability";
import type { RouteModel } from "../routes/routeModel";
import type { EndpointType, IntegrationInputs } from "../shared/schema-types";
import { createUsagePlan, UsageLimits } from "../stage/usagePlan";
import { createWaf, WafResources } from "../edge/waf";
import { serversShare } from "../edge/servers";
import { createClientCertificate } from "../stage/clientCertificate";
import { cachedOperation, cacheStageArgs, StageCacheSettings } from "../stage/stageCache";
import { pathParameters } from "../routes/routeModel";
import type { OpenApiOperation } from "../shared/openApiShare";
import { respelledCacheKeys } from "../shared/openApiShare";

export interface RestApiSettings {
    /** The component as input errors name it: SecureRestApi "api". */
    readonly label: string;
    readonly stackName: string;
    readonly restApiName: string;
    readonly description?: pulumi.Input<string>;
    readonly stageName: string;
    readonly endpointType: EndpointType;
    readonly vpcEndpointIds?: pulumi.Input<pulumi.Input<string>[]>;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly model: RouteModel<Handler, IntegrationInputs, StateMachineTarget>;
    readonly permissions: readonly PlannedPermission[];
    /** The integration roles of the state machine targets (stepFunctions.ts). */
    readonly stateMachineRoles: readonly PlannedRole[];
    /** The user's OpenAPI definition's share (models, API-level extensions) and its info.version. */
    readonly definition?: { readonly share?: DocumentShare; readonly version?: string };
    readonly auth: MethodAuthorization;
    readonly limits: UsageLimits;
    /** Logs, tracing, per-route throttles, the account's CloudWatch role (observability.ts). */
    readonly observability: ObservabilitySettings;
    /** binaryMediaTypes, minimumCompressionSize (apiOptions.ts). */
    readonly apiOptions: ApiOptions;
    /** CORS, resource policy, custom domain, WAF (edgeInputs.ts). */
    readonly edge: EdgeSettings;
    /** A client certificate on the stage for HTTP backends (stage/clientCertificate.ts). */
    readonly clientCertificate?: boolean;
    /** The stage cache, keyed on the caller (stage/stageCache.ts); undefined when off. */
    readonly stageCache?: StageCacheSettings;
}

export interface RestApiGraph extends StageUrls {
    readonly restApi: aws.apigateway.RestApi;
    /** The RestApi's body: every route, preflight and API-level setting as one OpenAPI 3.0 document (JSON). */
    readonly openApiDocument: pulumi.Output<string>;
    readonly permissions: readonly aws.lambda.Permission[];
    readonly deployment: aws.apigateway.Deployment;
    readonly stage: aws.apigateway.Stage;
    readonly usagePlan: aws.apigateway.UsagePlan;
    /** executionLogs for every method ("*\/*"), then one per throttled route method. */
    readonly methodSettings: readonly aws.apigateway.MethodSettings[];
    readonly accessLogGroup?: aws.cloudwatch.LogGroup;
    readonly domain?: DomainResources;
    readonly waf?: WafResources;
    readonly executionArn: pulumi.Output<string>;
    readonly webAclArn?: pulumi.Output<string>;
}

/** Builds the whole graph under `parent`; child names derive from `name`, paths and methods. */
export function createRestApi(name: string, s: RestApiSettings, parent: pulumi.Resource): RestApiGraph {
    const opts = { parent };
    const states = createStateMachineRoles(name, s.stateMachineRoles, {
        label: s.label,
        field: machine => stateMachineField(s, machine),
        tags: s.tags,
        parent,
    });
    const openApi = renderOpenApi(s, states.roleArns);
    const restApi = new aws.apigateway.RestApi(
        name,
        {
            name: s.restApiName,
            description: s.description,
            body: openApi,
            // Overwrite (the provider's default, said here on purpose): the body is the whole API, so a route
            // taken out of the program is taken out of the API.
            putRestApiMode: "overwrite",
            endpointConfiguration: { types: s.endpointType, vpcEndpointIds: s.vpcEndpointIds },
            policy: s.edge.policy,
            disableExecuteApiEndpoint: s.edge.disableExecuteApiEndpoint,
            apiKeySource: s.auth.apiKeyRequired ? "HEADER" : undefined,
            ...restApiOptionArgs(s.apiOptions),
            region: s.region,
            tags: s.tags,
        },
        opts,
    );

    const permissions = createLambdaPermissions(name, s.permissions, restApi.executionArn, parent);
    const deployment = createDeployment(name, s, restApi, [...permissions, ...states.policies], parent);
    const observed = createStageObservability(name, s, parent);
    const certificate = s.clientCertificate ? createClientCertificate(name, s, parent) : undefined;
    const stage = new aws.apigateway.Stage(
        name,
        {
            restApi: restApi.id,
            deployment: deployment.id,
            stageName: s.stageName,
            ...(certificate ? { clientCertificateId: certificate.id } : {}),
            ...cacheStageArgs(s.stageCache),
            ...observed.stageArgs,
            region: s.region,
            tags: s.tags,
        },
        { parent, dependsOn: observed.dependsOn },
    );
    const methodSettings = createMethodSettings(name, s.observability.executionLogs, s.observability.throttles, {
        restApi,
        stage,
        region: s.region,
        dependsOn: observed.dependsOn,
        cache: s.stageCache,
        parent,
    });
    const usagePlan = createUsagePlan(
        name,
        {
            stackName: s.stackName,
            restApi,
            stage,
            limits: s.limits,
            region: s.region,
            tags: s.tags,
        },
        parent,
    );

    // The API's region, looked up from the provider the component uses only if a domain or WAF check needs it.
    const where = awsContext(parent, s.region);
    const edgeCtx = {
        name,
        label: s.label,
        stackName: s.stackName,
        restApi,
        stage,
        region: s.region,
        tags: s.tags,
        parent,
        apiRegion: () => where.region,
    };
    const domain = s.edge.domain ? createDomain(s.edge.domain, edgeCtx) : undefined;
    const waf = s.edge.webAcl ? createWaf(s.edge.webAcl, edgeCtx) : undefined;

    return {
        restApi,
        openApiDocument: openApi,
        permissions,
        deployment,
        stage,
        usagePlan,
        methodSettings,
        accessLogGroup: observed.accessLogGroup,
        domain,
        waf,
        ...stageUrls(stage.invokeUrl, s.model.paths, domain),
        executionArn: restApi.executionArn,
        webAclArn: waf?.webAclArn,
    };
}

/** The field that gave a state machine first (for the STANDARD check's error). */
function stateMachineField(s: RestApiSettings, machine: aws.sfn.StateMachine): string {
    const m = s.model.methods.find(x => x.target.kind === "stateMachine" && x.target.stateMachine.machine === machine);
    if (!m) return "routes";
    return m.openApi ? `${m.openApi.field}.stateMachine` : `routes[${m.route}].stateMachine`;
}

/** What the document needs resolved: each method's target, the authorizers' ARNs, the policy, the VPC endpoints, the description. */
interface DocumentValues {
    readonly target: (m: Method) => ResolvedTarget;
    readonly authorizers: Record<string, { invokeArn?: string; userPoolArns?: string[] }>;
    readonly policy?: string;
    readonly vpcEndpointIds?: string[];
    readonly description?: string;
}

/** The API's OpenAPI document (openApi.ts) as text: the routes, each requiring its security, and every feature's share. */
function documentText(s: RestApiSettings, v: DocumentValues): string {
    const { authorizers, validation, cors } = s.edge;
    return renderDocument(
        openApiDocument({
            title: s.restApiName,
            description: v.description,
            version: s.definition?.version,
            model: s.model,
            target: v.target,
            // A public operation of the user's definition (publicOperations) has none: API Gateway's NONE, no key.
            security: m => (m.openApi?.public ? [] : securityRequirement(s.auth, authorizers?.byRoute.get(m.route))),
            operationExtras: m => {
                const spec = validation?.get(m.route);
                const validated = spec && validatedOperation(spec, m.key);
                const cached =
                    s.stageCache &&
                    cachedOperation(
                        s.stageCache,
                        callerKeys(s, m),
                        pathParameters(m.path).map(p => p.name),
                    );
                return joinOperationExtras(validated, cached);
            },
            shares: [
                authorizationShare(s.auth),
                authorizers && authorizersShare(authorizers, v.authorizers),
                validation &&
                    validationShare(
                        validation,
                        route => s.model.methods.filter(m => m.route === route).map(m => m.key),
                        cors && gatewayResponseParameters(cors),
                    ),
                cors && corsShare(cors, s.model),
                policyShare(v.policy),
                endpointShare(s.edge.disableExecuteApiEndpoint, v.vpcEndpointIds),
                apiOptionsShare(s.apiOptions),
                s.definition?.share,
                serversShare(
                    s.stageName,
                    typeof s.region === "string" ? s.region : undefined,
                    s.edge.domain,
                    s.edge.disableExecuteApiEndpoint,
                ),
            ],
        }),
    );
}

/**
 * The request parameters that identify a route method's caller, for the stage cache's key: the
 * API key header, and the identity sources of the route's authorizer (stage/stageCache.ts).
 */
function callerKeys(s: RestApiSettings, m: Method): string[] {
    const authorizer = s.edge.authorizers?.byRoute.get(m.route);
    const sources = authorizer ? (s.edge.authorizers!.authorizers.get(authorizer.name)?.identitySources ?? []) : [];
    return [...(s.auth.apiKeyRequired ? [`method.request.header.${SECURITY_SCHEMES.api_key.name}`] : []), ...sources];
}

/** Two features' additions to one operation (request validation, the cache key): their parameters joined, one per name and place. */
function joinOperationExtras(a: OpenApiOperation | undefined, b: OpenApiOperation | undefined): OpenApiOperation | undefined {
    if (!a || !b) return a ?? b;
    const seen = new Set<string>();
    const parameters = [...((a.parameters as unknown[]) ?? []), ...((b.parameters as unknown[]) ?? [])].filter(p => {
        const { name, in: where } = p as { name: string; in: string };
        // Header names are case-insensitive; the first (validation's, which may require it) wins.
        const key = `${where} ${where === "header" ? name.toLowerCase() : name}`;
        return seen.has(key) ? false : (seen.add(key), true);
    });
    const integration = b["x-amazon-apigateway-integration"] as { cacheKeyParameters?: string[] } | undefined;
    const keys = integration?.cacheKeyParameters && respelledCacheKeys(integration.cacheKeyParameters, parameters);
    return {
        ...a,
        ...b,
        ...(parameters.length ? { parameters } : {}),
        ...(keys ? { "x-amazon-apigateway-integration": { ...integration, cacheKeyParameters: keys } } : {}),
    };
}

const sizeProblem = (bytes: number) =>
    `render an API definition of ${bytes} bytes; API Gateway imports at most ${OPENAPI_BODY_LIMIT} (6 MB): split the API or shorten integration templates`;

/**
 * The document's size checked at construction, before anything is registered:
 * rendered with every value not known yet replaced by one at least as long
 * (invoke ARNs, a policy of API Gateway's 8,192-character limit), so the size
 * is an upper bound. An integration setting given as an output cannot be
 * bounded: it counts as empty here, and renderOpenApi checks the real size.
 */
export function checkDocumentSize(s: RestApiSettings, check: InputChecker): void {
    const plain = <T>(v: pulumi.Input<T> | undefined): T | undefined => (isPlain(v) ? (v as T) : undefined);
    let text: string;
    try {
        text = documentText(s, {
            target: m => {
                switch (m.target.kind) {
                    case "lambda":
                        return { lambda: LONGEST_INVOKE_ARN };
                    case "integration":
                        return {
                            integration: Object.fromEntries(Object.entries(m.target.integration).filter(([, v]) => isPlain(v))) as never,
                        };
                    case "stateMachine":
                        // State machine ARNs: at most 80 characters of name; role ARNs: 64 of name (IAM and Step Functions quotas).
                        return {
                            stateMachine: {
                                arn: `arn:aws-us-gov:states:us-gov-west-1:123456789012:stateMachine:${"x".repeat(80)}`,
                                roleArn: `arn:aws-us-gov:iam::123456789012:role/${"x".repeat(64)}`,
                                settings: m.target.stateMachine.settings,
                            },
                        };
                    case "openApi":
                        return { extension: m.target.extension };
                }
            },
            authorizers: Object.fromEntries(
                [...(s.edge.authorizers?.authorizers ?? [])].map(([name, a]) => [
                    name,
                    { invokeArn: LONGEST_INVOKE_ARN, userPoolArns: plain(a.userPoolArns) ?? [] },
                ]),
            ),
            policy:
                s.edge.policy === undefined
                    ? undefined
                    : (plain(s.edge.policy) ?? JSON.stringify({ bound: "x".repeat(API_POLICY_MAX_CHARS) })),
            vpcEndpointIds: s.endpointType === "PRIVATE" ? (plain(s.vpcEndpointIds) as string[] | undefined) : undefined,
            description: plain(s.description),
        });
    } catch (e) {
        // Only the user's definition can clash with what the component's features add (their inputs are checked apart).
        if (!(e instanceof ShareConflict)) throw e;
        check.fail(
            "openApiDefinition",
            "<definition>",
            `clashes with what the component adds: ${e.message.replace(/^OpenAPI document: /, "")}`,
        );
        return;
    }
    const size = Buffer.byteLength(text);
    if (size > OPENAPI_BODY_LIMIT) check.fail("routes", `${s.model.methods.length} methods`, sizeProblem(size));
}

/** Whether a value is known now: no output or promise anywhere in it. */
function isPlain(v: unknown): boolean {
    if (pulumi.Output.isInstance(v) || v instanceof Promise) return false;
    if (Array.isArray(v)) return v.every(isPlain);
    if (v && typeof v === "object") return Object.values(v).every(isPlain);
    return true;
}

/**
 * The API's OpenAPI document, rendered once every value it holds is known (the
 * size was bounded at construction; checked again here for what could not be).
 */
function renderOpenApi(s: RestApiSettings, roleArns: ReadonlyMap<aws.sfn.StateMachine, pulumi.Output<string>>): pulumi.Output<string> {
    // Resolve each distinct target once (many methods share one handler).
    const firstUse = new Map<object, Method>();
    for (const m of s.model.methods) if (!firstUse.has(targetOf(m))) firstUse.set(targetOf(m), m);
    const distinct = [...firstUse.values()];
    const authorizers = s.edge.authorizers;
    return pulumi
        .output({
            targets: distinct.map(m => targetInputs(m, roleArns)),
            authorizers: authorizers ? authorizerInputs(authorizers) : {},
            policy: s.edge.policy,
            vpcEndpointIds: s.endpointType === "PRIVATE" ? s.vpcEndpointIds : undefined,
            description: s.description,
        })
        .apply(resolved => {
            const described = new Map<object, ResolvedTarget>(distinct.map((m, i) => [targetOf(m), resolved.targets[i] as ResolvedTarget]));
            const text = documentText(s, {
                target: m => described.get(targetOf(m))!,
                authorizers: resolved.authorizers as DocumentValues["authorizers"],
                policy: resolved.policy,
                vpcEndpointIds: resolved.vpcEndpointIds as string[] | undefined,
                description: resolved.description,
            });
            const size = Buffer.byteLength(text);
            if (size > OPENAPI_BODY_LIMIT) throw new InputError(s.label, "routes", `${s.model.methods.length} methods`, sizeProblem(size));
            return text;
        });
}

/**
 * A deployment snapshots the API as its body defines it, so it must come
 * after the RestApi (whose update puts the body) and after the Lambda
 * permissions (so the stage never serves a route its function refuses), and
 * must be replaced exactly when the document changes: its trigger is the
 * hash of the body the RestApi holds (the rendered document, or what a
 * transform made of it). Every feature that changes what a deployment serves is a
 * share of the document (shared/openApiShare.ts), so none can forget to
 * redeploy; what lives on the stage (logs, tracing, throttles) is not in it.
 */
function createDeployment(
    name: string,
    s: RestApiSettings,
    restApi: aws.apigateway.RestApi,
    permissions: readonly pulumi.Resource[],
    parent: pulumi.Resource,
): aws.apigateway.Deployment {
    return new aws.apigateway.Deployment(
        name,
        {
            restApi: restApi.id,
            description: `Deployment of ${s.restApiName}`,
            triggers: { openApiDocument: bodyHash(restApi.body) },
            region: s.region,
        },
        { parent, dependsOn: [restApi, ...permissions] },
    );
}

/** What a method calls: its Lambda function, its route's integration settings or state machine target, its own integration. */
function targetOf(m: Method): object {
    switch (m.target.kind) {
        case "lambda":
            return m.target.handler;
        case "integration":
            return m.target.integration as object;
        case "stateMachine":
            return m.target.stateMachine;
        case "openApi":
            return m.target.extension;
    }
}
