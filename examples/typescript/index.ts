// Both secure-api components in front of one small inline Lambda function.
//   npm install (at the repository root, after `make build`), then: pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Http, IAMSecureRestApi, SecureRestApi, lambdaMethods, lambdaRoute } from "@pulumi-secure-api/secure-api";

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

// Every method needs the x-api-key header; the key comes from (or goes to) SSM.
const keyed = new SecureRestApi("keyed-api", {
    routes: [
        lambdaMethods(handler, Http.GET),                // GET /
        lambdaRoute(handler, "/hello", Http.GET, Http.POST),
    ],
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
