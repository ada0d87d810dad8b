// SecureHttpApi against a peer we did not write: AWS CDK's HttpApi
// (aws-cdk-lib's aws_apigatewayv2, with HttpIamAuthorizer, HttpJwtAuthorizer and
// HttpLambdaAuthorizer), synthesized to CloudFormation for the same routes
// (test-support/cdk/http_api_synth.py, run by `bash scripts/tool.sh aws-cdk-lib`),
// compared point by point with what the component renders: route keys, each
// route's authorization type and scopes, the authorizers, the integrations,
// the CORS configuration; and the differences by design (CDK's default of no
// authorization, its $default auto-deployed stage, its Lambda permissions for
// any stage) asserted as what they are, so a change on either side shows.
import { spawnSync } from "child_process";
import * as path from "path";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(240_000);
import * as aws from "@pulumi/aws";
import { SecureHttpApi } from "./secureHttpApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { SecureHttpApiArgs } from "../shared/schema-types";
import { Http, integrationRoute, lambdaRoute } from "../routes/routeHelpers";

const ACCT = "123456789012";
const fnArn = (n: string) => `arn:aws:lambda:us-east-1:${ACCT}:function:${n}`;
const lambda = (name: string) =>
    new aws.lambda.Function(name, { name, role: `arn:aws:iam::${ACCT}:role/r`, runtime: "nodejs20.x", handler: "index.handler" });
const fn = lambda("orders");
const authFn = lambda("partner-auth");
const ISSUER = "https://issuer.example.com/";
const CORS = {
    allowOrigins: ["https://app.example.com"],
    allowMethods: ["GET", "POST", "OPTIONS"],
    allowHeaders: ["authorization", "content-type"],
    maxAge: 600,
    allowCredentials: false,
};

/** The same API for both: routes with IAM, JWT (with scopes) and Lambda authorization, a Lambda and an HTTP integration. */
const OURS: SecureHttpApiArgs = {
    stackName: "peer",
    routes: [
        lambdaRoute(fn, "/orders", Http.GET, Http.POST),
        {
            ...lambdaRoute(fn, "/orders/{id}", Http.GET),
            authorizer: { type: "jwt", name: "jwt", issuer: ISSUER, audiences: ["web", "mobile"] },
            authorizationScopes: ["orders/read"],
        },
        {
            ...lambdaRoute(fn, "/partners/{proxy+}", Http.GET),
            authorizer: {
                type: "request",
                name: "partners",
                function: authFn,
                identitySources: ["$request.header.X-Token"],
                resultTtlInSeconds: 60,
            },
        },
        integrationRoute({ type: "HTTP_PROXY", uri: "https://status.example.com/health", httpMethod: "GET" }, "/health", Http.GET),
    ],
    cors: { allowOrigins: CORS.allowOrigins, allowMethods: [Http.GET, Http.POST], allowHeaders: CORS.allowHeaders },
};
const CDK_SPEC = {
    routes: [
        { path: "/orders", methods: ["GET", "POST"], functionArn: fnArn("orders"), authorizer: { type: "iam" } },
        {
            path: "/orders/{id}",
            methods: ["GET"],
            functionArn: fnArn("orders"),
            authorizer: {
                type: "jwt",
                name: "jwt",
                issuer: ISSUER,
                audiences: ["web", "mobile"],
                identitySource: "$request.header.Authorization",
            },
            scopes: ["orders/read"],
        },
        {
            path: "/partners/{proxy+}",
            methods: ["GET"],
            functionArn: fnArn("orders"),
            authorizer: {
                type: "request",
                name: "partners",
                functionArn: fnArn("partner-auth"),
                identitySources: ["$request.header.X-Token"],
                ttl: 60,
                simple: true,
            },
        },
        { path: "/health", methods: ["GET"], url: "https://status.example.com/health", urlMethod: "GET", authorizer: { type: "iam" } },
        // CDK's default: a route given no authorizer.
        { path: "/open", methods: ["GET"], functionArn: fnArn("orders"), authorizer: null },
    ],
    cors: CORS,
};

type Cfn = Record<string, { Type: string; Properties: Record<string, any> }>;

/** CDK's template, synthesized by the pinned aws-cdk-lib. */
function synthesize(spec: unknown): Cfn {
    const tool = path.join(__dirname, "..", "..", "..", "scripts", "tool.sh");
    const python = spawnSync("bash", [tool, "aws-cdk-lib"], { encoding: "utf8", timeout: 600_000 });
    if (python.status !== 0) throw new Error(`cannot install aws-cdk-lib (bash scripts/tool.sh aws-cdk-lib):\n${python.stderr}`);
    const script = path.join(__dirname, "..", "..", "..", "test-support", "cdk", "http_api_synth.py");
    const run = spawnSync(python.stdout.trim(), [script], {
        input: JSON.stringify(spec),
        encoding: "utf8",
        timeout: 180_000,
        env: { ...process.env, JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION: "1" },
    });
    if (run.status !== 0) throw new Error(`CDK synth failed:\n${run.stderr}`);
    return JSON.parse(run.stdout).Resources;
}

/** A CloudFormation value with CDK's intrinsics resolved: Ref AWS::Partition → aws, a logical id → {id}. */
function resolve(v: any): any {
    if (typeof v === "string") return v;
    if (v?.Ref) return v.Ref === "AWS::Partition" ? "aws" : `{${v.Ref}}`;
    if (v?.["Fn::Join"]) return v["Fn::Join"][1].map(resolve).join(v["Fn::Join"][0]);
    return v;
}

let cdk: Cfn;
let doc: Record<string, any>;
let ours: { api: Record<string, any>; stage: Record<string, any>; permissions: Record<string, any>[] };
beforeAll(async () => {
    forgetClaimedStackNames();
    await world.settle();
    const before = world.resources.length;
    const api = new SecureHttpApi("peer", OURS);
    await new Promise(resolve => api.openApiDocument.apply(resolve));
    await world.settle();
    const mine = world.resources.slice(before);
    const one = (t: string) => mine.find(r => r.type === t)!.inputs;
    ours = {
        api: one("aws:apigatewayv2/api:Api"),
        stage: one("aws:apigatewayv2/stage:Stage"),
        permissions: mine.filter(r => r.type === "aws:lambda/permission:Permission").map(r => r.inputs),
    };
    doc = JSON.parse(ours.api.body);
    cdk = synthesize(CDK_SPEC);
});

const cdkOf = (type: string) => Object.entries(cdk).filter(([, r]) => r.Type === type);
const cdkRoutes = () => new Map(cdkOf("AWS::ApiGatewayV2::Route").map(([, r]) => [r.Properties.RouteKey as string, r.Properties]));
const cdkById = (logicalId: string) => cdk[logicalId].Properties;

/** Our operation of a route key, and its one security scheme. */
function ourRoute(key: string) {
    const [method, p] = key.split(" ");
    const op = doc.paths[p][method.toLowerCase()];
    const [scheme, scopes] = Object.entries(op.security[0])[0] as [string, string[]];
    return { op, scheme: doc.components.securitySchemes[scheme], schemeName: scheme, scopes };
}
/** API Gateway's authorizationType for one of our security schemes. */
const authorizationTypeOf = (scheme: any) =>
    scheme["x-amazon-apigateway-authtype"] === "awsSigv4"
        ? "AWS_IAM"
        : scheme["x-amazon-apigateway-authorizer"].type === "jwt"
          ? "JWT"
          : "CUSTOM";

test("the same route keys", () => {
    const keys = [...cdkRoutes().keys()].filter(k => k !== "GET /open").sort();
    const mine = Object.entries<Record<string, unknown>>(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops).map(m => `${m.toUpperCase()} ${p}`),
    );
    expect(mine.sort()).toEqual(keys);
    expect(keys).toEqual(["GET /health", "GET /orders", "GET /orders/{id}", "GET /partners/{proxy+}", "POST /orders"]);
});

test("each route's authorization type and scopes are CDK's", () => {
    for (const [key, route] of cdkRoutes()) {
        if (key === "GET /open") continue;
        const { scheme, scopes } = ourRoute(key);
        expect([key, authorizationTypeOf(scheme), scopes]).toEqual([key, route.AuthorizationType, route.AuthorizationScopes ?? []]);
    }
});

test("the JWT authorizer: type, identity source, issuer and audiences as CDK's HttpJwtAuthorizer", () => {
    const jwt = cdkById(cdkRoutes().get("GET /orders/{id}")!.AuthorizerId.Ref);
    const { scheme } = ourRoute("GET /orders/{id}");
    const a = scheme["x-amazon-apigateway-authorizer"];
    expect({
        type: a.type.toUpperCase(),
        identitySource: [a.identitySource],
        issuer: a.jwtConfiguration.issuer,
        audience: a.jwtConfiguration.audience,
    }).toEqual({
        type: jwt.AuthorizerType,
        identitySource: jwt.IdentitySource,
        issuer: jwt.JwtConfiguration.Issuer,
        audience: jwt.JwtConfiguration.Audience,
    });
});

test("the Lambda authorizer: payload 2.0, simple responses, identity sources, TTL and function as CDK's HttpLambdaAuthorizer", () => {
    const req = cdkById(cdkRoutes().get("GET /partners/{proxy+}")!.AuthorizerId.Ref);
    const a = ourRoute("GET /partners/{proxy+}").scheme["x-amazon-apigateway-authorizer"];
    expect({
        type: a.type.toUpperCase(),
        payload: a.authorizerPayloadFormatVersion,
        simple: a.enableSimpleResponses,
        sources: a.identitySource.split(", "),
        ttl: a.authorizerResultTtlInSeconds,
        uri: a.authorizerUri,
    }).toEqual({
        type: req.AuthorizerType,
        payload: req.AuthorizerPayloadFormatVersion,
        simple: req.EnableSimpleResponses,
        sources: req.IdentitySource,
        ttl: req.AuthorizerResultTtlInSeconds,
        uri: resolve(req.AuthorizerUri),
    });
});

test("the integrations: Lambda proxy with payload 2.0 on the same function; HTTP proxy to the same URL with payload 1.0", () => {
    for (const [key, route] of cdkRoutes()) {
        if (key === "GET /open") continue;
        const integration = cdkById(route.Target["Fn::Join"][1][1].Ref);
        const ext = ourRoute(key).op["x-amazon-apigateway-integration"];
        expect([key, ext.type.toUpperCase(), ext.payloadFormatVersion]).toEqual([
            key,
            integration.IntegrationType,
            integration.PayloadFormatVersion,
        ]);
        // CDK names the function by ARN, the import by its invoke ARN, which holds it.
        if (integration.IntegrationType === "AWS_PROXY")
            expect(ext.uri).toBe(`arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${integration.IntegrationUri}/invocations`);
        else expect([ext.uri, ext.httpMethod]).toEqual([integration.IntegrationUri, integration.IntegrationMethod]);
    }
});

test("the CORS configuration is CDK's for the same settings", () => {
    const cors = cdkOf("AWS::ApiGatewayV2::Api")[0][1].Properties.CorsConfiguration;
    const mine = ours.api.corsConfiguration;
    expect({ ...mine, allowMethods: [...mine.allowMethods].sort() }).toEqual({
        allowOrigins: cors.AllowOrigins,
        allowMethods: [...cors.AllowMethods].sort(),
        allowHeaders: cors.AllowHeaders,
        maxAge: cors.MaxAge,
        allowCredentials: cors.AllowCredentials,
    });
    expect(doc["x-amazon-apigateway-cors"]).toEqual(mine);
});

describe("differences by design", () => {
    test("CDK leaves a route without authorizer unauthenticated; SecureHttpApi makes it IAM", async () => {
        expect(cdkRoutes().get("GET /open")!.AuthorizationType).toBe("NONE");
        forgetClaimedStackNames();
        const before = world.resources.length;
        const api = new SecureHttpApi("open", { stackName: "open", routes: [lambdaRoute(fn, "/open", Http.GET)] });
        await new Promise(resolve => api.openApiDocument.apply(resolve));
        await world.settle();
        const body = JSON.parse(world.resources.slice(before).find(r => r.type === "aws:apigatewayv2/api:Api")!.inputs.body);
        expect(body.paths["/open"].get.security).toEqual([{ sigv4: [] }]);
    });

    test("CDK's Lambda permissions allow any stage, per route; ours this API's one stage, per function", () => {
        const cdkArns = cdkOf("AWS::Lambda::Permission").map(([, r]) => resolve(r.Properties.SourceArn));
        expect(cdkArns).toContain(`arn:aws:execute-api:us-east-1:${ACCT}:{apiC8550315}/*/*/orders`);
        const mineArns = ours.permissions.map(p => p.sourceArn).sort();
        expect(mineArns).toEqual([
            `arn:aws:execute-api:us-east-1:${ACCT}:peer-id/authorizers/*`,
            `arn:aws:execute-api:us-east-1:${ACCT}:peer-id/prod/*`,
        ]);
    });

    test("CDK auto-deploys a $default stage; SecureHttpApi deploys a named stage explicitly", () => {
        const stage = cdkOf("AWS::ApiGatewayV2::Stage")[0][1].Properties;
        expect([stage.StageName, stage.AutoDeploy]).toEqual(["$default", true]);
        expect([ours.stage.name, ours.stage.autoDeploy, ours.stage.deploymentId]).toEqual(["prod", false, "peer-id"]);
    });
});
