// An HTTP API (API Gateway v2) for a browser app signed in with any OpenID Connect
// provider (Auth0, Okta, Entra ID, Cognito): every route needs the provider's JWT,
// one needs a scope too, and the back-office routes need AWS IAM (SigV4) instead,
// by callers that assume the component's invoke role.
//   npm install (at the repository root, after `make build`), then in this directory:
//   pulumi config set issuer https://example.eu.auth0.com/     # your provider's issuer (the tokens' iss claim)
//   pulumi config set audience https://orders.example.com      # the audience (aud) your tokens carry
//   pulumi config set appOrigin https://app.example.com        # default http://localhost:3000
//   pulumi up
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { Http, SecureHttpApi, lambdaRoute } from "@pulumi-secure-api/secure-api";

const config = new pulumi.Config();
const issuer = config.get("issuer") ?? "https://example.eu.auth0.com/";
const audience = config.get("audience") ?? "https://orders.example.com";
const appOrigin = config.get("appOrigin") ?? "http://localhost:3000";

// The Lambda function's execution role (it may write its logs, nothing else).
const role = new aws.iam.Role("orders-role", {
    assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
});
const logs = new aws.iam.RolePolicyAttachment("orders-logs", {
    role: role.name,
    policyArn: aws.iam.ManagedPolicy.AWSLambdaBasicExecutionRole,
});

// Payload format 2.0: the route key, and the JWT's claims API Gateway checked, in requestContext.
const handler = new aws.lambda.Function(
    "orders",
    {
        role: role.arn,
        runtime: aws.lambda.Runtime.NodeJS20dX,
        handler: "index.handler",
        code: new pulumi.asset.AssetArchive({
            "index.js": new pulumi.asset.StringAsset(`exports.handler = async (event) => ({
    statusCode: 200,
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ route: event.routeKey, subject: event.requestContext.authorizer?.jwt?.claims?.sub ?? null }),
});
`),
        }),
    },
    { dependsOn: [logs] },
);

const api = new SecureHttpApi("orders-api", {
    // The default of every route: a JWT of this issuer for this audience, checked by API Gateway itself.
    authorizer: { type: "jwt", issuer, audiences: [audience] },
    routes: [
        lambdaRoute(handler, "/orders", Http.GET, Http.POST),
        { ...lambdaRoute(handler, "/orders/{id}", Http.GET, Http.DELETE), authorizationScopes: ["orders:admin"] },
        // Back office: AWS IAM instead of the JWT; callers assume the invoke role (APIIAMRoleARN).
        { ...lambdaRoute(handler, "/admin/{proxy+}", Http.GET, Http.POST), authorizer: { type: "iam" } },
    ],
    // API Gateway answers the browser's preflights itself; no route is unauthenticated.
    cors: { allowOrigins: [appOrigin] },
    accessLogs: { retentionInDays: 30 },
    createUser: false,
    useRole: true,
});

export const APIEndpoint = api.apiEndpoint;
export const OrdersURL = api.routeUrls.apply(urls => urls?.["/orders"]);
export const APIIAMRoleARN = api.apiIamRoleArn;
