// The testing entry (testing.ts) as users use it: the components constructed
// in-process under pulumi.runtime.setMocks, the children asserted on.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { awsMocks, Http, IAMSecureRestApi, lambdaRoute, SecureHttpApi, SecureRestApi } from "./testing";

const valueOf = <T>(o: pulumi.Output<T>) =>
    new Promise<T>(resolve =>
        o.apply(v => {
            resolve(v);
            return v;
        }),
    );

function lambda(name: string) {
    return new aws.lambda.Function(name, { role: "arn:aws:iam::123456789012:role/fn", runtime: "nodejs20.x", handler: "index.handler" });
}

describe("awsMocks", () => {
    const mocks = awsMocks({ region: "eu-west-1" });
    beforeAll(() => pulumi.runtime.setMocks(mocks, "proj", "dev", false));

    test("a SecureRestApi's children, URLs and methods, every one needing the key", async () => {
        const fn = lambda("fn");
        const api = new SecureRestApi("keyed", {
            test: true,
            routes: [lambdaRoute(fn, "/users/{id}", Http.GET, Http.PUT), lambdaRoute(fn, "/", Http.GET)],
        });
        expect(await valueOf(api.apiEndpoint)).toBe("https://keyed-id.execute-api.eu-west-1.amazonaws.com/prod/");
        expect(await valueOf(api.routeUrls)).toEqual({
            "/": "https://keyed-id.execute-api.eu-west-1.amazonaws.com/prod/",
            "/users/{id}": "https://keyed-id.execute-api.eu-west-1.amazonaws.com/prod/users/{id}",
        });
        expect(await valueOf(api.apiKey)).toBe("test123");
        await mocks.settle();
        expect(
            mocks
                .methods("keyed")
                .map(m => `${m.method} ${m.path} ${m.apiKeyRequired} ${m.authorization}`)
                .sort(),
        ).toEqual(["GET / true NONE", "GET /users/{id} true NONE", "PUT /users/{id} true NONE"]);
        const [key] = mocks.byType("aws:apigateway/apiKey:ApiKey").filter(r => r.name.startsWith("keyed"));
        expect(key.inputs.value).toBe("test123");
    });

    test("an IAMSecureRestApi's methods need AWS_IAM; its user and secret are children", async () => {
        const api = new IAMSecureRestApi("iam", { stackName: "proj-dev-iam", routes: [lambdaRoute(lambda("fn2"), "/hello", Http.GET)] });
        await valueOf(api.apiEndpoint);
        await mocks.settle();
        expect(mocks.methods("iam").map(m => `${m.method} ${m.path} ${m.apiKeyRequired} ${m.authorization}`)).toEqual([
            "GET /hello false AWS_IAM",
        ]);
        expect(mocks.byType("aws:iam/user:User").map(u => u.name)).toContain("iam");
        expect(mocks.byType("aws:secretsmanager/secret:Secret").map(s => s.inputs.name)).toContain("proj-dev-iam/iam-user-credentials");
        // awsMocks answers the account read: the CloudWatch role is set, so ERROR logs and metrics by default.
        const [settings] = mocks.byType("aws:apigateway/methodSettings:MethodSettings").filter(r => r.name === "iam");
        expect(settings.inputs.settings).toEqual({ loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true });
    });

    test("awsMocks({ cloudWatchRoleArn: null }): an account without the role, so the default execution logs stay off", async () => {
        awsMocks({ region: "eu-west-1", cloudWatchRoleArn: null });
        const api = new IAMSecureRestApi("norole", {
            stackName: "proj-dev-norole",
            routes: [lambdaRoute(lambda("fn4"), "/hello", Http.GET)],
        });
        await valueOf(api.apiEndpoint);
        await mocks.settle();
        const [settings] = mocks.byType("aws:apigateway/methodSettings:MethodSettings").filter(r => r.name === "norole");
        expect(settings.inputs.settings).toEqual({ loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false });
    });

    test("a SecureHttpApi: its stage's URL, route URLs, and its Api's document with every route signed", async () => {
        const api = new SecureHttpApi("http", { stackName: "proj-dev-http", routes: [lambdaRoute(lambda("fn4"), "/orders", Http.GET)] });
        expect(await valueOf(api.apiEndpoint)).toBe("https://http-id.execute-api.eu-west-1.amazonaws.com/prod/");
        expect(await valueOf(api.routeUrls)).toEqual({ "/orders": "https://http-id.execute-api.eu-west-1.amazonaws.com/prod/orders" });
        expect(await valueOf(api.executionArn)).toBe("arn:aws:execute-api:eu-west-1:123456789012:http-id");
        await mocks.settle();
        const [httpApi] = mocks.byType("aws:apigatewayv2/api:Api").filter(r => r.name === "http");
        expect(JSON.parse(String(httpApi.inputs.body)).paths["/orders"].get.security).toEqual([{ sigv4: [] }]);
    });

    test("methods() reads an API's OpenAPI body when it has one", async () => {
        const body = {
            openapi: "3.0.1",
            paths: {
                "/a": {
                    get: { security: [{ api_key: [] }] },
                    options: {},
                    "x-amazon-apigateway-any-method": { security: [{ sigv4: [] }] },
                },
            },
        };
        new aws.apigateway.RestApi("documented", { body: JSON.stringify(body) });
        await mocks.settle();
        expect(mocks.methods("documented")).toEqual([
            { method: "GET", path: "/a", apiKeyRequired: true, authorization: "NONE" },
            { method: "OPTIONS", path: "/a", apiKeyRequired: false, authorization: "NONE" },
            { method: "ANY", path: "/a", apiKeyRequired: false, authorization: "AWS_IAM" },
        ]);
        expect(() => mocks.methods("nothing")).toThrow(/no aws.apigateway.RestApi named nothing/);
    });
});

describe("mocks that answer only the inputs (no Stage invokeUrl)", () => {
    beforeAll(() =>
        pulumi.runtime.setMocks(
            {
                newResource: args => ({ id: `${args.name}-id`, state: args.inputs }),
                call: () => ({}),
            },
            "proj",
            "dev",
            false,
        ),
    );

    test("the component is built; its URLs are undefined rather than a crash", async () => {
        const api = new SecureRestApi("bare", { stackName: "bare", test: true, routes: [lambdaRoute(lambda("fn3"), "/hello", Http.GET)] });
        expect(await valueOf(api.apiEndpoint)).toBeUndefined();
        expect(await valueOf(api.routeUrls)).toBeUndefined();
        expect(await valueOf(api.apiKey)).toBe("test123");
    });
});
