// sharedInputs's inputs through SecureRestApi under mocks: each bad one is refused at construction
// naming the field and the value, and nothing is registered.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { InputCase, rejectsEach } from "../../../test-support/inputCases";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { showValue } from "../shared/inputErrors";
const vpceIds = Array.from({ length: 400 }, (_, i) => `vpce-${String(i).padStart(17, "0")}`);
const longKey = "k".repeat(129);
const longValue = "v".repeat(257);
const manyTags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"]));

// Bad sharedInputs inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
const cases: InputCase[] = [
    ["no routes", () => ({ routes: [] }), "routes", "[]"],
    ["empty path", h => ({ routes: [{ ...h.ok(), path: "" }] }), "routes[0].path", '""'],
    ["path of spaces", h => ({ routes: [{ ...h.ok(), path: "/ a" }] }), "routes[0].path", '"/ a"'],
    ["double slash", h => ({ routes: [{ ...h.ok(), path: "/a//b" }] }), "routes[0].path", '"/a//b"'],
    ['"." segment', h => ({ routes: [{ ...h.ok(), path: "/a/./b" }] }), "routes[0].path", '"/a/./b"'],
    ['".." segment', h => ({ routes: [{ ...h.ok(), path: "/a/.." }] }), "routes[0].path", '"/a/.."'],
    ["no leading slash", h => ({ routes: [{ ...h.ok(), path: "a" }] }), "routes[0].path", '"a"'],
    ["unbalanced braces", h => ({ routes: [{ ...h.ok(), path: "/users/{id" }] }), "routes[0].path", '"/users/{id"'],
    ["{proxy+} not last", h => ({ routes: [{ ...h.ok(), path: "/{proxy+}/x" }] }), "routes[0].path", '"/{proxy+}/x"'],
    [
        "two parameter names at one level",
        h => ({ routes: [h.ok(), { ...h.ok(), path: "/a/{id}" }, { ...h.ok(), path: "/a/{key}" }] }),
        "routes[2].path",
        '"/a/{key}"',
    ],
    ["duplicate path+method", h => ({ routes: [h.ok(), { ...h.ok(), methods: ["POST", "GET"] }] }), "routes[1].methods[1]", '"GET"'],
    ["duplicate through a trailing slash", h => ({ routes: [h.ok(), { ...h.ok(), path: "/a/" }] }), "routes[1].methods[0]", '"GET"'],
    [
        "ANY twice on one path",
        h => ({
            routes: [
                { ...h.ok(), methods: ["ANY"] },
                { ...h.ok(), methods: ["ANY", "GET"] },
            ],
        }),
        "routes[1].methods[0]",
        '"ANY"',
    ],
    ["same method twice in a route", h => ({ routes: [{ ...h.ok(), methods: ["GET", "GET"] }] }), "routes[0].methods[1]", '"GET"'],
    ["unknown method", h => ({ routes: [{ ...h.ok(), methods: ["FETCH"] }] }), "routes[0].methods[0]", '"FETCH"'],
    ["lower-case method", h => ({ routes: [{ ...h.ok(), methods: ["get"] }] }), "routes[0].methods[0]", '"get"'],
    ["empty methods", h => ({ routes: [{ ...h.ok(), methods: [] }] }), "routes[0].methods", "[]"],
    [
        "both handler and integration",
        h => ({ routes: [{ ...h.ok(), integration: { type: "MOCK" } }] }),
        "routes[0]",
        '{"path":"/a","methods":["GET"]}',
    ],
    ["handler that is not a resource", h => ({ routes: [{ ...h.ok(), handler: "my-function" }] }), "routes[0].handler", '"my-function"'],
    [
        "neither handler nor integration",
        () => ({ routes: [{ path: "/a", methods: ["GET"] }] }),
        "routes[0]",
        '{"path":"/a","methods":["GET"]}',
    ],
    [
        "unknown integration type",
        () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "LAMBDA" } }] }),
        "routes[0].integration.type",
        '"LAMBDA"',
    ],
    [
        "HTTP integration without uri",
        () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "HTTP", httpMethod: "GET" } }] }),
        "routes[0].integration.uri",
        "undefined",
    ],
    [
        "integration timeout out of range",
        () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK", timeoutMilliseconds: 30000 } }] }),
        "routes[0].integration.timeoutMilliseconds",
        "30000",
    ],
    ["bad stage name", () => ({ stageName: "prod-1" }), "stageName", '"prod-1"'],
    ["bad stackName", () => ({ stackName: "my stack" }), "stackName", '"my stack"'],
    ["unknown endpoint type", () => ({ endpointType: "GLOBAL" }), "endpointType", '"GLOBAL"'],
    ["PRIVATE without VPC endpoints", () => ({ endpointType: "PRIVATE" }), "vpcEndpointIds", "undefined"],
    [
        "PRIVATE resource policy over 8,192 characters",
        () => ({ endpointType: "PRIVATE", vpcEndpointIds: vpceIds }),
        "vpcEndpointIds",
        showValue(vpceIds),
    ],
    ["300 paths: 301 resources with the root, over the default quota", h => ({ routes: h.paths(300) }), "apiResourceQuota", "300"],
    ["more paths than a declared quota", h => ({ routes: h.paths(5), apiResourceQuota: 5 }), "apiResourceQuota", "5"],
    ["zero apiResourceQuota", () => ({ apiResourceQuota: 0 }), "apiResourceQuota", "0"],
    [
        "an API definition over API Gateway's 6 MB import limit (found at construction, not at deploy)",
        () => ({
            routes: [
                {
                    path: "/big",
                    methods: ["POST"],
                    integration: { type: "MOCK", requestTemplates: { "application/json": "x".repeat(6_300_000) } },
                },
            ],
        }),
        "routes",
        '"1 methods"',
    ],
    ["unknown lambdaPermissionScope", () => ({ lambdaPermissionScope: "ROUTE" }), "lambdaPermissionScope", '"ROUTE"'],
    [
        "METHOD scope over the policy budget of one function",
        h => ({ lambdaPermissionScope: "METHOD", routes: h.paths(25, ["GET", "POST"]) }),
        "lambdaPermissionScope",
        '"METHOD"',
    ],
    ["tag key starting with aws:", () => ({ tags: { "aws:owner": "me" } }), "tags", '"aws:owner"'],
    ["tag key starting with AWS: (any case)", () => ({ tags: { "AWS:Owner": "me" } }), "tags", '"AWS:Owner"'],
    ["tag key over 128 characters", () => ({ tags: { [longKey]: "x" } }), "tags", showValue(longKey)],
    ["tag value over 256 characters", () => ({ tags: { note: longValue } }), "tags.note", showValue(longValue)],
    ["more than 50 tags", () => ({ tags: manyTags }), "tags", showValue(Object.keys(manyTags))],
];
rejectsEach(world, cases);

test("there are at least 20 malformed-input cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

test("a too-short apiKeyValue is rejected without showing it", () => {
    const secretish = "short-key-123";
    expect(
        () =>
            new SecureRestApi("k", {
                stackName: "k",
                routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK" } }],
                apiKeyValue: secretish,
            }),
    ).toThrow(/apiKeyValue \[secret\] is invalid: must be 20 to 128 characters \(API Gateway's rule\); it has 13$/);
    try {
        new SecureRestApi("k2", {
            stackName: "k2",
            routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK" } }],
            apiKeyValue: secretish,
        });
    } catch (e) {
        expect((e as Error).message).not.toContain(secretish);
    }
});

test("two components with one stackName in a stack are rejected, naming the stackName", () => {
    new SecureRestApi("first", {
        stackName: "shared",
        routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK" } }],
        test: true,
    });
    expect(
        () =>
            new IAMSecureRestApi("second", {
                stackName: "shared",
                routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK" } }],
            }),
    ).toThrow('IAMSecureRestApi "second": stackName "shared" is invalid: is already used by SecureRestApi "first" in this stack');
});

test("several problems are reported together", () => {
    expect(
        () =>
            new SecureRestApi("many", {
                stackName: "m",
                test: true,
                routes: [{ path: "//", methods: [] as never[] }],
                quota: { period: "YEAR" as never },
            }),
    ).toThrow(
        /SecureRestApi "many": 2 invalid inputs:\n {2}- routes\[0\]\.path "\/\/" is invalid: .*\n {2}- quota\.period "YEAR" is invalid/,
    );
});
