// The stage's method settings (aws.apigateway.MethodSettings, i.e. UpdateStage
// patches): execution logs, metrics and the cache (stageCache.ts) for every method
// (method path "*/*") and one entry per throttled route method. They change the stage, never the deployment, so
// changing a log level or a route's throttle redeploys nothing and replaces no method.
//   Method path: "{resource_path}/{http_method}" with the resource path's "/"
//     written "~1" (a JSON pointer segment), "/users/{id}" GET -> "~1users~1{id}/GET",
//     the root "/" -> "~1/GET"; GetStage keys its methodSettings the same way,
//     which is how the aws provider reads them back.
//   An ANY method has no entry of its own: like the Serverless framework's
//     throttling plugin, an ANY route's throttle is set on each method ANY serves
//     (the seven others, minus those the path declares explicitly).
//   Every entry is one UpdateStage on the same stage; they run one after another,
//     since concurrent updates of one stage can fail with ConflictException.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputChecker } from "../shared/inputErrors";
import type { RouteModel } from "../routes/routeModel";
import { normalizePath, routeField } from "../routes/routeModel";
import type { ExecutionLogLevel, ExecutionLogsInputs, Http, RouteThrottleInputs } from "../shared/schema-types";
import { ExecutionLogLevelValues, HttpValues } from "../shared/schema-types";
import { checkThrottle } from "./usagePlan";
import { cacheMethodSettings, StageCacheSettings } from "./stageCache";

export interface ExecutionLogSettings {
    /** Whether executionLogs was given at all: then it decides everything, and accountDefault is not used. */
    readonly given: boolean;
    readonly level: ExecutionLogLevel;
    readonly dataTrace: boolean;
    readonly metrics: boolean;
    readonly tracing: boolean;
    /**
     * executionLogs left out: the level and metrics the account allows, known once its API Gateway
     * CloudWatch role is read (components/executionLogsDefault.ts); undefined: the stage-wide settings are not managed.
     */
    readonly accountDefault?: pulumi.Input<{ readonly level: ExecutionLogLevel; readonly metrics: boolean }>;
}

/** One throttled method on the stage: a route's own method, or one a throttled ANY serves. */
export interface MethodThrottle {
    readonly path: string;
    readonly method: Exclude<Http, "ANY">;
    readonly burstLimit: number;
    readonly rateLimit: number;
}

const CONCRETE_METHODS = HttpValues.filter((m): m is Exclude<Http, "ANY"> => m !== "ANY");

function flag(value: unknown, field: string, check: InputChecker): boolean {
    if (value === undefined) return false;
    if (typeof value !== "boolean") check.fail(field, value, "must be true or false");
    return value === true;
}

/** Defaults and checks for executionLogs (all off when not given). */
export function executionLogSettings(input: ExecutionLogsInputs | undefined, check: InputChecker): ExecutionLogSettings {
    if (input !== undefined && (typeof input !== "object" || input === null || Array.isArray(input))) {
        check.fail("executionLogs", input, "must be an object with level, dataTrace, metrics and tracing");
        input = {};
    }
    const level = input?.level ?? "OFF";
    if (!(ExecutionLogLevelValues as readonly unknown[]).includes(level)) {
        check.fail("executionLogs.level", level, `must be one of ${ExecutionLogLevelValues.join(", ")}`);
    }
    const dataTrace = flag(input?.dataTrace, "executionLogs.dataTrace", check);
    if (dataTrace && level === "OFF") {
        check.fail(
            "executionLogs.dataTrace",
            true,
            "only applies with level ERROR or INFO (API Gateway logs request data only into execution logs)",
        );
    }
    return {
        given: input !== undefined,
        level,
        dataTrace,
        metrics: flag(input?.metrics, "executionLogs.metrics", check),
        tracing: flag(input?.tracing, "executionLogs.tracing", check),
    };
}

export type ThrottledRoute = { path?: unknown; methods?: unknown; throttle?: RouteThrottleInputs };

/** A route's throttle checked like the stage's (both limits required); undefined when absent or refused. Every API kind's. */
export function checkedRouteThrottle(
    throttle: RouteThrottleInputs | undefined | null,
    field: string,
    check: InputChecker,
): { burstLimit: number; rateLimit: number } | undefined {
    if (throttle === undefined || throttle === null) return undefined;
    if (typeof throttle !== "object" || Array.isArray(throttle)) {
        check.fail(field, throttle, "must be an object with burstLimit and rateLimit");
        return undefined;
    }
    for (const part of ["burstLimit", "rateLimit"] as const) {
        if (throttle[part] === undefined) check.fail(`${field}.${part}`, undefined, "is required in a route's throttle");
    }
    if (throttle.burstLimit === undefined || throttle.rateLimit === undefined) return undefined;
    if (!checkThrottle(throttle, field, check)) return undefined;
    return { burstLimit: throttle.burstLimit, rateLimit: throttle.rateLimit };
}

/**
 * Checks each route's throttle like the usage plan's (field routes[i].throttle.*)
 * and lists the methods they apply to. The model has only valid routes, so a
 * throttle never names a method that does not exist.
 */
export function routeThrottles<H, I>(
    routes: readonly ThrottledRoute[] | undefined,
    model: RouteModel<H, I>,
    check: InputChecker,
): MethodThrottle[] {
    const declared = new Set(model.methods.map(m => m.key));
    const throttles: MethodThrottle[] = [];
    (Array.isArray(routes) ? routes : []).forEach((route, i) => {
        if (route?.throttle === undefined || route.throttle === null) return;
        const throttle = checkedRouteThrottle(route.throttle, `${routeField(route, i)}.throttle`, check);
        if (!throttle) return;
        const path = normalizePath(typeof route.path === "string" ? route.path : "/");
        for (const method of Array.isArray(route.methods) ? route.methods : []) {
            if (!declared.has(`${method} ${path}`)) continue; // reported by the route model
            const served =
                method === "ANY" ? CONCRETE_METHODS.filter(m => !declared.has(`${m} ${path}`)) : [method as Exclude<Http, "ANY">];
            for (const m of served) throttles.push({ path, method: m, burstLimit: throttle.burstLimit, rateLimit: throttle.rateLimit });
        }
    });
    return throttles;
}

/** The method path of one method in a stage's method settings: "~1users~1{id}/GET", "~1/GET" for the root. */
export function methodSettingsPath(path: string, method: Exclude<Http, "ANY">): string {
    return `${path.replace(/~/g, "~0").replace(/\//g, "~1")}/${method}`;
}

export interface MethodSettingsContext {
    readonly restApi: aws.apigateway.RestApi;
    readonly stage: aws.apigateway.Stage;
    readonly region?: pulumi.Input<string>;
    /** What the first settings must wait for (the account's CloudWatch role, when the component sets it). */
    readonly dependsOn: pulumi.Resource[];
    /** The stage cache, when on (stageCache.ts). */
    readonly cache?: StageCacheSettings;
    readonly parent: pulumi.Resource;
}

/**
 * "*\/*" when executionLogs is given, or defaulted from the account, or with a cache; then one
 * entry per throttled method. Each entry repeats the stage-wide log and cache settings: a
 * method's entry replaces the stage's for that method, so throttling a route must not switch
 * its logs or its cache off (nor turn a cache on for a method that is not a GET).
 */
export function createMethodSettings(
    name: string,
    logs: ExecutionLogSettings,
    throttles: readonly MethodThrottle[],
    ctx: MethodSettingsContext,
): aws.apigateway.MethodSettings[] {
    const given = { loggingLevel: logs.level, dataTraceEnabled: logs.dataTrace, metricsEnabled: logs.metrics };
    const logSettings: pulumi.Input<
        Pick<aws.types.input.apigateway.MethodSettingsSettings, "loggingLevel" | "dataTraceEnabled" | "metricsEnabled">
    > =
        logs.given || logs.accountDefault === undefined
            ? given
            : pulumi
                  .output(logs.accountDefault)
                  .apply(d => ({ loggingLevel: d.level, dataTraceEnabled: false, metricsEnabled: d.metrics }));
    const settingsOf = (method: "*" | string, extra: Partial<aws.types.input.apigateway.MethodSettingsSettings> = {}) =>
        pulumi.output(logSettings).apply(l => ({ ...l, ...cacheMethodSettings(ctx.cache, method), ...extra }));
    const entries: { name: string; methodPath: string; settings: pulumi.Input<aws.types.input.apigateway.MethodSettingsSettings> }[] = [];
    if (logs.given || logs.accountDefault !== undefined || ctx.cache) entries.push({ name, methodPath: "*/*", settings: settingsOf("*") });
    for (const t of throttles) {
        entries.push({
            name: `${name}-${t.method}${t.path}`,
            methodPath: methodSettingsPath(t.path, t.method),
            settings: settingsOf(t.method, { throttlingBurstLimit: t.burstLimit, throttlingRateLimit: t.rateLimit }),
        });
    }
    const created: aws.apigateway.MethodSettings[] = [];
    for (const e of entries) {
        const previous = created[created.length - 1];
        created.push(
            new aws.apigateway.MethodSettings(
                e.name,
                {
                    restApi: ctx.restApi.id,
                    stageName: ctx.stage.stageName,
                    methodPath: e.methodPath,
                    settings: e.settings,
                    region: ctx.region,
                },
                { parent: ctx.parent, dependsOn: previous ? [previous] : ctx.dependsOn },
            ),
        );
    }
    return created;
}
