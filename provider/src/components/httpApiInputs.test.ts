// SecureHttpApi's input checks: each bad input is refused at construction (so at
// `pulumi preview`) naming the field and the value, all of them at once, and
// nothing is registered; the AWS limits (HTTP API quotas) are enforced here, not
// found at deploy time.
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { InputError } from "../shared/inputErrors";
import { SecureHttpApi } from "./secureHttpApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { AuthorizerInputs, RouteInputs, SecureHttpApiArgs } from "../shared/schema-types";
import { Http, lambdaRoute } from "../routes/routeHelpers";

// Created when the module loads, so the table below holds the resources themselves.
const lambda = (name: string) =>
    new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "index.handler" });
const fn = lambda("fn");
const authFn = lambda("auth");
beforeAll(() => world.settle());
beforeEach(() => forgetClaimedStackNames());

const ISSUER = "https://issuer.example.com/";
const jwt = (extra: Partial<AuthorizerInputs> = {}): AuthorizerInputs => ({ type: "jwt", issuer: ISSUER, audiences: ["client"], ...extra });

/** The input error of one component, with every problem's field; asserts nothing was registered. */
function refused(args: SecureHttpApiArgs, name = "bad") {
    const before = world.resources.length;
    let error: InputError | undefined;
    try {
        new SecureHttpApi(name, args);
    } catch (e) {
        error = e as InputError;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(world.resources.length).toBe(before);
    return { message: error!.message, fields: error!.problems.map(p => p.field), problems: error!.problems };
}
const route = (extra: Partial<RouteInputs> = {}): RouteInputs => ({ ...lambdaRoute(fn, "/r", Http.GET), ...extra });

test.each<[string, SecureHttpApiArgs, string, RegExp]>([
    ["no routes", { routes: [] }, "routes", /at least one route is needed: an HTTP API without routes answers nothing/],
    [
        "a state machine's options on a route (a REST API target)",
        { routes: [route({ stateMachineOptions: { headers: true } })] },
        "routes[0].stateMachineOptions",
        /a state machine is a REST API route target/,
    ],
    [
        "a JWT issuer over http",
        { authorizer: jwt({ issuer: "http://issuer.example.com/" }), routes: [route()] },
        "authorizer.issuer",
        /must be an https URL/,
    ],
    [
        "a JWT issuer that is no URL",
        { authorizer: jwt({ issuer: "issuer.example.com" }), routes: [route()] },
        "authorizer.issuer",
        /is not a URL/,
    ],
    [
        "a JWT issuer with a query",
        { authorizer: jwt({ issuer: "https://i.example.com/?a=1" }), routes: [route()] },
        "authorizer.issuer",
        /no query string/,
    ],
    [
        "a JWT authorizer without issuer",
        { authorizer: { type: "jwt", audiences: ["a"] }, routes: [route()] },
        "authorizer.issuer",
        /is required for a jwt authorizer/,
    ],
    ["no audience", { authorizer: jwt({ audiences: [] }), routes: [route()] }, "authorizer.audiences", /needs at least one audience/],
    ["a missing audiences list", { authorizer: { type: "jwt", issuer: ISSUER }, routes: [route()] }, "authorizer.audiences", /is required/],
    [
        "51 audiences",
        { authorizer: jwt({ audiences: Array.from({ length: 51 }, (_, i) => `c${i}`) }), routes: [route()] },
        "authorizer.audiences",
        /at most 50 \(API Gateway's quota\)/,
    ],
    [
        "an empty audience",
        { authorizer: jwt({ audiences: ["a", " "] }), routes: [route()] },
        "authorizer.audiences",
        /audience 1 " " is empty/,
    ],
    [
        "scopes on an iam route",
        { routes: [route({ authorizationScopes: ["orders/read"] })] },
        "routes[0].authorizationScopes",
        /only applies to routes with a jwt or cognito authorizer/,
    ],
    [
        "11 scopes on a route",
        { authorizer: jwt(), routes: [route({ authorizationScopes: Array.from({ length: 11 }, (_, i) => `s${i}`) })] },
        "routes[0].authorizationScopes",
        /at most 10 \(API Gateway's quota\)/,
    ],
    [
        "a token authorizer",
        { routes: [route({ authorizer: { type: "token", function: authFn } })] },
        "routes[0].authorizer.type",
        /no token authorizers/,
    ],
    [
        "identity sources in the REST syntax",
        { routes: [route({ authorizer: { type: "request", function: authFn, identitySources: ["method.request.header.X-Token"] } })] },
        "routes[0].authorizer.identitySources[0]",
        /not in the REST API syntax/,
    ],
    [
        "a JWT reading two headers",
        { authorizer: jwt({ identitySources: ["$request.header.A", "$request.header.B"] }), routes: [route()] },
        "authorizer.identitySources",
        /exactly one \$request\.header/,
    ],
    [
        "a TTL past an hour",
        { routes: [route({ authorizer: { type: "request", function: authFn, resultTtlInSeconds: 3601 } })] },
        "routes[0].authorizer.resultTtlInSeconds",
        /from 0 to 3600/,
    ],
    [
        "a request authorizer without function",
        { routes: [route({ authorizer: { type: "request" } })] },
        "routes[0].authorizer.function",
        /is required for a request authorizer/,
    ],
    [
        "a pool ARN for jwt",
        { authorizer: jwt({ userPoolArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a"] }), routes: [route()] },
        "authorizer.userPoolArns",
        /does not apply to a jwt authorizer/,
    ],
    [
        "two pools for one cognito authorizer",
        {
            authorizer: {
                type: "cognito",
                audiences: ["a"],
                userPoolArns: [
                    "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_a",
                    "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_b",
                ],
            },
            routes: [route()],
        },
        "authorizer.userPoolArns",
        /exactly one user pool/,
    ],
    ["an authorizer named sigv4", { authorizer: jwt({ name: "sigv4" }), routes: [route()] }, "authorizer.name", /IAM security scheme/],
    ["a name on iam", { authorizer: { type: "iam", name: "mine" }, routes: [route()] }, "authorizer.name", /IAM is no authorizer/],
    [
        "request validation",
        { routes: [route({ requestValidation: { requiredHeaders: ["x"] } })] },
        "routes[0].requestValidation",
        /HTTP APIs do not validate requests/,
    ],
    [
        "a MOCK integration",
        { routes: [{ path: "/m", methods: [Http.GET], integration: { type: "MOCK" } }] },
        "routes[0].integration.type",
        /must be HTTP_PROXY on SecureHttpApi/,
    ],
    [
        "a mapping template",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: {
                        type: "HTTP_PROXY",
                        uri: "https://b.example.com",
                        httpMethod: "GET",
                        requestTemplates: { "application/json": "{}" },
                    },
                },
            ],
        },
        "routes[0].integration.requestTemplates",
        /only applies to REST APIs/,
    ],
    [
        "a 31-second timeout",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: { type: "HTTP_PROXY", uri: "https://b.example.com", httpMethod: "GET", timeoutMilliseconds: 31000 },
                },
            ],
        },
        "routes[0].integration.timeoutMilliseconds",
        /from 50 to 30000/,
    ],
    [
        "a VPC link without its id",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: {
                        type: "HTTP_PROXY",
                        uri: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/50dc6c495c0c9188/0467ef3c8400ae65",
                        httpMethod: "ANY",
                        connectionType: "VPC_LINK",
                    },
                },
            ],
        },
        "routes[0].integration.connectionId",
        /is required with connectionType VPC_LINK/,
    ],
    [
        "a connection type known only at deploy time",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: {
                        type: "HTTP_PROXY",
                        uri: "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/lb/50dc6c495c0c9188/0467ef3c8400ae65",
                        httpMethod: "ANY",
                        connectionType: pulumi.output("VPC_LINK"),
                        connectionId: "abc123",
                    },
                },
            ],
        },
        "routes[0].integration.connectionType",
        /must be known when the component is constructed/,
    ],
    [
        "a URL through a VPC link",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: {
                        type: "HTTP_PROXY",
                        uri: "https://b.example.com",
                        httpMethod: "GET",
                        connectionType: "VPC_LINK",
                        connectionId: "abc123",
                    },
                },
            ],
        },
        "routes[0].integration.uri",
        /load balancer listener|Cloud Map service/,
    ],
    [
        "a reserved header mapping",
        {
            routes: [
                {
                    path: "/m",
                    methods: [Http.GET],
                    integration: {
                        type: "HTTP_PROXY",
                        uri: "https://b.example.com",
                        httpMethod: "GET",
                        requestParameters: { "overwrite:header.Authorization": "x" },
                    },
                },
            ],
        },
        "routes[0].integration.requestParameters",
        /header Authorization is reserved/,
    ],
    [
        "a $default route with GET",
        { routes: [{ path: "$default", methods: [Http.GET], handler: fn }] },
        "routes[0].methods",
        /answers every method: give \["ANY"\]/,
    ],
    [
        "$Default",
        { routes: [{ path: "$Default", methods: [Http.ANY], handler: fn }] },
        "routes[0].path",
        /the catch-all route is written \$default/,
    ],
    ["the $default stage", { stageName: "$default", routes: [route()] }, "stageName", /\$default stage .* is not offered/],
    ["a stage name with a dot", { stageName: "v1.0", routes: [route()] }, "stageName", /letters, digits, "-" or "_"/],
    ["an API name of 129 characters", { apiName: "a".repeat(129), routes: [route()] }, "apiName", /at most 128 characters/],
    [
        "a stage variable with a space",
        { stageVariables: { host: "a b" }, routes: [route()] },
        "stageVariables.host",
        /characters API Gateway allows/,
    ],
    [
        "a Firehose access log destination",
        { accessLogs: { destinationArn: "arn:aws:firehose:us-east-1:123456789012:deliverystream/amazon-apigateway-x" }, routes: [route()] },
        "accessLogs.destinationArn",
        /CloudWatch Logs only/,
    ],
    [
        "an access log format over 3 KB",
        { accessLogs: { format: `$context.requestId ${"x".repeat(3100)}` }, routes: [route()] },
        "accessLogs.format",
        /3 KB/,
    ],
    [
        "a domain with TLS 1.0",
        {
            routes: [route()],
            domain: {
                domainName: "a.example.com",
                certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1",
                securityPolicy: "TLS_1_0",
            },
        },
        "domain.securityPolicy",
        /TLS 1\.2 policy/,
    ],
    [
        "a base path of 301 characters",
        {
            routes: [route()],
            domain: {
                domainName: "a.example.com",
                certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/1",
                basePath: "a".repeat(301),
            },
        },
        "domain.basePath",
        /at most 300/,
    ],
    [
        "a route throttle without its rate",
        { routes: [route({ throttle: { burstLimit: 1 } as never })] },
        "routes[0].throttle.rateLimit",
        /is required/,
    ],
    ["a negative stage throttle", { throttle: { burstLimit: -1 }, routes: [route()] }, "throttle.burstLimit", /whole number >= 0/],
])("%s is refused, naming the field", (_what, args, field, reason) => {
    const r = refused(args);
    // That problem alone: every other input of the case is valid.
    expect(r.fields).toEqual([field]);
    expect(r.problems.find(p => p.field === field)!.reason).toMatch(reason);
    expect(r.message).toMatch(/^SecureHttpApi "bad": /);
});

test("every problem is reported at once", () => {
    const r = refused({
        stageName: "a b",
        authorizer: jwt({ issuer: "http://x.example.com" }),
        routes: [route({ requestValidation: { requiredHeaders: ["x"] } }), route()],
        throttle: { rateLimit: -1 },
    });
    expect(r.fields.sort()).toEqual([
        "authorizer.issuer",
        "routes[0].requestValidation",
        "routes[1].methods[0]",
        "stageName",
        "throttle.rateLimit",
    ]);
});

test("at most 300 route keys (API Gateway's routes per HTTP API; its 300 integrations are not raisable)", () => {
    const routes = Array.from({ length: 151 }, (_, i) => lambdaRoute(fn, `/r${i}`, Http.GET, Http.POST));
    const r = refused({ routes });
    expect(r.fields).toEqual(["routes"]);
    expect(r.message).toContain('routes "302 route keys" is invalid: an HTTP API has at most 300 routes');
    // 300 exactly is accepted.
    forgetClaimedStackNames();
    expect(() => new SecureHttpApi("ok300", { routes: routes.slice(0, 150) })).not.toThrow();
});

test("at most 10 authorizers per HTTP API", () => {
    const routes = Array.from({ length: 11 }, (_, i) => route({ path: `/r${i}`, authorizer: jwt({ name: `a${i}` }) }));
    const r = refused({ routes });
    expect(r.fields).toEqual(["authorizer"]);
    expect(r.message).toContain("the routes use 11 authorizers; an HTTP API has at most 10");
});

test("two different authorizers under one name are refused; the same one twice is one authorizer", () => {
    const r = refused({
        routes: [route({ path: "/a", authorizer: jwt() }), route({ path: "/b", authorizer: jwt({ audiences: ["other"] }) })],
    });
    expect(r.fields).toEqual(["routes[1].authorizer.name"]);
    forgetClaimedStackNames();
    expect(
        () => new SecureHttpApi("same", { routes: [route({ path: "/a", authorizer: jwt() }), route({ path: "/b", authorizer: jwt() })] }),
    ).not.toThrow();
});

test("one authorizer name, audiences given as outputs: the same audiences are one authorizer, different ones are refused once resolved", async () => {
    const { holdChildrenOnLateFailure } = await import("../shared/lateChecks");
    const jwtRoute = (p: string, aud: string) =>
        route({ path: p, authorizer: { type: "jwt", issuer: ISSUER, audiences: pulumi.output([aud]) } });
    const same = new SecureHttpApi("sameaud", { stackName: "sameaud", routes: [jwtRoute("/a", "web"), jwtRoute("/b", "web")] });
    await expect(same.lateChecks).resolves.toBeUndefined();
    holdChildrenOnLateFailure(true);
    try {
        const api = new SecureHttpApi("twoaud", { stackName: "twoaud", routes: [jwtRoute("/a", "web"), jwtRoute("/b", "partner")] });
        const error = await api.lateChecks.then(
            () => undefined,
            e => e,
        );
        expect(error?.message).toMatch(
            /^SecureHttpApi "twoaud": routes\[1\]\.authorizer\.name "jwt" is invalid: is also the name of a different authorizer at routes\[0\]\.authorizer/,
        );
    } finally {
        holdChildrenOnLateFailure(false);
    }
});

test("two SecureHttpApis of one stack need their own stackName", () => {
    new SecureHttpApi("first", { routes: [route()] });
    const r = refused({ routes: [route()] }, "second");
    expect(r.fields).toEqual(["stackName"]);
    expect(r.message).toContain('is already used by SecureHttpApi "first"');
});

test("audiences given as an output are checked once known: an empty list stops every child (a late check)", async () => {
    const { holdChildrenOnLateFailure } = await import("../shared/lateChecks");
    holdChildrenOnLateFailure(true);
    try {
        await world.settle();
        const before = world.resources.length;
        const api = new SecureHttpApi(
            "late",
            { stackName: "late", authorizer: { type: "jwt", issuer: ISSUER, audiences: pulumi.output([] as string[]) }, routes: [route()] },
            { transformations: [world.recorder] },
        );
        const error = await api.lateChecks.then(
            () => undefined,
            e => e,
        );
        expect(error).toBeInstanceOf(InputError);
        expect(error.message).toMatch(/^SecureHttpApi "late": authorizer\.audiences \[\] is invalid: needs at least one audience/);
        await new Promise(r => setTimeout(r, 200));
        await world.settle();
        expect(world.resources.slice(before).filter(r => r.parentResource === api)).toEqual([]);
    } finally {
        holdChildrenOnLateFailure(false);
    }
});
