// SecureHttpApi's inputs, checked at construction (so at `pulumi preview`), all
// of them before anything is registered, into the settings graph/httpApi.ts
// builds from. The rules that are the REST components' too come from the same
// functions (route model, tags, Lambda permissions and their 20 KB check, CORS,
// custom domain, access logs, IAM identity); what differs for an HTTP API:
//   - the route model takes the $default catch-all route; a route's integration
//     is HTTP_PROXY only; request validation does not exist;
//   - at most 300 route keys: "Routes per API" is 300 by default and "Integrations
//     per API" 300 and not raisable ("Quotas for configuring and running an HTTP
//     API in API Gateway"), and the document has one integration per route key;
//   - stage names are 1 to 128 letters, digits, "-" and "_" (the v2 CreateStage
//     rule; $default, the stage served at the API's root, is not offered);
//   - API names are 1 to 128 characters (the aws provider's aws_apigatewayv2_api
//     check);
//   - the IAM identity inputs apply only when some route is decided by IAM, and
//     invokers are principals the invoke role trusts (no resource policy).
import * as pulumi from "@pulumi/pulumi";
import { accessKeyDerivedNames } from "../credentials/accessKeyRotation";
import { IdentitySettings, identitySettings } from "../credentials/iamIdentity";
import { checkTags } from "../graph/awsLimits";
import type { HttpApiSettings } from "../graph/httpApi";
import { checkHttpIntegration } from "../graph/httpApiIntegration";
import type { Handler } from "../graph/integration";
import {
    checkPermissionPolicySize,
    DEFAULT_PERMISSION_SCOPE,
    HTTP_INVOKE_SOURCES,
    planAuthorizerPermissions,
    planLambdaPermissions,
} from "../graph/lambdaPermissions";
import { httpAuthHeaders, httpAuthSettings } from "../edge/httpAuthorizers";
import { httpCorsSettings } from "../edge/httpCors";
import { httpDomainSettings } from "../edge/httpDomain";
import { invokerSettings } from "../edge/invokers";
import { InputChecker } from "../shared/inputErrors";
import type { DerivedName } from "../shared/names";
import { buildRouteModel, DEFAULT_ROUTE } from "../routes/routeModel";
import type { IntegrationInputs, SecureHttpApiArgs } from "../shared/schema-types";
import { LambdaPermissionScopeValues } from "../shared/schema-types";
import { httpStageSettings } from "../stage/httpStage";
import { checkedStackName, claimDerivedNames, claimStackName, countAccountQuotas } from "./sharedInputs";

export const DEFAULT_HTTP_STAGE_NAME = "prod";
export const MAX_ROUTE_KEYS = 300;
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const IDENTITY_FIELDS = [
    "createUser",
    "secretName",
    "secretRecoveryWindowInDays",
    "useRole",
    "roleName",
    "trustAccountRoot",
    "maxSessionDuration",
    "invokers",
    "policyRoutes",
    "accessKeyRotation",
] as const;

export interface HttpApiInputs {
    readonly settings: HttpApiSettings;
    /** The IAM identity (policy, optionally user and role): only when a route uses iam. */
    readonly identity?: IdentitySettings;
}

/** Every input checked (one InputError for all problems), then the stack-wide claims. */
export function checkHttpApiInputs(name: string, label: string, args: SecureHttpApiArgs): HttpApiInputs {
    const check = new InputChecker(label);
    const inputs = httpApiInputs(name, args, check);
    check.throwIfFailed();
    claimStackName(inputs.settings.stackName, label, check);
    const names: DerivedName[] = inputs.identity?.createUser ? accessKeyDerivedNames(name, inputs.identity.accessKeyRotation) : [];
    claimDerivedNames("SecureHttpApi", names, args.region, label, check);
    check.throwIfFailed();
    countAccountQuotas({ customDomains: inputs.settings.domain ? 1 : 0 }, args.region, message => pulumi.log.warn(`${label}: ${message}`));
    return inputs;
}

export function httpApiInputs(name: string, args: SecureHttpApiArgs, check: InputChecker): HttpApiInputs {
    const stackName = checkedStackName(args.stackName, check);
    let apiName = args.apiName ?? stackName;
    if (typeof apiName !== "string" || apiName.trim() === "" || apiName.length > 128) {
        check.fail("apiName", apiName, "must be a non-empty string of at most 128 characters");
        if (typeof apiName !== "string") apiName = "invalid-apiName";
    }
    let stageName = args.stageName ?? DEFAULT_HTTP_STAGE_NAME;
    if (stageName === "$default") {
        check.fail("stageName", stageName, "a $default stage (served at the API's root) is not offered: name the stage, e.g. prod");
    } else if (typeof stageName !== "string" || !STAGE_NAME.test(stageName)) {
        check.fail("stageName", stageName, 'must be 1 to 128 letters, digits, "-" or "_" (API Gateway\'s stage name rule)');
        if (typeof stageName !== "string") stageName = "invalid_stageName";
    }
    if (args.tags !== undefined && (typeof args.tags !== "object" || args.tags === null || Array.isArray(args.tags))) {
        check.fail("tags", args.tags, "must be a map of strings");
    }
    checkTags(args.tags, check);
    const scope = args.lambdaPermissionScope ?? DEFAULT_PERMISSION_SCOPE;
    if (!(LambdaPermissionScopeValues as readonly unknown[]).includes(scope)) {
        check.fail("lambdaPermissionScope", scope, `must be one of ${LambdaPermissionScopeValues.join(", ")}`);
    }

    const model = buildRouteModel<Handler, IntegrationInputs>(args.routes, check, "routes", {
        catchAll: true,
        noRoutes: "at least one route is needed: an HTTP API without routes answers nothing",
    });
    (Array.isArray(args.routes) ? args.routes : []).forEach((route, i) => {
        if (!route || typeof route !== "object") return;
        if (route.integration && !route.handler) checkHttpIntegration(route.integration, `routes[${i}].integration`, check);
        if (route.handler && !pulumi.Resource.isInstance(route.handler)) {
            check.fail(`routes[${i}].handler`, route.handler, "must be a Lambda function resource (aws.lambda.Function)");
        }
        for (const f of ["stateMachine", "stateMachineOptions"] as const) {
            if (route[f] !== undefined && route[f] !== null) {
                check.fail(
                    `routes[${i}].${f}`,
                    f === "stateMachine" ? "<state machine>" : route[f],
                    "a state machine is a REST API route target (SecureRestApi, IAMSecureRestApi): an HTTP API would need an AWS service integration, which SecureHttpApi does not offer",
                );
            }
        }
        if (route.requestValidation !== undefined && route.requestValidation !== null) {
            check.fail(
                `routes[${i}].requestValidation`,
                route.requestValidation,
                "HTTP APIs do not validate requests (API Gateway ignores a body schema on import): validate in the handler, or use SecureRestApi",
            );
        }
    });
    if (model.methods.length > MAX_ROUTE_KEYS) {
        check.fail(
            "routes",
            `${model.methods.length} route keys`,
            `an HTTP API has at most ${MAX_ROUTE_KEYS} routes (and ${MAX_ROUTE_KEYS} integrations, not raisable; each route key has its own): ` +
                `use a {proxy+} route or ${DEFAULT_ROUTE}, or split the API`,
        );
    }

    const auth = httpAuthSettings(args.authorizer, args.routes, check);
    const disable = args.disableExecuteApiEndpoint ?? false;
    if (typeof disable !== "boolean") check.fail("disableExecuteApiEndpoint", disable, "must be true or false");
    const region = typeof args.region === "string" ? args.region : undefined;
    const cors = httpCorsSettings(args.cors, args.routes, [...new Set([...httpAuthHeaders(auth), "content-type"])].sort(), check);
    const domain = httpDomainSettings(args.domain, region, check, disable === true);
    const stage = httpStageSettings(args, model, { stackName, stageName }, check);

    // The routes' permissions and the Lambda authorizers' share one size check per function.
    const routePermissions = planLambdaPermissions(model.methods, { stackName, stageName, scope }, HTTP_INVOKE_SOURCES);
    const permissions = [...routePermissions, ...planAuthorizerPermissions(auth, stackName, routePermissions)];
    checkPermissionPolicySize(permissions, scope, check, HTTP_INVOKE_SOURCES);

    let identity: IdentitySettings | undefined;
    if (auth.usesIam) {
        const invokers = invokerSettings(args.invokers, check);
        if (invokers !== undefined && args.useRole !== true) {
            check.fail(
                "invokers",
                invokers,
                "only applies with useRole: true: HTTP APIs have no resource policy, so invokers are allowed by assuming the component's invoke role",
            );
        }
        identity = identitySettings(args, stackName, check, {
            // As httpAuthSettings decided each route (the route grants walk these same route objects).
            iamRoute: r => auth.byRoute.get((Array.isArray(args.routes) ? args.routes : []).indexOf(r as never))?.kind === "iam",
            stageResource: "*",
            trustedInvokers: invokers ?? [],
        });
    } else {
        for (const f of IDENTITY_FIELDS) {
            if (args[f] !== undefined) {
                check.fail(f, args[f], "only applies when a route is authorized by iam; every route here uses an authorizer");
            }
        }
    }
    return {
        settings: {
            label: check.component,
            stackName,
            apiName,
            description: args.description,
            stageName,
            region: args.region,
            tags: args.tags,
            model,
            permissions,
            auth,
            cors,
            domain,
            disableExecuteApiEndpoint: disable === true,
            stage,
        },
        identity,
    };
}
