// Access logs of the stage: who called (source IP, IAM caller and user ARN, API
// key id), what they asked, and what was answered or rejected and why. They go
// to a CloudWatch log group the component creates, or to a destination given
// by ARN (an existing log group, or a Kinesis Data Firehose stream). Settings of
// the stage only: changing them updates the stage and redeploys nothing.
// AWS rules checked here (AccessLogSettings, CloudWatch Logs PutRetentionPolicy):
//   - the format is one line and includes $context.requestId;
//   - a Firehose stream's name starts with "amazon-apigateway-";
//   - retention is one of CloudWatch's fixed values (0 here: never expire);
//   - a log group is encrypted with a KMS key given by its ARN.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { InputChecker, InputError } from "../shared/inputErrors";
import { lateCheck } from "../shared/lateChecks";
import type { AccessLogsInputs } from "../shared/schema-types";

export const DEFAULT_ACCESS_LOG_RETENTION_DAYS = 90;
export const LOG_RETENTION_DAYS = [
    0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

/**
 * The default line: one JSON object (every value quoted, so a "-" API Gateway
 * writes for an empty variable keeps it valid JSON). It says who called
 * (sourceIp, caller/user/userArn for IAM, apiKeyId for API keys), what was
 * asked, what was answered, and why a request was rejected: errorMessage and
 * errorResponseType (e.g. INVALID_API_KEY, MISSING_AUTHENTICATION_TOKEN), and the
 * integration, WAF, authorizer and authentication errors.
 */
export const DEFAULT_ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    requestTimeEpoch: "$context.requestTimeEpoch",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    caller: "$context.identity.caller",
    user: "$context.identity.user",
    userArn: "$context.identity.userArn",
    accountId: "$context.identity.accountId",
    apiKeyId: "$context.identity.apiKeyId",
    httpMethod: "$context.httpMethod",
    resourcePath: "$context.resourcePath",
    path: "$context.path",
    stage: "$context.stage",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    errorMessage: "$context.error.message",
    errorResponseType: "$context.error.responseType",
    integrationStatus: "$context.integration.status",
    integrationLatency: "$context.integration.latency",
    integrationError: "$context.integration.error",
    wafStatus: "$context.waf.status",
    wafResponseCode: "$context.wafResponseCode",
    wafError: "$context.waf.error",
    authenticateError: "$context.authenticate.error",
    authorizeError: "$context.authorize.error",
    authorizerError: "$context.authorizer.error",
    xrayTraceId: "$context.xrayTraceId",
});

export type AccessLogDestination =
    | {
          readonly kind: "logGroup";
          readonly logGroupName: string;
          readonly retentionInDays: number;
          readonly kmsKeyId?: pulumi.Input<string>;
      }
    | { readonly kind: "arn"; readonly arn: pulumi.Input<string>; readonly firehose?: boolean };

export interface AccessLogSettings {
    readonly destination: AccessLogDestination;
    readonly format: string;
    /** The component's label, for errors found only when an output resolves. */
    readonly component: string;
}

const LOG_GROUP_ARN = /^arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9._\-/#]{1,512}(:\*)?$/;
const FIREHOSE_ARN = /^arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream\/([A-Za-z0-9._-]{1,64})$/;
const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;
const REQUEST_ID = /\$context\.requestId(?![A-Za-z0-9_])/;

/**
 * What an API kind's access logs allow: REST APIs log to CloudWatch Logs or Firehose with
 * any one-line format; HTTP APIs to CloudWatch Logs only, with a format of at most 3 KB
 * ("Access log template size", HTTP API quotas). Each kind has its own default line.
 */
export interface AccessLogRules {
    readonly defaultFormat: string;
    readonly firehose: boolean;
    /** The format's size limit in bytes, if the kind has one. */
    readonly maxFormatBytes?: number;
}

export const REST_ACCESS_LOG_RULES: AccessLogRules = { defaultFormat: DEFAULT_ACCESS_LOG_FORMAT, firehose: true };

/** Why a destination ARN is not one API Gateway can write access logs to, or undefined. */
export function destinationArnProblem(arn: unknown, firehoseAllowed = true): string | undefined {
    if (typeof arn !== "string") return "must be a string";
    if (LOG_GROUP_ARN.test(arn)) return undefined;
    const firehose = FIREHOSE_ARN.exec(arn);
    if (firehose && !firehoseAllowed) {
        return "must be a CloudWatch Logs log group ARN (arn:{partition}:logs:{region}:{account}:log-group:{name}): HTTP APIs write access logs to CloudWatch Logs only";
    }
    if (firehose) {
        return firehose[1].startsWith("amazon-apigateway-")
            ? undefined
            : "a Kinesis Data Firehose stream receiving access logs must be named amazon-apigateway-{name} (API Gateway's rule)";
    }
    if (!firehoseAllowed)
        return "must be the ARN of a CloudWatch Logs log group (arn:{partition}:logs:{region}:{account}:log-group:{name})";
    return (
        "must be the ARN of a CloudWatch Logs log group (arn:{partition}:logs:{region}:{account}:log-group:{name}) " +
        "or of a Kinesis Data Firehose stream (arn:{partition}:firehose:{region}:{account}:deliverystream/amazon-apigateway-{name})"
    );
}

/** Defaults and checks for accessLogs; undefined when access logs are off (the default). */
export function accessLogSettings(
    input: AccessLogsInputs | undefined,
    names: { stackName: string; stageName: string },
    check: InputChecker,
    rules: AccessLogRules = REST_ACCESS_LOG_RULES,
): AccessLogSettings | undefined {
    if (input === undefined) return undefined;
    if (typeof input !== "object" || input === null || Array.isArray(input)) {
        check.fail("accessLogs", input, "must be an object (enabled, retentionInDays, kmsKeyId, destinationArn, format)");
        return undefined;
    }
    const enabled = input.enabled ?? true;
    if (typeof enabled !== "boolean") check.fail("accessLogs.enabled", enabled, "must be true or false");

    const format = input.format ?? rules.defaultFormat;
    if (typeof format !== "string" || format.trim() === "") {
        check.fail("accessLogs.format", format, "must be a non-empty string of $context variables");
    } else if (/[\r\n]/.test(format)) {
        check.fail("accessLogs.format", format, "must be a single line (API Gateway writes one line per request)");
    } else if (!REQUEST_ID.test(format)) {
        check.fail("accessLogs.format", format, "must include $context.requestId (API Gateway's rule)");
    } else if (rules.maxFormatBytes !== undefined && Buffer.byteLength(format) > rules.maxFormatBytes) {
        check.fail(
            "accessLogs.format",
            `${Buffer.byteLength(format)} bytes`,
            `is longer than the ${rules.maxFormatBytes} bytes API Gateway allows an HTTP API's access log format (3 KB)`,
        );
    }

    const retention = input.retentionInDays;
    if (retention !== undefined && !(LOG_RETENTION_DAYS as readonly unknown[]).includes(retention)) {
        check.fail(
            "accessLogs.retentionInDays",
            retention,
            `must be one of CloudWatch Logs' retention values ${LOG_RETENTION_DAYS.slice(1).join(", ")}, or 0 to keep entries forever`,
        );
    }
    const kmsKeyId = input.kmsKeyId;
    if (typeof kmsKeyId === "string" && !KMS_KEY_ARN.test(kmsKeyId)) {
        check.fail(
            "accessLogs.kmsKeyId",
            kmsKeyId,
            "must be a KMS key ARN (arn:{partition}:kms:{region}:{account}:key/{id}); CloudWatch Logs takes no key id or alias",
        );
    }

    let destination: AccessLogDestination;
    if (input.destinationArn !== undefined) {
        for (const field of ["retentionInDays", "kmsKeyId"] as const) {
            if (input[field] !== undefined) {
                check.fail(
                    `accessLogs.${field}`,
                    input[field],
                    "only applies to the log group the component creates, not with destinationArn",
                );
            }
        }
        const arn = input.destinationArn;
        if (!pulumi.Output.isInstance(arn)) {
            const problem = destinationArnProblem(arn, rules.firehose);
            if (problem) check.fail("accessLogs.destinationArn", arn, problem);
        }
        destination = { kind: "arn", arn, firehose: rules.firehose };
    } else {
        destination = {
            kind: "logGroup",
            // Beside API Gateway's own execution log group, API-Gateway-Execution-Logs_{restApiId}/{stage}.
            logGroupName: `API-Gateway-Access-Logs_${names.stackName}/${names.stageName}`,
            retentionInDays: retention ?? DEFAULT_ACCESS_LOG_RETENTION_DAYS,
            kmsKeyId,
        };
    }
    return enabled === false ? undefined : { destination, format: format as string, component: check.component };
}

export interface AccessLogResources {
    /** The stage's accessLogSettings. */
    readonly stageSettings: { destinationArn: pulumi.Input<string>; format: string };
    readonly logGroup?: aws.cloudwatch.LogGroup;
}

/** The component's log group (unless a destination was given) and the stage's access log settings. */
export function createAccessLogs(
    name: string,
    s: AccessLogSettings,
    opts: { region?: pulumi.Input<string>; tags?: pulumi.Input<Record<string, pulumi.Input<string>>>; parent: pulumi.Resource },
): AccessLogResources {
    const d = s.destination;
    if (d.kind === "arn") {
        // An output is checked when it resolves; the stage is then never updated.
        const destinationArn = lateCheck(
            s.component,
            pulumi.output(d.arn).apply(arn => {
                const problem = destinationArnProblem(arn, d.firehose !== false);
                if (problem) throw new InputError(s.component, "accessLogs.destinationArn", arn, problem);
                return arn;
            }),
        );
        return { stageSettings: { destinationArn, format: s.format } };
    }
    const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-access-logs`,
        {
            name: d.logGroupName,
            retentionInDays: d.retentionInDays,
            kmsKeyId: d.kmsKeyId,
            region: opts.region,
            tags: opts.tags,
        },
        { parent: opts.parent },
    );
    return { stageSettings: { destinationArn: logGroup.arn, format: s.format }, logGroup };
}
