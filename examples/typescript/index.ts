// Both secure-api components in front of one small inline Lambda function.
//   npm install (at the repository root, after `make build`), then: pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { ExecutionLogLevel, Http, IAMSecureRestApi, SecureRestApi, lambdaMethods, lambdaRoute } from "@pulumi-secure-api/secure-api";

// The Lambda function's execution role (it may write its logs, nothing else).
const role = new aws.iam.Role("handler-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const logs = new aws.iam.RolePolicyAttachment("handler-logs", {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});

// A proxy-integration handler, its code inline.
const handler = new aws.lambda.Function("handler", {
    role: role.arn,
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(`exports.handler = async (event) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ message: "hello from pulumi-secure-api", method: event.httpMethod, path: event.path }),
});
`),
    }),
}, { dependsOn: [logs] });

// API Gateway writes logs to CloudWatch only once the account has its CloudWatch
// role for the region, an ACCOUNT-WIDE setting (README: Logging and auditing):
//   pulumi config set logs true            # the account and region have it already
//   pulumi config set cloudWatchRole true  # let this stack set it (replaces the role set before, for every API there)
const config = new pulumi.Config();
const cloudWatchRole = config.getBoolean("cloudWatchRole") ?? false;
const logToCloudWatch = cloudWatchRole || (config.getBoolean("logs") ?? false);

// Every method needs the x-api-key header; the key comes from (or goes to) SSM.
const keyed = new SecureRestApi("keyed-api", {
    routes: [
        lambdaMethods(handler, Http.GET),                // GET /
        // GET and POST /hello: each at most 50 requests/s (bursts of 20), for all callers together.
        { ...lambdaRoute(handler, "/hello", Http.GET, Http.POST), throttle: { burstLimit: 20, rateLimit: 50 } },
    ],
    // Who called (IP, key id), what, and why a request was refused: one JSON line per request, kept 30 days.
    accessLogs: { enabled: logToCloudWatch, retentionInDays: 30 },
    // Detailed metrics and X-Ray traces need no CloudWatch role; execution logs do.
    executionLogs: { level: logToCloudWatch ? ExecutionLogLevel.ERROR : ExecutionLogLevel.OFF, metrics: true, tracing: true },
    cloudWatchRole,
    minimumCompressionSize: 1024,                        // gzip responses of 1 KiB and more
});

// Every method needs AWS IAM (SigV4) auth; an IAM user may assume the invoke role.
// Two components in one stack need distinct stackNames (the default is {project}-{stack}).
const iam = new IAMSecureRestApi("iam-api", {
    stackName: `${pulumi.getProject()}-${pulumi.getStack()}-iam`,
    useRole: true,
    routes: [lambdaRoute(handler, "/hello", Http.GET)],
});

export const APIEndpoint = keyed.apiEndpoint;
export const APIKey = pulumi.secret(keyed.apiKey);
export const IAMAPIEndpoint = iam.apiEndpoint;
export const APIIAMUserCredentials = iam.apiIamUserCredentials;
export const APIIAMRoleARN = iam.apiIamRoleArn;
