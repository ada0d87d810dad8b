// The inputs both components share (schema.yaml writes them out in both):
// defaults, checks, and the route model. Each component adds only its own
// security on top (secureRestApi.ts, iamSecureRestApi.ts).
import * as pulumi from "@pulumi/pulumi";
import { AccountQuota, accountQuotaWarning, checkResourceQuota, checkTags } from "../graph/awsLimits";
import { ComponentSecurity, EdgeInputs, edgeSettings } from "../edge/edgeInputs";
import { checkIntegration, Handler } from "../graph/integration";
import { apiOptions } from "../graph/apiOptions";
import { InputChecker } from "../shared/inputErrors";
import {
    checkPermissionPolicySize,
    DEFAULT_PERMISSION_SCOPE,
    planAuthorizerPermissions,
    planLambdaPermissions,
} from "../graph/lambdaPermissions";
import { observabilitySettings } from "../stage/observability";
import { buildRouteModel, routeField, RouteSpec } from "../routes/routeModel";
import { readDefinition } from "../routes/openApiDefinition";
import { definitionRoutes, RouteLike } from "../routes/definitionRoutes";
import { checkDefinitionSecurity, definitionExtensions, publicResources } from "../edge/definitionSecurity";
import { planStateMachineRoles, StateMachineTarget, stateMachineTarget } from "../graph/stepFunctions";
import type { IntegrationInputs } from "../shared/schema-types";
import { clientCertificateSetting } from "../stage/clientCertificate";
import { checkCacheableIdentity, stageCacheSettings } from "../stage/stageCache";
import { checkHardening } from "./hardening";
import type { RestApiSettings } from "../graph/restApi";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { EndpointTypeValues, LambdaPermissionScopeValues } from "../shared/schema-types";
import { usageLimits } from "../stage/usagePlan";
import type { DerivedName } from "../shared/names";
import { SSM_PARAMETER_KIND } from "../shared/names";

export type SharedInputs = Pick<
    SecureRestApiArgs,
    | "restApiName"
    | "stackName"
    | "description"
    | "stageName"
    | "endpointType"
    | "routes"
    | "throttle"
    | "quota"
    | "region"
    | "profile"
    | "tags"
    | "vpcEndpointIds"
    | "lambdaPermissionScope"
    | "apiResourceQuota"
    | "accessLogs"
    | "executionLogs"
    | "cloudWatchRole"
    | "binaryMediaTypes"
    | "minimumCompressionSize"
    | "openApiDefinition"
    | "operations"
    | "publicOperations"
    | "audit"
    | "hardening"
    | "clientCertificate"
    | "stageCache"
> &
    EdgeInputs;

export const DEFAULT_STAGE_NAME = "prod";

// stackName prefixes SSM parameter, IAM, secret and API Gateway names; this is
// the character set all of them accept (and what {project}-{stack} yields).
const STACK_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const STAGE_NAME = /^[A-Za-z0-9_]{1,128}$/;

export function defaultStackName(): string {
    return `${pulumi.getProject()}-${pulumi.getStack()}`;
}

/** Settings of the shared graph; the component supplies its own security (authorization, CORS headers). */
export type SharedSettings = RestApiSettings & {
    /** `routes`, then the operations of openApiDefinition as routes (definitionRoutes.ts): what route grants may name. */
    readonly allRoutes: readonly RouteLike[];
};

/**
 * The stackName (default {project}-{stack}), checked. A name of the wrong type is
 * reported, and a stand-in string carries the checks after it (names derive from
 * it), so every other problem is still reported.
 */
export function checkedStackName(value: unknown, check: InputChecker): string {
    let stackName = value ?? defaultStackName();
    if (typeof stackName !== "string" || !STACK_NAME.test(stackName)) {
        check.fail("stackName", stackName, 'must start with a letter or digit and contain only letters, digits, ".", "_" and "-"');
        if (typeof stackName !== "string") stackName = "invalid-stackName";
    } else if (stackName.length > 128) {
        check.fail("stackName", stackName, "must be at most 128 characters");
    }
    return stackName as string;
}

export function sharedSettings(args: SharedInputs, check: InputChecker, security: ComponentSecurity): SharedSettings {
    const stackName = checkedStackName(args.stackName, check);
    let restApiName = args.restApiName ?? stackName;
    if (typeof restApiName !== "string" || restApiName.trim() === "" || restApiName.length > 1024) {
        check.fail("restApiName", restApiName, "must be a non-empty string of at most 1024 characters");
        if (typeof restApiName !== "string") restApiName = "invalid-restApiName";
    }
    let stageName = args.stageName ?? DEFAULT_STAGE_NAME;
    if (typeof stageName !== "string" || !STAGE_NAME.test(stageName)) {
        check.fail("stageName", stageName, 'must be 1 to 128 letters, digits or "_" (API Gateway\'s stage name rule)');
        if (typeof stageName !== "string") stageName = "invalid_stageName";
    }
    const endpointType = args.endpointType ?? "EDGE";
    if (!(EndpointTypeValues as readonly unknown[]).includes(endpointType)) {
        check.fail("endpointType", endpointType, `must be one of ${EndpointTypeValues.join(", ")}`);
    }
    if (endpointType === "PRIVATE" && args.vpcEndpointIds === undefined) {
        check.fail(
            "vpcEndpointIds",
            undefined,
            "is required with endpointType PRIVATE: a private API is reachable only through VPC endpoints",
        );
    }
    if (args.tags !== undefined && (typeof args.tags !== "object" || args.tags === null || Array.isArray(args.tags))) {
        check.fail("tags", args.tags, "must be a map of strings");
    }
    checkTags(args.tags, check);
    const scope = args.lambdaPermissionScope ?? DEFAULT_PERMISSION_SCOPE;
    if (!(LambdaPermissionScopeValues as readonly unknown[]).includes(scope)) {
        check.fail("lambdaPermissionScope", scope, `must be one of ${LambdaPermissionScopeValues.join(", ")}`);
    }

    checkHardening(args, check);
    // The user's OpenAPI definition: its operations become routes of the one model (definitionRoutes.ts).
    const given = args.openApiDefinition !== undefined && args.openApiDefinition !== null;
    const definition = given ? readDefinition(args.openApiDefinition, check) : undefined;
    const fromDefinition = definitionRoutes(definition, args.operations, args.publicOperations, check, given);
    const allRoutes: RouteLike[] | undefined =
        fromDefinition.length === 0
            ? (args.routes as RouteLike[] | undefined)
            : [...(Array.isArray(args.routes) ? args.routes : []), ...fromDefinition];
    const specs = Array.isArray(allRoutes)
        ? allRoutes.map((route, i): RouteSpec<Handler, IntegrationInputs, StateMachineTarget> => {
              if (!route || typeof route !== "object") return route;
              const target = stateMachineTarget(route.stateMachine, route.stateMachineOptions, routeField(route, i), check);
              return { ...route, stateMachine: target ?? (route.stateMachine as unknown as StateMachineTarget | undefined) };
          })
        : (allRoutes as undefined);
    const model = buildRouteModel<Handler, IntegrationInputs, StateMachineTarget>(specs, check, "routes", {
        noRoutes: "at least one route (or operation of openApiDefinition) is needed: API Gateway cannot deploy a REST API with no methods",
    });
    (Array.isArray(allRoutes) ? allRoutes : []).forEach((route, i) => {
        if (route && route.integration && !route.handler) checkIntegration(route.integration, `${routeField(route, i)}.integration`, check);
        if (route && route.handler && !pulumi.Resource.isInstance(route.handler)) {
            check.fail(`${routeField(route, i)}.handler`, route.handler, "must be a Lambda function resource (aws.lambda.Function)");
        }
    });
    checkResourceQuota(model.resources.length, args.apiResourceQuota, check);
    const limits = usageLimits(args.throttle, args.quota, check);
    const extensions = definitionExtensions(definition, security.auth, check);
    const routedArgs = { ...args, routes: allRoutes };
    let edge = edgeSettings(routedArgs, endpointType, security, check, stageName, stackName, {
        denies: extensions.policyDenies,
        publicResources: publicResources(fromDefinition),
    });
    if (definition) {
        const offset = allRoutes!.length - fromDefinition.length;
        const authorizers = checkDefinitionSecurity(
            definition,
            fromDefinition,
            r => offset + fromDefinition.indexOf(r),
            security.auth,
            edge.authorizers,
            check.component.split(" ")[0],
            check,
        );
        edge = { ...edge, authorizers };
    }
    // The routes' permissions and the Lambda authorizers' share one size check per function.
    const routePermissions = planLambdaPermissions(model.methods, { stackName, stageName, scope });
    const permissions = [...routePermissions, ...planAuthorizerPermissions(edge.authorizers, stackName, routePermissions)];
    checkPermissionPolicySize(permissions, scope, check);
    const stateMachineRoles = planStateMachineRoles(
        model.methods.flatMap(m =>
            m.target.kind === "stateMachine" && m.target.stateMachine?.settings
                ? [{ target: m.target.stateMachine, methodKey: m.key }]
                : [],
        ),
        stackName,
    );
    // A cache must be keyed on the caller (stage/stageCache.ts): an API key can; a SigV4 signature cannot.
    const stageCache = stageCacheSettings(
        args.stageCache,
        security.auth.apiKeyRequired
            ? { ok: true }
            : {
                  ok: false,
                  why:
                      "is not offered on IAMSecureRestApi: a SigV4 Authorization header differs on every request, so a cache keyed " +
                      "on the caller would never hit, and one that is not would serve one identity's responses to another",
              },
        check,
    );
    if (stageCache && edge.authorizers) {
        const used = new Set([...edge.authorizers.byRoute.values()].map(r => r.name));
        for (const name of used) checkCacheableIdentity(edge.authorizers.authorizers.get(name)!, check);
    }

    return {
        label: check.component,
        stackName,
        restApiName,
        description: args.description ?? definition?.info.description,
        stageName,
        endpointType,
        vpcEndpointIds: args.vpcEndpointIds,
        region: args.region,
        tags: args.tags,
        model,
        permissions,
        stateMachineRoles,
        definition: definition && { share: extensions.share, version: definition.info.version },
        allRoutes: Array.isArray(allRoutes) ? allRoutes : [],
        limits,
        auth: security.auth,
        edge,
        observability: observabilitySettings(routedArgs, { stackName, stageName }, model, check),
        apiOptions: apiOptions(args, check),
        clientCertificate: clientCertificateSetting(args.clientCertificate, check),
        stageCache,
    };
}

// stackName prefixes every AWS name a component creates, so two components of
// one stack with the same stackName would fight over one SSM parameter, usage
// plan, IAM user... Claims are per Pulumi project, stack and operation.
const claimed = new Map<string, string>();

/**
 * The current operation: the engine serves each preview/up/destroy on a
 * resource monitor of its own, so a plugin process the engine reuses
 * (PULUMI_DEBUG_PROVIDERS) starts every operation with no claims.
 */
function operation(): string {
    const monitor = pulumi.runtime.getMonitor() as { getChannel?: () => { getTarget(): string } } | undefined;
    return typeof monitor?.getChannel === "function" ? monitor.getChannel().getTarget() : "";
}

/** Claims `what` for `owner` in this stack and operation; returns the previous owner if it was claimed already. */
function claim(what: string, owner: string): string | undefined {
    const key = `${operation()}/${pulumi.getProject()}/${pulumi.getStack()}/${what}`;
    const previous = claimed.get(key);
    if (previous === undefined) claimed.set(key, owner);
    return previous;
}

export function claimStackName(stackName: string, owner: string, check: InputChecker): void {
    const previous = claim(stackName, owner);
    if (previous !== undefined) {
        check.fail("stackName", stackName, `is already used by ${previous} in this stack; give each component its own stackName`);
    }
}

/**
 * Claims, for this stack, every name a component derives from its inputs that
 * another component could derive too: Pulumi names of children of the same
 * component type (a SecureRestApi "a" with client "b" and a SecureRestApi
 * "a-client-b" would both name an API key "a-client-b": "Duplicate resource URN"),
 * and SSM parameters per region (two keys would share one value). Refuses a name
 * claimed already, naming the field and the component that has it.
 */
export function claimDerivedNames(
    componentType: string,
    names: readonly DerivedName[],
    region: unknown,
    owner: string,
    check: InputChecker,
): void {
    // The component itself: a second one of the same type and name would be a duplicate URN of its own.
    if (claim(`{${componentType}} ${owner}`, owner) !== undefined) {
        check.fail(
            "name",
            owner.slice(componentType.length + 2, -1),
            `is already the name of another ${componentType} in this stack; give each component its own name`,
        );
        return;
    }
    const where = typeof region === "string" ? region : "the AWS provider's region";
    for (const n of names) {
        const scope = n.kind === SSM_PARAMETER_KIND ? `{${n.kind} in ${where}}` : `{${componentType} ${n.kind}}`;
        const previous = claim(`${scope} ${n.name}`, owner);
        if (previous !== undefined && previous !== owner) {
            check.fail(
                n.field,
                n.value,
                `makes the ${n.kind} ${JSON.stringify(n.name)} (${n.what}), which ${previous} in this stack already makes; ` +
                    "rename one of the two components or change this input",
            );
        }
    }
}

/**
 * Adds one component's count of each account quota to the stack's (per region
 * input) and warns, on the component, when the stack's share passes half a
 * quota or the quota itself (graph/awsLimits.ts ACCOUNT_QUOTAS). A warning, not an
 * error: the rest of the account decides whether the resources fit.
 */
export function countAccountQuotas(counts: Partial<Record<AccountQuota, number>>, region: unknown, warn: (message: string) => void): void {
    const where = typeof region === "string" ? region : "the AWS provider's region";
    for (const [quota, n] of Object.entries(counts) as [AccountQuota, number][]) {
        if (!n) continue;
        const key = `${operation()}/${pulumi.getProject()}/${pulumi.getStack()}/{quota ${quota} ${where}}`;
        const before = quotaCounts.get(key) ?? 0;
        quotaCounts.set(key, before + n);
        const message = accountQuotaWarning(quota, before, before + n, where);
        if (message) warn(message);
    }
}
const quotaCounts = new Map<string, number>();

/**
 * API Gateway's CloudWatch role is one per account and region (cloudWatchRole.ts):
 * two components of a stack setting it would overwrite each other. Regions
 * are told apart by the region input only.
 */
export function claimCloudWatchRole(region: unknown, owner: string, check: InputChecker): void {
    const where = typeof region === "string" ? region : "the AWS provider's region";
    const previous = claim(`{cloudWatchRole ${where}}`, owner);
    if (previous !== undefined) {
        check.fail(
            "cloudWatchRole",
            true,
            `${previous} in this stack already sets API Gateway's CloudWatch role for ${where} ` +
                "(one per account and region, shared by all its APIs); set cloudWatchRole on one component only",
        );
    }
}

/** For tests that build many components in one process. */
export function forgetClaimedStackNames(): void {
    claimed.clear();
    quotaCounts.clear();
}
