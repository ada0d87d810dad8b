// CORS through both components under mocks: the preflights (the only
// unauthenticated operations, and only with cors) and gateway responses in the
// API's document.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { lambdaRoute, Http } from "../routes/routeHelpers";
import { integrationOf } from "../../../test-support/openApiDoc";
import { edgeHarness, T, ORIGIN, Built } from "../../../test-support/edgeHarness";
import { rejectsEach } from "../../../test-support/inputCases";

const { routes, build, opsOf, authorizationOf, authOf, unauthenticated, preflightOf, gatewayResponsesOf, fn } = edgeHarness(world);

describe("CORS on SecureRestApi", () => {
    let g: Built;
    beforeAll(async () => {
        g = await build("key", "cors", { routes: routes(), cors: { allowOrigins: [ORIGIN], exposeHeaders: ["x-request-id"] } });
    });

    test("every path gets an OPTIONS method; they are the only methods without the API key, and nothing else is unauthenticated", () => {
        expect(authOf(g)).toEqual([
            "ANY /files/{proxy+} NONE key",
            "DELETE /users/{id} NONE key",
            "GET / NONE key",
            "GET /health NONE key",
            "GET /users NONE key",
            "GET /users/{id} NONE key",
            "OPTIONS / NONE",
            "OPTIONS /files/{proxy+} NONE",
            "OPTIONS /health NONE",
            "OPTIONS /users NONE",
            "OPTIONS /users/{id} NONE",
            "POST /users NONE key",
        ]);
        // Why: a browser's preflight carries neither the key nor a signature.
        expect(unauthenticated(g).map(k => k.split(" ")[0])).toEqual(Array(5).fill("OPTIONS"));
        expect(opsOf(g).get("OPTIONS /users")!.security).toEqual([]);
        expect(g.of(T.method)).toEqual([]);
    });

    test("each preflight is a MOCK integration answering 204 with the CORS headers: the path's own methods and the key's header", () => {
        expect(integrationOf(opsOf(g).get("OPTIONS /users")!)).toEqual(
            expect.objectContaining({
                type: "mock",
                requestTemplates: { "application/json": '{"statusCode": 204}' },
            }),
        );
        const headers = {
            "method.response.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'",
            "method.response.header.Access-Control-Allow-Headers": "'content-type,x-api-key'",
            "method.response.header.Access-Control-Max-Age": "'600'",
            "method.response.header.Vary": "'Origin'",
        };
        expect(preflightOf(g, "/users")).toEqual({ statusCode: "204", responseParameters: headers });
        expect(Object.keys(opsOf(g).get("OPTIONS /users")!.responses["204"].headers).sort()).toEqual(
            Object.keys(headers)
                .map(h => h.replace("method.response.header.", ""))
                .sort(),
        );
        // ANY stands for every method.
        expect(preflightOf(g, "/files/{proxy+}").responseParameters["method.response.header.Access-Control-Allow-Methods"]).toBe(
            "'OPTIONS,GET,HEAD,PUT,POST,DELETE,PATCH'",
        );
    });

    test("API Gateway's DEFAULT_4XX and DEFAULT_5XX carry the CORS headers, so a browser can read a 403 for a missing key", () => {
        const responses = gatewayResponsesOf(g);
        expect(Object.keys(responses).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
        for (const r of Object.values<any>(responses)) {
            expect(r).toEqual({
                responseParameters: {
                    "gatewayresponse.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
                    "gatewayresponse.header.Access-Control-Expose-Headers": "'x-request-id'",
                    "gatewayresponse.header.Vary": "'Origin'",
                },
            });
        }
        expect(g.of(T.gatewayResponse)).toEqual([]);
    });

    test("the preflights and gateway responses are in the document, so the deployment's trigger covers them", () => {
        const dep = g.named(T.deployment, "cors");
        expect(new Set(dep.dependsOn)).toEqual(new Set(["cors", ...g.of(T.permission).map(r => r.name)]));
        const body = g.named(T.restApi, "cors").inputs.body as string;
        expect(dep.inputs.triggers.openApiDocument).toBe(require("crypto").createHash("sha256").update(body).digest("hex"));
    });

    test("the API needs no resource policy for CORS alone", () => {
        expect(g.named(T.restApi, "cors").inputs.policy).toBeUndefined();
        expect(g.named(T.restApi, "cors").inputs.disableExecuteApiEndpoint).toBe(false);
    });
});

test("without cors nothing is unauthenticated: no OPTIONS method, no gateway response", async () => {
    const g = await build("key", "nocors", { routes: routes() });
    expect(unauthenticated(g)).toEqual([]);
    expect(authOf(g).every(a => a.endsWith(" NONE key"))).toBe(true);
    expect(gatewayResponsesOf(g)).toEqual({});
    const i = await build("iam", "nocors-iam", { routes: routes() });
    expect([...opsOf(i).values()].map(authorizationOf)).toEqual(Array(7).fill("AWS_IAM"));
    expect(gatewayResponsesOf(i)).toEqual({});
});

describe("CORS on IAMSecureRestApi", () => {
    test("preflights allow the SigV4 headers; every other method stays AWS_IAM", async () => {
        const g = await build("iam", "iamcors", {
            routes: [lambdaRoute(fn(), "/orders", Http.GET, Http.PUT)],
            cors: { allowOrigins: ["*"] },
        });
        expect(authOf(g)).toEqual(["GET /orders AWS_IAM", "OPTIONS /orders NONE", "PUT /orders AWS_IAM"]);
        expect(preflightOf(g, "/orders").responseParameters).toEqual({
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT'",
            "method.response.header.Access-Control-Allow-Headers":
                "'authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-security-token'",
            "method.response.header.Access-Control-Max-Age": "'600'",
        });
        expect(gatewayResponsesOf(g).DEFAULT_4XX.responseParameters).toEqual({
            "gatewayresponse.header.Access-Control-Allow-Origin": "'*'",
        });
    });

    test("several origins: the preflight echoes the request's Origin when listed; given methods, headers, max age and credentials are used as given", async () => {
        const origins = [ORIGIN, "http://localhost:3000"];
        const g = await build("iam", "multi", {
            routes: [lambdaRoute(fn(), "/a", Http.GET)],
            cors: {
                allowOrigins: origins,
                allowMethods: [Http.GET, Http.POST],
                allowHeaders: ["authorization", "x-trace"],
                maxAge: 0,
                allowCredentials: true,
            },
        });
        const ir = preflightOf(g, "/a");
        expect(ir.responseParameters).toEqual({
            "method.response.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'",
            "method.response.header.Access-Control-Allow-Headers": "'authorization,x-trace'",
            "method.response.header.Access-Control-Max-Age": "'0'",
            "method.response.header.Access-Control-Allow-Credentials": "'true'",
            "method.response.header.Vary": "'Origin'",
        });
        expect(ir.responseTemplates["application/json"]).toContain(`#if($origin == "${ORIGIN}" || $origin == "http://localhost:3000")`);
        expect(ir.responseTemplates["application/json"]).toContain(
            "#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)",
        );
        expect(gatewayResponsesOf(g).DEFAULT_5XX.responseParameters).toEqual({
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.origin",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
            "gatewayresponse.header.Vary": "'Origin'",
        });
    });
});

// Bad cors inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    // Edge security (cors.ts, domain.ts, waf.ts, resourcePolicy.ts).
    ["cors without allowOrigins", () => ({ cors: {} }), "cors.allowOrigins", "undefined"],
    [
        "cors origin with a trailing slash",
        () => ({ cors: { allowOrigins: ["https://app.example.com/"] } }),
        "cors.allowOrigins[0]",
        '"https://app.example.com/"',
    ],
    [
        "cors origin with a path",
        () => ({ cors: { allowOrigins: ["https://app.example.com/app"] } }),
        "cors.allowOrigins[0]",
        '"https://app.example.com/app"',
    ],
    [
        'cors origin "*" with allowCredentials',
        () => ({ cors: { allowOrigins: ["*"], allowCredentials: true } }),
        "cors.allowOrigins[0]",
        '"*"',
    ],
    ['cors "*" beside other origins', () => ({ cors: { allowOrigins: ["https://a.example.com", "*"] } }), "cors.allowOrigins[1]", '"*"'],
    ["cors maxAge over a day", () => ({ cors: { allowOrigins: ["*"], maxAge: 86401 } }), "cors.maxAge", "86401"],
    [
        "cors header name with a quote",
        () => ({ cors: { allowOrigins: ["*"], allowHeaders: ["x-'key"] } }),
        "cors.allowHeaders[0]",
        '"x-\'key"',
    ],
    ["cors unknown method", () => ({ cors: { allowOrigins: ["*"], allowMethods: ["FETCH"] } }), "cors.allowMethods[0]", '"FETCH"'],
    [
        "a route defining OPTIONS while cors is set",
        h => ({ cors: { allowOrigins: ["*"] }, routes: [{ ...h.ok(), methods: ["GET", "OPTIONS"] }] }),
        "routes[0].methods[1]",
        '"OPTIONS"',
    ],
]);
