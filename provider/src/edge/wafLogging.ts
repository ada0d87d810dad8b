// Logging of the managed web ACL (waf.logging): an AWS WAF logging configuration
// sending one record per inspected request to a CloudWatch log group the component
// creates, or to a destination given by ARN. The x-api-key and authorization
// headers are always redacted: a record would otherwise hold every caller's key or
// SigV4 signature. AWS rules checked at construction ("Logging AWS WAF web ACL
// traffic", "Log group naming"):
//   - a destination's name starts with "aws-waf-logs-": a CloudWatch Logs log group,
//     a Firehose stream or an S3 bucket (the bucket's ARN, arn:aws:s3:::aws-waf-logs-*);
//   - a web ACL has one logging configuration, with at most 100 redacted fields;
//   - a log group name is at most 512 characters of letters, digits, "_-./#";
//   - retention is one of CloudWatch Logs' fixed values; a log group's KMS key is a key ARN.
// To write to CloudWatch Logs, AWS WAF adds a statement to the account's CloudWatch Logs
// resource policy (AWSWAF-LOGS) when the deploying identity may (logs:PutResourcePolicy);
// an account has at most 10 such policies per region (docs/security.md).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputChecker } from "../shared/inputErrors";
import { failWhenResolved } from "../shared/lateChecks";
import type { WafLoggingInputs } from "../shared/schema-types";
import { LOG_RETENTION_DAYS } from "../stage/accessLogs";

export const WAF_LOG_PREFIX = "aws-waf-logs-";
export const DEFAULT_WAF_LOG_RETENTION_DAYS = 365;
/** Always redacted: the headers carrying SecureRestApi's key and IAMSecureRestApi's signature (WAF compares names in lower case). */
export const REDACTED_HEADERS = ["x-api-key", "authorization"] as const;
const LOG_GROUP_NAME_MAX = 512;

export type WafLogDestination =
    | {
          readonly kind: "logGroup";
          readonly logGroupName: string;
          readonly retentionInDays: number;
          readonly kmsKeyId?: pulumi.Input<string>;
      }
    | { readonly kind: "arn"; readonly arn: pulumi.Input<string> };

const LOG_GROUP = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:([A-Za-z0-9._\-/#]{1,512})$/;
const FIREHOSE = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([A-Za-z0-9._-]{1,64})$/;
const BUCKET = /^arn:aws[a-z-]*:s3:::([a-z0-9.-]{3,63})$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

/** Why `arn` is not a destination AWS WAF logs to, or undefined. */
export function wafLogDestinationProblem(arn: unknown): string | undefined {
    if (typeof arn !== "string") return "must be a string";
    const name = LOG_GROUP.exec(arn)?.[1] ?? FIREHOSE.exec(arn)?.[1] ?? BUCKET.exec(arn)?.[1];
    if (name === undefined) {
        return "must be the ARN of a CloudWatch Logs log group (without :*), a Firehose stream or an S3 bucket";
    }
    return name.startsWith(WAF_LOG_PREFIX)
        ? undefined
        : `names ${JSON.stringify(name)}: AWS WAF logs only to destinations named ${WAF_LOG_PREFIX}{name}`;
}

/** Defaults and checks for waf.logging; undefined when off. */
export function wafLoggingSettings(
    input: WafLoggingInputs | undefined,
    stackName: string,
    check: InputChecker,
): WafLogDestination | undefined {
    if (input === undefined || input === null) return undefined;
    if (typeof input !== "object" || Array.isArray(input)) {
        check.fail("waf.logging", input, "must be an object (enabled, retentionInDays, kmsKeyId, destinationArn)");
        return undefined;
    }
    const enabled = input.enabled ?? true;
    if (typeof enabled !== "boolean") check.fail("waf.logging.enabled", enabled, "must be true or false");
    const retention = input.retentionInDays;
    if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(retention)) {
        check.fail(
            "waf.logging.retentionInDays",
            retention,
            `must be one of CloudWatch Logs' retention values ${LOG_RETENTION_DAYS.slice(1).join(", ")}, or 0 to keep records forever`,
        );
    }
    if (typeof input.kmsKeyId === "string" && !KMS_KEY_ARN.test(input.kmsKeyId)) {
        check.fail(
            "waf.logging.kmsKeyId",
            input.kmsKeyId,
            "must be a KMS key ARN (arn:{partition}:kms:{region}:{account}:key/{id}); CloudWatch Logs takes no key id or alias",
        );
    }
    if (input.destinationArn !== undefined) {
        for (const field of ["retentionInDays", "kmsKeyId"] as const) {
            if (input[field] !== undefined)
                check.fail(
                    `waf.logging.${field}`,
                    input[field],
                    "only applies to the log group the component creates, not with destinationArn",
                );
        }
        if (!pulumi.Output.isInstance(input.destinationArn)) {
            const problem = wafLogDestinationProblem(input.destinationArn);
            if (problem) check.fail("waf.logging.destinationArn", input.destinationArn, problem);
        }
        return enabled === false ? undefined : { kind: "arn", arn: input.destinationArn };
    }
    const logGroupName = `${WAF_LOG_PREFIX}${stackName}`;
    if (logGroupName.length > LOG_GROUP_NAME_MAX)
        check.fail("stackName", stackName, `makes the WAF log group name longer than CloudWatch Logs' ${LOG_GROUP_NAME_MAX} characters`);
    return enabled === false
        ? undefined
        : { kind: "logGroup", logGroupName, retentionInDays: retention ?? DEFAULT_WAF_LOG_RETENTION_DAYS, kmsKeyId: input.kmsKeyId };
}

export interface WafLoggingContext {
    readonly name: string;
    readonly label: string;
    readonly webAcl: aws.wafv2.WebAcl;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly parent: pulumi.Resource;
}

/** The log group (unless a destination was given) and the web ACL's logging configuration. */
export function createWafLogging(
    d: WafLogDestination,
    ctx: WafLoggingContext,
): { logGroup?: aws.cloudwatch.LogGroup; configuration: aws.wafv2.WebAclLoggingConfiguration } {
    const opts = { parent: ctx.parent };
    let logGroup: aws.cloudwatch.LogGroup | undefined;
    let destination: pulumi.Input<string>;
    if (d.kind === "logGroup") {
        logGroup = new aws.cloudwatch.LogGroup(
            `${ctx.name}-waf-logs`,
            { name: d.logGroupName, retentionInDays: d.retentionInDays, kmsKeyId: d.kmsKeyId, region: ctx.region, tags: ctx.tags },
            opts,
        );
        destination = logGroup.arn;
    } else {
        destination = failWhenResolved(ctx.label, "waf.logging.destinationArn", d.arn, undefined, arn => wafLogDestinationProblem(arn));
    }
    const configuration = new aws.wafv2.WebAclLoggingConfiguration(
        ctx.name,
        {
            resourceArn: ctx.webAcl.arn,
            logDestinationConfigs: [destination],
            redactedFields: REDACTED_HEADERS.map(name => ({ singleHeader: { name } })),
            region: ctx.region,
        },
        opts,
    );
    return { logGroup, configuration };
}
