// stage/: what lives on the stage (usage plans, logs, metrics, tracing, method settings, the account's
// CloudWatch role). May import routes, shared.
//
// Operating the API: access logs (accessLogs.ts), execution logs, metrics and
// tracing, per-route throttles (methodSettings.ts), and the account's CloudWatch
// role when asked for (cloudWatchRole.ts). All of it lives on the stage or beside
// it, never in the deployment's snapshot: changing any of it updates the stage
// and redeploys nothing.
import type * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import { AccessLogSettings, accessLogSettings, createAccessLogs } from "./accessLogs";
import { createCloudWatchRole } from "./cloudWatchRole";
import type { InputChecker } from "../shared/inputErrors";
import { ExecutionLogSettings, executionLogSettings, MethodThrottle, routeThrottles } from "./methodSettings";
import type { RouteModel } from "../routes/routeModel";
import type { SecureRestApiArgs } from "../shared/schema-types";

export type ObservabilityInputs = Pick<SecureRestApiArgs, "accessLogs" | "executionLogs" | "cloudWatchRole" | "routes">;

export interface ObservabilitySettings {
    /** Undefined when access logs are off. */
    readonly accessLogs?: AccessLogSettings;
    readonly executionLogs: ExecutionLogSettings;
    readonly throttles: readonly MethodThrottle[];
    /** Whether this component sets the account's API Gateway CloudWatch role (account-wide). */
    readonly cloudWatchRole: boolean;
}

export function observabilitySettings<H, I>(
    args: ObservabilityInputs,
    names: { stackName: string; stageName: string },
    model: RouteModel<H, I>,
    check: InputChecker,
): ObservabilitySettings {
    if (args.cloudWatchRole !== undefined && typeof args.cloudWatchRole !== "boolean") {
        check.fail("cloudWatchRole", args.cloudWatchRole, "must be true or false");
    }
    return {
        accessLogs: accessLogSettings(args.accessLogs, names, check),
        executionLogs: executionLogSettings(args.executionLogs, check),
        throttles: routeThrottles(args.routes, model, check),
        cloudWatchRole: args.cloudWatchRole === true,
    };
}

export interface StageObservability {
    /** Added to the stage's arguments. */
    readonly stageArgs: Pick<aws.apigateway.StageArgs, "accessLogSettings" | "xrayTracingEnabled">;
    /** What the stage and its method settings wait for: the account's CloudWatch role, when this component sets it. */
    readonly dependsOn: pulumi.Resource[];
    readonly accessLogGroup?: aws.cloudwatch.LogGroup;
}

/** Everything the stage needs before it is created or updated. Unset inputs leave the stage's arguments as they were. */
export function createStageObservability(
    name: string,
    s: {
        observability: ObservabilitySettings;
        stackName: string;
        region?: pulumi.Input<string>;
        tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    },
    parent: pulumi.Resource,
): StageObservability {
    const o = s.observability;
    const account = o.cloudWatchRole
        ? createCloudWatchRole(name, { stackName: s.stackName, region: s.region, tags: s.tags }, parent)
        : undefined;
    const access = o.accessLogs ? createAccessLogs(name, o.accessLogs, { region: s.region, tags: s.tags, parent }) : undefined;
    return {
        stageArgs: {
            ...(access ? { accessLogSettings: access.stageSettings } : {}),
            ...(o.executionLogs.given ? { xrayTracingEnabled: o.executionLogs.tracing } : {}),
        },
        dependsOn: account ? [account] : [],
        accessLogGroup: access?.logGroup,
    };
}
