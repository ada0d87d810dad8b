// The API Gateway v2 graph of SecureHttpApi, built from the same route model as
// the REST components:
//   Api (protocol HTTP; its body: the OpenAPI document, httpApiDocument.ts)
//   + Lambda permissions (lambdaPermissions.ts, HTTP invoke sources) → Deployment → Stage,
//   with the stage's throttles, variables and access logs (stage/httpStage.ts), and
//   optionally a custom domain with its API mapping (edge/httpDomain.ts).
//
// Explicit deployments, not autoDeploy: the Deployment comes after the Api (whose
// update re-imports the body) and after the Lambda permissions, so the stage never
// serves a route its function refuses; its trigger is the hash of the body the Api
// holds, so any change of a route, authorizer or CORS redeploys, and nothing else
// does; and the stage moves to the new deployment within the same `pulumi up`,
// after everything it serves exists. With autoDeploy, API Gateway would deploy the
// moment the body is imported (before the permissions), asynchronously, and the
// stage's deploymentId would change behind Pulumi's back (drift on every refresh).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../shared/awsContext";
import { InputError } from "../shared/inputErrors";
import { lateCheck } from "../shared/lateChecks";
import type { DomainSettings } from "../edge/domain";
import { createHttpDomain, HttpDomainResources } from "../edge/httpDomain";
import { apiCorsConfiguration, HttpCorsSettings, httpCorsShare } from "../edge/httpCors";
import {
    HttpAuthSettings,
    httpAuthorizerInputs,
    httpAuthShare,
    httpSecurityRequirement,
    ResolvedHttpAuthorizer,
} from "../edge/httpAuthorizers";
import type { RouteModel } from "../routes/routeModel";
import type { IntegrationInputs } from "../shared/schema-types";
import { createAccessLogs } from "../stage/accessLogs";
import { StageUrls, stageUrls } from "../stage/stageUrls";
import { HttpStageSettings, stageRouteArgs } from "../stage/httpStage";
import type { Handler } from "./integration";
import type { ApiMethod } from "../routes/routeModel";
import type { HttpResolvedTarget } from "./httpApiIntegration";
import { createLambdaPermissions, PlannedPermission } from "./lambdaPermissions";
import { bodyHash, renderDocument } from "./openApi";
import { httpApiDocument } from "./httpApiDocument";

export interface HttpApiSettings {
    /** The component as input errors name it: SecureHttpApi "api". */
    readonly label: string;
    readonly stackName: string;
    readonly apiName: string;
    readonly description?: pulumi.Input<string>;
    readonly stageName: string;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly model: RouteModel<Handler, IntegrationInputs>;
    readonly permissions: readonly PlannedPermission[];
    readonly auth: HttpAuthSettings;
    readonly cors?: HttpCorsSettings;
    readonly domain?: DomainSettings;
    readonly disableExecuteApiEndpoint: boolean;
    readonly stage: HttpStageSettings;
}

export interface HttpApiGraph extends StageUrls {
    readonly api: aws.apigatewayv2.Api;
    /** The Api's body: every route and API-level setting as one OpenAPI 3.0 document (JSON). */
    readonly openApiDocument: pulumi.Output<string>;
    readonly permissions: readonly aws.lambda.Permission[];
    readonly deployment: aws.apigatewayv2.Deployment;
    readonly stage: aws.apigatewayv2.Stage;
    readonly accessLogGroup?: aws.cloudwatch.LogGroup;
    readonly domain?: HttpDomainResources;
    readonly executionArn: pulumi.Output<string>;
}

export function createHttpApi(name: string, s: HttpApiSettings, parent: pulumi.Resource): HttpApiGraph {
    const opts = { parent };
    const openApi = renderHttpDocument(s);
    const api = new aws.apigatewayv2.Api(
        name,
        {
            name: s.apiName,
            protocolType: "HTTP",
            description: s.description,
            body: openApi,
            // A warning (an extension API Gateway ignores, an integration it cannot make) stops the import
            // instead of leaving part of the API out.
            failOnWarnings: true,
            disableExecuteApiEndpoint: s.disableExecuteApiEndpoint,
            // The provider re-applies this after each ReimportApi (and deletes a configuration it does not have).
            ...(s.cors ? { corsConfiguration: apiCorsConfiguration(s.cors) } : {}),
            region: s.region,
            tags: s.tags,
        },
        opts,
    );
    const permissions = createLambdaPermissions(name, s.permissions, api.executionArn, parent);
    const deployment = new aws.apigatewayv2.Deployment(
        name,
        {
            apiId: api.id,
            description: `Deployment of ${s.apiName}`,
            triggers: { openApiDocument: bodyHash(api.body) },
            region: s.region,
        },
        { parent, dependsOn: [api, ...permissions] },
    );
    const access = s.stage.accessLogs ? createAccessLogs(name, s.stage.accessLogs, { region: s.region, tags: s.tags, parent }) : undefined;
    const stage = new aws.apigatewayv2.Stage(
        name,
        {
            apiId: api.id,
            name: s.stageName,
            deploymentId: deployment.id,
            autoDeploy: false,
            ...stageRouteArgs(s.stage),
            ...(access ? { accessLogSettings: access.stageSettings } : {}),
            region: s.region,
            tags: s.tags,
        },
        opts,
    );
    const where = awsContext(parent, s.region);
    const domain = s.domain
        ? createHttpDomain(s.domain, {
              name,
              label: s.label,
              api,
              stage,
              region: s.region,
              apiRegion: () => where.region,
              tags: s.tags,
              parent,
          })
        : undefined;

    return {
        api,
        openApiDocument: openApi,
        permissions,
        deployment,
        stage,
        accessLogGroup: access?.logGroup,
        domain,
        ...stageUrls(stage.invokeUrl, s.model.paths, domain),
        executionArn: api.executionArn,
    };
}

/** A route method of an HTTP API: it calls a Lambda function or an HTTP integration (a state machine is refused at construction). */
type HttpMethod = ApiMethod<Handler, IntegrationInputs>;

/** The values a route's target needs resolved before it can be rendered. */
function httpTargetInputs(m: HttpMethod): pulumi.Input<unknown> {
    if (m.target.kind === "lambda") return { lambda: m.target.handler.invokeArn };
    if (m.target.kind === "integration") return { integration: m.target.integration as pulumi.Input<unknown> };
    throw new Error(`an HTTP API route cannot call a ${m.target.kind} target (refused at construction)`);
}

/** The document as text, from resolved values. */
export function httpDocumentText(
    s: HttpApiSettings,
    v: { target: (m: HttpMethod) => HttpResolvedTarget; authorizers: Record<string, ResolvedHttpAuthorizer>; description?: string },
): string {
    return renderDocument(
        httpApiDocument({
            title: s.apiName,
            description: v.description,
            model: s.model,
            target: v.target,
            security: m => {
                const auth = s.auth.byRoute.get(m.route);
                if (!auth)
                    throw new InputError(s.label, `routes[${m.route}].authorizer`, undefined, "has no authorization (internal error)");
                return httpSecurityRequirement(auth);
            },
            shares: [httpAuthShare(s.auth, v.authorizers, s.label), s.cors && httpCorsShare(s.cors)],
            disableExecuteApiEndpoint: s.disableExecuteApiEndpoint,
        }),
    );
}

/**
 * The document, rendered once every value it holds is known. It is a late check
 * of the component (shared/lateChecks.ts): an authorizer's issuer, audiences or
 * pool given as outputs are checked as they resolve, and a bad one stops every child.
 */
function renderHttpDocument(s: HttpApiSettings): pulumi.Output<string> {
    const targetOf = (m: HttpMethod): object =>
        m.target.kind === "lambda" ? m.target.handler : (m.target as { integration: object }).integration;
    const firstUse = new Map<object, HttpMethod>();
    for (const m of s.model.methods) if (!firstUse.has(targetOf(m))) firstUse.set(targetOf(m), m);
    const distinct = [...firstUse.values()];
    const text = pulumi
        .output({
            targets: distinct.map(httpTargetInputs),
            authorizers: httpAuthorizerInputs(s.auth),
            description: s.description,
        })
        .apply(resolved => {
            const described = new Map<object, HttpResolvedTarget>(
                distinct.map((m, i) => [targetOf(m), resolved.targets[i] as HttpResolvedTarget]),
            );
            return httpDocumentText(s, {
                target: m => described.get(targetOf(m))!,
                authorizers: resolved.authorizers as Record<string, ResolvedHttpAuthorizer>,
                description: resolved.description,
            });
        });
    return lateCheck(s.label, text);
}
