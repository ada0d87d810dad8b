// The execution logs a component has when the program leaves executionLogs out:
// level ERROR with detailed metrics (checkov CKV2_AWS_4; Security Hub APIGateway.1)
// wherever API Gateway accepts them, and none where it would refuse the stage.
// API Gateway refuses a stage's execution logs until the account's API Gateway
// CloudWatch role is set in the region, an account-wide setting a component
// changes only when told (cloudWatchRole), so the default follows the account:
//   executionLogs given       -> exactly that (no read);
//   cloudWatchRole: true      -> ERROR and metrics (this component sets the role first);
//   test: true                -> off (test mode makes no AWS call);
//   otherwise                 -> GetAccount in the API's region (stage/accountCloudWatchRole.ts,
//                                read-only, so in a preview too): ERROR and metrics when the role
//                                is set; off and one warning naming the cost-free fix when it is
//                                not, or when the account cannot be read. Never a failing deploy.
// The read is a late check (shared/lateChecks.ts): it finishes before any child is registered.
import * as pulumi from "@pulumi/pulumi";
import { awsClientConfig } from "../credentials/awsClientConfig";
import { flowProfile } from "../credentials/apiKeyValue";
import type { AwsContext } from "../shared/awsContext";
import { lateCheck } from "../shared/lateChecks";
import type { ObservabilitySettings } from "../stage/observability";
import { cloudWatchRoleReader, getAccountPermission } from "../stage/accountCloudWatchRole";
import type { ExecutionLogLevel } from "../shared/schema-types";

export type AccountDefault = { readonly level: ExecutionLogLevel; readonly metrics: boolean };
const ON: AccountDefault = { level: "ERROR", metrics: true };
const OFF: AccountDefault = { level: "OFF", metrics: false };

// A read that hangs must not hold the deployment: one attempt after the SDK's own retries, short timeouts.
const READ_TIMEOUTS = { maxAttempts: 2, connectionTimeoutMs: 3_000, requestTimeoutMs: 10_000 };

export interface ExecutionLogsDefaultContext {
    /** The component as messages name it, e.g. SecureRestApi "api". */
    readonly label: string;
    readonly parent: pulumi.Resource;
    /** The account and region of the provider the component uses (the component's own, so each invoke runs once). */
    readonly aws: AwsContext;
    readonly profile?: pulumi.Input<string>;
    /** SecureRestApi's test mode: no AWS call. */
    readonly test?: boolean;
}

/** `o` with the execution logs' default decided (see above); unchanged when executionLogs was given. */
export function withExecutionLogsDefault(o: ObservabilitySettings, ctx: ExecutionLogsDefaultContext): ObservabilitySettings {
    if (o.executionLogs.given) return o;
    const decided = (d: pulumi.Input<AccountDefault>) => ({ ...o, executionLogs: { ...o.executionLogs, accountDefault: d } });
    if (o.cloudWatchRole) return decided(ON);
    if (ctx.test) return decided(OFF);
    const read = pulumi
        .all([ctx.aws.region, flowProfile(ctx.profile)])
        .apply(async ([region, profile]) => accountDefault(ctx, region, profile));
    return decided(lateCheck(ctx.label, read));
}

async function accountDefault(ctx: ExecutionLogsDefaultContext, region: string, profile?: string): Promise<AccountDefault> {
    let roleArn: string | undefined;
    try {
        roleArn = await cloudWatchRoleReader()(awsClientConfig({ region, profile, ...READ_TIMEOUTS }));
    } catch (e) {
        const reason = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
        pulumi.log.warn(
            `${ctx.label}: execution logs stay off: could not read whether the account's API Gateway CloudWatch role is set in ${region} ` +
                `(${getAccountPermission(region)}: ${reason}). Give executionLogs to decide (this also skips the read).`,
            ctx.parent,
        );
        return OFF;
    }
    if (roleArn !== undefined) return ON;
    pulumi.log.warn(
        `${ctx.label}: execution logs stay off: the account's API Gateway CloudWatch role is not set in ${region}, and API Gateway ` +
            "refuses a stage's execution logs without it. Setting it costs nothing but is account-wide (every API of the account in " +
            "the region logs through it): cloudWatchRole: true on one component, or `aws apigateway update-account --patch-operations " +
            "op=replace,path=/cloudwatchRoleArn,value=<role ARN>`. Give executionLogs to decide yourself (this also silences this warning).",
        ctx.parent,
    );
    return OFF;
}
