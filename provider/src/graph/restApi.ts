// graph/: the API Gateway graph built from the route model (REST API, integrations, Lambda
// permissions, API options, AWS limits). May import edge, stage, routes, shared.
//
// The API Gateway graph both components share, built from a route model:
//   RestApi → Resources (one per path prefix) → Methods → Integrations
//   + Lambda permissions (one or two per function, lambdaPermissions.ts) → Deployment → Stage → UsagePlan,
//   with the stage's logs, tracing and method settings (observability.ts).
// Edge security (edgeInputs.ts): CORS preflights and gateway responses (cors.ts)
// before the deployment, the resource policy on the RestApi (resourcePolicy.ts),
// a custom domain (domain.ts) and a WAF web ACL (waf.ts) on the stage.
// A component passes only its method authorization (API key or AWS_IAM);
// everything else about routes lives here and in routeModel.ts.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiOptions, restApiOptionArgs } from "./apiOptions";
import { awsContext } from "../shared/awsContext";
import { createPreflight, PreflightResources } from "../edge/cors";
import { createDomain, DomainResources } from "../edge/domain";
import type { EdgeSettings, MethodAuthorization } from "../edge/edgeInputs";
import { createIntegration, describeTarget, Handler, IntegrationResources, Method } from "./integration";
import { createLambdaPermissions, PlannedPermission } from "./lambdaPermissions";
import { createMethodSettings } from "../stage/methodSettings";
import { createStageObservability, ObservabilitySettings } from "../stage/observability";
import type { RouteModel } from "../routes/routeModel";
import { routeModelFingerprint } from "../routes/routeModel";
import type { EndpointType, IntegrationInputs } from "../shared/schema-types";
import { createUsagePlan, UsageLimits } from "../stage/usagePlan";
import { createWaf, WafResources } from "../edge/waf";

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
    readonly model: RouteModel<Handler, IntegrationInputs>;
    readonly permissions: readonly PlannedPermission[];
    readonly auth: MethodAuthorization;
    readonly limits: UsageLimits;
    /** Logs, tracing, per-route throttles, the account's CloudWatch role (observability.ts). */
    readonly observability: ObservabilitySettings;
    /** binaryMediaTypes, minimumCompressionSize (apiOptions.ts). */
    readonly apiOptions: ApiOptions;
    /** CORS, resource policy, custom domain, WAF (edgeInputs.ts). */
    readonly edge: EdgeSettings;
}

export interface RestApiGraph {
    readonly restApi: aws.apigateway.RestApi;
    /** API Gateway resources by path ("/" is the API's root and has none). */
    readonly resources: ReadonlyMap<string, aws.apigateway.Resource>;
    /** Methods and their integrations by method key ("GET /users/{id}"). */
    readonly methods: ReadonlyMap<string, aws.apigateway.Method>;
    readonly integrations: ReadonlyMap<string, IntegrationResources>;
    readonly permissions: readonly aws.lambda.Permission[];
    readonly deployment: aws.apigateway.Deployment;
    readonly stage: aws.apigateway.Stage;
    readonly usagePlan: aws.apigateway.UsagePlan;
    /** executionLogs for every method ("*\/*"), then one per throttled route method. */
    readonly methodSettings: readonly aws.apigateway.MethodSettings[];
    readonly accessLogGroup?: aws.cloudwatch.LogGroup;
    /** With cors: the OPTIONS methods (the only unauthenticated ones) and the gateway responses. */
    readonly preflight?: PreflightResources;
    readonly domain?: DomainResources;
    readonly waf?: WafResources;
    /** The stage's base URL, ending in "/". */
    readonly apiEndpoint: pulumi.Output<string>;
    /** The URL of every route path. */
    readonly routeUrls: pulumi.Output<Record<string, string>>;
    readonly executionArn: pulumi.Output<string>;
    /** With domain: the stage's URL under it, every route's, and the DNS target. */
    readonly domainUrl?: pulumi.Output<string>;
    readonly domainRouteUrls?: pulumi.Output<Record<string, string>>;
    readonly domainDnsTarget?: pulumi.Output<string>;
    readonly webAclArn?: pulumi.Output<string>;
}

/** Builds the whole graph under `parent`; child names derive from `name`, paths and methods. */
export function createRestApi(name: string, s: RestApiSettings, parent: pulumi.Resource): RestApiGraph {
    const opts = { parent };
    const restApi = new aws.apigateway.RestApi(name, {
        name: s.restApiName,
        description: s.description,
        endpointConfiguration: { types: s.endpointType, vpcEndpointIds: s.vpcEndpointIds },
        policy: s.edge.policy,
        disableExecuteApiEndpoint: s.edge.disableExecuteApiEndpoint,
        apiKeySource: s.auth.apiKeyRequired ? "HEADER" : undefined,
        ...restApiOptionArgs(s.apiOptions),
        region: s.region,
        tags: s.tags,
    }, opts);

    const resources = createResources(name, s, restApi, parent);
    const resourceId = (path: string) => (path === "/" ? restApi.rootResourceId : resources.get(path)!.id);

    const methods = new Map<string, aws.apigateway.Method>();
    const integrations = new Map<string, IntegrationResources>();
    for (const m of s.model.methods) {
        const childName = `${name}-${m.method}${m.path}`;
        const method = new aws.apigateway.Method(childName, {
            restApi: restApi.id,
            resourceId: resourceId(m.path),
            httpMethod: m.method,
            authorization: s.auth.authorization,
            apiKeyRequired: s.auth.apiKeyRequired,
            region: s.region,
        }, opts);
        methods.set(m.key, method);
        integrations.set(m.key, createIntegration(m, {
            name: childName, restApi, resourceId: resourceId(m.path), method, region: s.region, parent,
        }));
    }

    const preflight = s.edge.cors ? createPreflight(s.edge.cors, s.model, { name, restApi, resourceId, region: s.region, parent }) : undefined;
    const permissions = createLambdaPermissions(name, s.permissions, restApi.executionArn, parent);
    const deployment = createDeployment(name, s, restApi, [...methods.values(), ...permissions, ...(preflight?.all ?? [])], [...integrations.values()], parent);
    const observed = createStageObservability(name, s, parent);
    const stage = new aws.apigateway.Stage(name, {
        restApi: restApi.id,
        deployment: deployment.id,
        stageName: s.stageName,
        ...observed.stageArgs,
        region: s.region,
        tags: s.tags,
    }, { parent, dependsOn: observed.dependsOn });
    const methodSettings = createMethodSettings(name, s.observability.executionLogs, s.observability.throttles, {
        restApi, stage, region: s.region, dependsOn: observed.dependsOn, parent,
    });
    const usagePlan = createUsagePlan(name, {
        stackName: s.stackName, restApi, stage, limits: s.limits, region: s.region, tags: s.tags,
    }, parent);

    // The API's region, looked up from the provider the component uses only if a domain or WAF check needs it.
    const where = awsContext(parent, s.region);
    const edgeCtx = { name, label: s.label, stackName: s.stackName, restApi, stage, region: s.region, tags: s.tags, parent, apiRegion: () => where.region };
    const domain = s.edge.domain ? createDomain(s.edge.domain, edgeCtx) : undefined;
    const waf = s.edge.webAcl ? createWaf(s.edge.webAcl, edgeCtx) : undefined;

    // AWS always reports a stage's invokeUrl; a unit test's mocks may leave it out: then the URLs are undefined, not a crash.
    const base = stage.invokeUrl.apply(u => (u === undefined ? undefined : u.replace(/\/$/, "")));
    return {
        restApi,
        resources,
        methods,
        integrations,
        permissions,
        deployment,
        stage,
        usagePlan,
        methodSettings,
        accessLogGroup: observed.accessLogGroup,
        preflight,
        domain,
        waf,
        apiEndpoint: base.apply(b => (b === undefined ? b : `${b}/`)) as pulumi.Output<string>,
        routeUrls: base.apply(b => (b === undefined ? b : urlsOf(b, s.model.paths))) as pulumi.Output<Record<string, string>>,
        executionArn: restApi.executionArn,
        domainUrl: domain && pulumi.output(`${domain.base}/`),
        domainRouteUrls: domain && pulumi.output(urlsOf(domain.base, s.model.paths)),
        domainDnsTarget: domain?.dnsTarget,
        webAclArn: waf?.webAclArn,
    };
}

/** The URL of every path under a base URL (no trailing "/"). */
function urlsOf(base: string, paths: readonly string[]): Record<string, string> {
    return Object.fromEntries(paths.map(p => [p, `${base}${p}`]));
}

/** One aws.apigateway.Resource per path prefix, each under its parent (the model lists parents first). */
function createResources(name: string, s: RestApiSettings, restApi: aws.apigateway.RestApi, parent: pulumi.Resource) {
    const resources = new Map<string, aws.apigateway.Resource>();
    for (const r of s.model.resources) {
        resources.set(r.path, new aws.apigateway.Resource(`${name}${r.path}`, {
            restApi: restApi.id,
            parentId: r.parentPath === "/" ? restApi.rootResourceId : resources.get(r.parentPath)!.id,
            pathPart: r.pathPart,
            region: s.region,
        }, { parent }));
    }
    return resources;
}

/**
 * A deployment snapshots the API's methods and integrations, so it must come
 * after all of them (and after the Lambda permissions, so the stage never
 * serves a route its function refuses), and must be replaced whenever any of them changes: its
 * trigger is a hash of the whole route model (paths, methods, each method's
 * target), of the authorization, and of what else a deployment snapshots or
 * applies: the CORS preflights and gateway responses, the resource policy
 * (API Gateway applies a changed policy only on deployment) and
 * disableExecuteApiEndpoint (likewise), binaryMediaTypes and minimumCompressionSize
 * (apiOptions.ts); and of nothing else: not of logs, tracing or throttles. Unset, these add
 * nothing to the hash, so an API without them keeps its trigger.
 */
function createDeployment(
    name: string,
    s: RestApiSettings,
    restApi: aws.apigateway.RestApi,
    methodsAndPermissions: pulumi.Resource[],
    integrations: IntegrationResources[],
    parent: pulumi.Resource,
): aws.apigateway.Deployment {
    // Resolve each distinct target once (many methods share one handler), then hash.
    const firstUse = new Map<object, Method>();
    for (const m of s.model.methods) if (!firstUse.has(targetOf(m))) firstUse.set(targetOf(m), m);
    const distinct = [...firstUse.values()];
    const fingerprint = pulumi.all([pulumi.output(distinct.map(describeTarget)), s.edge.policy]).apply(([resolved, policy]) => {
        const described = new Map(distinct.map((m, i) => [targetOf(m), resolved[i]]));
        const edge = { cors: s.edge.cors, policy, disableExecuteApiEndpoint: s.edge.disableExecuteApiEndpoint || undefined };
        return routeModelFingerprint(s.model, m => described.get(targetOf(m)), { ...s.auth, ...edge, ...restApiOptionArgs(s.apiOptions) });
    });
    const dependsOn: pulumi.Resource[] = [...methodsAndPermissions, ...integrations.flatMap(i => [i.integration, ...i.responses])];
    return new aws.apigateway.Deployment(name, {
        restApi: restApi.id,
        description: `Deployment of ${s.restApiName}`,
        triggers: { routes: fingerprint },
        region: s.region,
    }, { parent, dependsOn });
}

/** What a method calls: its Lambda function, or its route's integration settings. */
function targetOf(m: Method): object {
    return m.target.kind === "lambda" ? m.target.handler : (m.target.integration as object);
}
