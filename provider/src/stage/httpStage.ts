// An HTTP API's stage: the default route throttle (throttle, all callers
// together: HTTP APIs have no usage plans), one route setting per throttled
// route key, stage variables, and access logs. All of it is the stage's own
// settings, never in the deployment: changing any of it updates the stage and
// redeploys nothing.
//   - Route settings are keyed by route key ("GET /users/{id}", "ANY /files/{proxy+}",
//     "$default"); API Gateway refuses a key the deployed API does not have, so the
//     stage is created after the deployment of the routes.
//   - Stage variables ("Quotas for configuring and running an HTTP API"): at most
//     100 per stage, names of at most 64 characters, values of at most 512; names
//     are letters, digits and "_", values [A-Za-z0-9-._~:/?#&=,]+ (the v2
//     CreateStage reference).
//   - Access logs (accessLogs.ts with the HTTP rules): CloudWatch Logs only, a
//     format of at most 3 KB, and no account-wide CloudWatch role needed (HTTP
//     APIs deliver logs through CloudWatch Logs' own resource policy).
import type * as aws from "@pulumi/aws";
import type { InputChecker } from "../shared/inputErrors";
import type { RouteModel } from "../routes/routeModel";
import type { AccessLogsInputs, ThrottleInputs } from "../shared/schema-types";
import { AccessLogRules, AccessLogSettings, accessLogSettings } from "./accessLogs";
import { checkedRouteThrottle, ThrottledRoute } from "./methodSettings";
import { checkThrottle, DEFAULT_THROTTLE } from "./usagePlan";

/**
 * The default line: one JSON object saying who called (source IP, user agent; for
 * IAM routes the caller, user ARN and account; for JWT routes the token's subject
 * and client; for Lambda authorizers their principal), what was asked (route key,
 * method, path), what was answered, and why a request was refused (the error and
 * its type, the authorizer's and the integration's errors). Never a token or a
 * header value: claims are named one by one, and only identifiers.
 */
export const DEFAULT_HTTP_ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    requestTime: "$context.requestTime",
    requestTimeEpoch: "$context.requestTimeEpoch",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    caller: "$context.identity.caller",
    user: "$context.identity.user",
    userArn: "$context.identity.userArn",
    accountId: "$context.identity.accountId",
    principalOrgId: "$context.identity.principalOrgId",
    jwtSubject: "$context.authorizer.claims.sub",
    jwtClientId: "$context.authorizer.claims.client_id",
    authorizerPrincipalId: "$context.authorizer.principalId",
    clientCertSerialNumber: "$context.identity.clientCert.serialNumber",
    domainName: "$context.domainName",
    routeKey: "$context.routeKey",
    httpMethod: "$context.httpMethod",
    path: "$context.path",
    stage: "$context.stage",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    errorMessage: "$context.error.message",
    errorResponseType: "$context.error.responseType",
    authorizerError: "$context.authorizer.error",
    integrationStatus: "$context.integration.status",
    integrationLatency: "$context.integration.latency",
    integrationError: "$context.integration.error",
});

/** "Access log template size" of an HTTP API: 3 KB. */
export const HTTP_ACCESS_LOG_FORMAT_LIMIT = 3 * 1024;

export const HTTP_ACCESS_LOG_RULES: AccessLogRules = {
    defaultFormat: DEFAULT_HTTP_ACCESS_LOG_FORMAT,
    firehose: false,
    maxFormatBytes: HTTP_ACCESS_LOG_FORMAT_LIMIT,
};

export const STAGE_VARIABLE_LIMITS = { count: 100, nameLength: 64, valueLength: 512 } as const;
const VARIABLE_NAME = /^[A-Za-z0-9_]+$/;
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=,]+$/;

export interface RouteSetting {
    readonly routeKey: string;
    readonly throttlingBurstLimit: number;
    readonly throttlingRateLimit: number;
}

export interface HttpStageSettings {
    readonly throttle: { readonly burstLimit: number; readonly rateLimit: number };
    readonly routeSettings: readonly RouteSetting[];
    readonly stageVariables?: Readonly<Record<string, string>>;
    readonly accessLogs?: AccessLogSettings;
}

export function httpStageSettings<H, I>(
    args: {
        readonly throttle?: ThrottleInputs;
        readonly routes?: readonly ThrottledRoute[];
        readonly stageVariables?: Record<string, string>;
        readonly accessLogs?: AccessLogsInputs;
    },
    model: RouteModel<H, I>,
    names: { stackName: string; stageName: string },
    check: InputChecker,
): HttpStageSettings {
    const given = args.throttle && typeof args.throttle === "object" ? args.throttle : {};
    const throttle = {
        burstLimit: given.burstLimit ?? DEFAULT_THROTTLE.burstLimit,
        rateLimit: given.rateLimit ?? DEFAULT_THROTTLE.rateLimit,
    };
    checkThrottle(throttle, "throttle", check);
    return {
        throttle,
        routeSettings: routeSettings(args.routes, model, check),
        stageVariables: checkStageVariables(args.stageVariables, check),
        accessLogs: accessLogSettings(args.accessLogs, names, check, HTTP_ACCESS_LOG_RULES),
    };
}

/** One route setting per route key a throttled route defines (ANY is a route key of its own on an HTTP API). */
function routeSettings<H, I>(routes: readonly ThrottledRoute[] | undefined, model: RouteModel<H, I>, check: InputChecker): RouteSetting[] {
    const settings: RouteSetting[] = [];
    (Array.isArray(routes) ? routes : []).forEach((route, i) => {
        const throttle = checkedRouteThrottle(route?.throttle, `routes[${i}].throttle`, check);
        if (!throttle) return;
        for (const m of model.methods.filter(m => m.route === i)) {
            settings.push({ routeKey: m.key, throttlingBurstLimit: throttle.burstLimit, throttlingRateLimit: throttle.rateLimit });
        }
    });
    return settings.sort((a, b) => (a.routeKey < b.routeKey ? -1 : a.routeKey > b.routeKey ? 1 : 0));
}

function checkStageVariables(value: unknown, check: InputChecker): Readonly<Record<string, string>> | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== "object" || Array.isArray(value)) {
        check.fail("stageVariables", value, "must be a map of names to values");
        return undefined;
    }
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length > STAGE_VARIABLE_LIMITS.count) {
        check.fail("stageVariables", `${entries.length} variables`, `a stage has at most ${STAGE_VARIABLE_LIMITS.count} variables`);
    }
    for (const [name, v] of entries) {
        if (name.length === 0 || name.length > STAGE_VARIABLE_LIMITS.nameLength || !VARIABLE_NAME.test(name)) {
            check.fail(
                "stageVariables",
                name,
                `a stage variable's name is 1 to ${STAGE_VARIABLE_LIMITS.nameLength} letters, digits or "_"`,
            );
        }
        if (typeof v !== "string" || v.length === 0 || v.length > STAGE_VARIABLE_LIMITS.valueLength || !VARIABLE_VALUE.test(v)) {
            check.fail(
                `stageVariables.${name}`,
                v,
                `must be 1 to ${STAGE_VARIABLE_LIMITS.valueLength} of the characters API Gateway allows in a stage variable (letters, digits and - . _ ~ : / ? # & = ,)`,
            );
        }
    }
    return value as Record<string, string>;
}

/** The Stage's throttling and route settings. */
export function stageRouteArgs(
    s: HttpStageSettings,
): Pick<aws.apigatewayv2.StageArgs, "defaultRouteSettings" | "routeSettings" | "stageVariables"> {
    return {
        defaultRouteSettings: { throttlingBurstLimit: s.throttle.burstLimit, throttlingRateLimit: s.throttle.rateLimit },
        ...(s.routeSettings.length ? { routeSettings: s.routeSettings.map(r => ({ ...r })) } : {}),
        ...(s.stageVariables ? { stageVariables: { ...s.stageVariables } } : {}),
    };
}
