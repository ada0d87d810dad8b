// A SecureRestApi called from a browser app: CORS for the app's origin, and
// optionally a custom domain, a managed WAF and source-IP rules.
//   npm install (at the repository root, after `make build`), then in this directory:
//   pulumi config set webOrigin https://app.example.com          # default http://localhost:3000
//   # optional, a custom domain (the certificate in us-east-1 for EDGE, in the API's region for REGIONAL):
//   pulumi config set domainName api.example.com
//   pulumi config set certificateArn arn:aws:acm:us-east-1:123456789012:certificate/...
//   pulumi config set hostedZoneId Z1D633PJN98FT9                  # creates the DNS alias record
//   # optional, a managed WAF (about $7 a month plus $0.60 per million requests; see README "WAF"):
//   pulumi config set waf true
//   # optional, who may call at all:
//   pulumi config set --path 'allowedSourceIps[0]' 203.0.113.0/24
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Http, SecureRestApi, lambdaRoute } from "@pulumi-secure-api/secure-api";

const config = new pulumi.Config();
const webOrigin = config.get("webOrigin") ?? "http://localhost:3000";
const domainName = config.get("domainName");

// The Lambda function's execution role (it may write its logs, nothing else).
const role = new aws.iam.Role("items-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const logs = new aws.iam.RolePolicyAttachment("items-logs", {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});

// The component answers the browser's preflight; the handler's own responses
// must still name the origin (README, "CORS").
const handler = new aws.lambda.Function("items", {
    role: role.arn,
    runtime: aws.lambda.Runtime.NodeJS20dX,
    handler: "index.handler",
    environment: { variables: { ALLOWED_ORIGIN: webOrigin } },
    code: new pulumi.asset.AssetArchive({
        "index.js": new pulumi.asset.StringAsset(`exports.handler = async (event) => ({
    statusCode: 200,
    headers: {
        "content-type": "application/json",
        "access-control-allow-origin": process.env.ALLOWED_ORIGIN,
        "vary": "Origin",
    },
    body: JSON.stringify({ items: [], method: event.httpMethod }),
});
`),
    }),
}, { dependsOn: [logs] });

const api = new SecureRestApi("browser-api", {
    endpointType: "REGIONAL",
    routes: [lambdaRoute(handler, "/items", Http.GET, Http.POST)],
    // OPTIONS /items answers without the key (the only unauthenticated method); GET and POST need it.
    cors: { allowOrigins: [webOrigin], exposeHeaders: ["x-amzn-requestid"] },
    domain: domainName === undefined ? undefined : {
        domainName,
        certificateArn: config.require("certificateArn"),
        endpointType: "EDGE",
        basePath: "v1",
        hostedZoneId: config.get("hostedZoneId"),
    },
    // With a domain, clients must use it: the execute-api URL answers 403.
    disableExecuteApiEndpoint: domainName !== undefined,
    waf: config.getBoolean("waf") ? { rateLimit: 1000 } : undefined,
    allowedSourceIps: config.getObject<string[]>("allowedSourceIps"),
});

export const APIEndpoint = api.apiEndpoint;
export const APIKey = pulumi.secret(api.apiKey);
export const DomainURL = api.domainUrl;
export const DomainDNSTarget = api.domainDnsTarget;
export const ItemsURL = domainName === undefined ? api.routeUrls.apply(u => u?.["/items"]) : api.domainRouteUrls.apply(u => u?.["/items"]);
