// IAMSecureRestApi without long-lived keys (createUser: false), invokers
// allowed through the API's resource policy, and access-key rotation.
import { installMocks, MockWorld, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { InputError } from "../shared/inputErrors";
import { accessKeyGenerations } from "../credentials/accessKeyRotation";
import { invokerProblem } from "../edge/invokers";
import { resourcePolicyDocument } from "../edge/resourcePolicy";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { IAMSecureRestApiArgs } from "../shared/schema-types";
import { Http, integrationRoute } from "../routes/routeHelpers";

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    user: "aws:iam/user:User",
    accessKey: "aws:iam/accessKey:AccessKey",
    policy: "aws:iam/policy:Policy",
    role: "aws:iam/role:Role",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
};
const ROLE = "arn:aws:iam::123456789012:role/reporting";
const OTHER_ROLE = "arn:aws:iam::210987654321:role/team/billing-reader";
const OTHER_ACCOUNT = "111122223333";

beforeEach(() => forgetClaimedStackNames());

async function build(name: string, args: IAMSecureRestApiArgs) {
    const before = world.resources.length;
    const routes = [
        integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/health", Http.GET),
    ];
    const api = new IAMSecureRestApi(name, { routes, ...args }, { transformations: [world.recorder] });
    await valueOf(api.apiEndpoint);
    await valueOf(api.policy.apply(p => p.policy));
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    return { api, of };
}

describe("invokers", () => {
    test("are allowed on the stage by the API's resource policy, exactly", async () => {
        const g = await build("inv", { stageName: "v1", invokers: [ROLE, OTHER_ROLE, OTHER_ACCOUNT] });
        const [api] = g.of(T.restApi);
        expect(JSON.parse(api.inputs.policy as string)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: [ROLE, OTHER_ROLE, OTHER_ACCOUNT] },
                    Action: "execute-api:Invoke",
                    Resource: "execute-api:/v1/*/*",
                },
            ],
        });
        // No role of the account is modified.
        expect(g.of(T.rolePolicyAttachment)).toEqual([]);
    });

    test("combine with source-IP rules and CORS preflights in one document", () => {
        expect(
            JSON.parse(
                resourcePolicyDocument({
                    allow: "preflight",
                    allowedSourceIps: ["203.0.113.0/24"],
                    invokers: { principals: [OTHER_ACCOUNT], stageName: "prod" },
                })!,
            ).Statement,
        ).toEqual([
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/OPTIONS/*" },
            { Effect: "Allow", Principal: { AWS: [OTHER_ACCOUNT] }, Action: "execute-api:Invoke", Resource: "execute-api:/prod/*/*" },
            {
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "execute-api:/*",
                Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } },
            },
        ]);
    });

    test("with cors and no IP rules, the policy also allows the unauthenticated preflights (else API Gateway denies them)", async () => {
        const g = await build("inv-cors", { invokers: [OTHER_ACCOUNT], cors: { allowOrigins: ["https://app.example.com"] } });
        const [api] = g.of(T.restApi);
        expect(JSON.parse(api.inputs.policy as string).Statement).toEqual([
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/OPTIONS/*" },
            { Effect: "Allow", Principal: { AWS: [OTHER_ACCOUNT] }, Action: "execute-api:Invoke", Resource: "execute-api:/prod/*/*" },
        ]);
    });

    test("without invokers the API has no resource policy, as before", async () => {
        const g = await build("noinv", {});
        expect(g.of(T.restApi)[0].inputs.policy).toBeUndefined();
    });

    test.each([
        ["arn:aws:iam::123456789012:role/x", undefined],
        ["arn:aws-cn:iam::123456789012:user/path/to/u", undefined],
        ["arn:aws:iam::123456789012:root", undefined],
        ["123456789012", undefined],
        ["12345", "an account id has exactly 12 digits; this has 5"],
        ["arn:aws:iam::123456789012:role/*", expect.stringMatching(/is not an IAM principal/)],
        ["arn:aws:sts::123456789012:assumed-role/x/s", expect.stringMatching(/is not an IAM principal/)],
        ["*", expect.stringMatching(/is not an IAM principal/)],
    ])("invokerProblem(%s)", (v, problem) => expect(invokerProblem(v)).toEqual(problem));

    test("a bad invoker, a duplicate, and a policy over 8,192 characters are rejected naming the field and value", () => {
        expect(() => new IAMSecureRestApi("bad1", { routes: [], invokers: ["arn:aws:iam::1:role/x"] } as never)).toThrow(
            /invokers\[0\] "arn:aws:iam::1:role\/x" is invalid: is not an IAM principal/,
        );
        forgetClaimedStackNames();
        expect(
            () =>
                new IAMSecureRestApi("bad2", {
                    routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }],
                    invokers: [ROLE, ROLE],
                }),
        ).toThrow(`IAMSecureRestApi "bad2": invokers[1] "${ROLE}" is invalid: is listed twice`);
        forgetClaimedStackNames();
        const many = Array.from({ length: 200 }, (_, i) => `arn:aws:iam::123456789012:role/role-${i}`);
        const err = (() => {
            try {
                new IAMSecureRestApi("big", { routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }], invokers: many });
            } catch (e) {
                return e;
            }
        })();
        expect(err).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(
            /invokers \[.*is invalid: the API's resource policy would be \d+ characters with 200 invokers, more than API Gateway's limit of 8192/,
        );
    });
});

describe("route grants: invokerGrants and policyRoutes", () => {
    const MOCK = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };
    const routes = [
        integrationRoute(MOCK, "/", Http.GET),
        integrationRoute(MOCK, "/orders", Http.GET, Http.POST),
        integrationRoute(MOCK, "/orders/{id}", Http.GET, Http.DELETE),
        integrationRoute(MOCK, "/files/{proxy+}", Http.ANY),
    ];
    const world0 = () => world.resources.length;

    test("each grant is one Allow of the resource policy on its routes only ({param} as *, ANY as *, the root as GET/)", async () => {
        const g = await build("grants", {
            routes,
            stageName: "v1",
            invokers: [OTHER_ACCOUNT],
            invokerGrants: [
                {
                    principal: ROLE,
                    routes: [
                        { method: "GET", path: "/orders/{id}" },
                        { method: "GET", path: "/" },
                    ],
                },
                {
                    principal: OTHER_ROLE,
                    routes: [
                        { method: "ANY", path: "/files/{proxy+}" },
                        { method: "POST", path: "/orders" },
                    ],
                },
            ],
        });
        expect(JSON.parse(g.of(T.restApi)[0].inputs.policy as string)).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: [OTHER_ACCOUNT] }, Action: "execute-api:Invoke", Resource: "execute-api:/v1/*/*" },
                {
                    Effect: "Allow",
                    Principal: { AWS: ROLE },
                    Action: "execute-api:Invoke",
                    Resource: ["execute-api:/v1/GET/orders/*", "execute-api:/v1/GET/"],
                },
                {
                    Effect: "Allow",
                    Principal: { AWS: OTHER_ROLE },
                    Action: "execute-api:Invoke",
                    Resource: ["execute-api:/v1/*/files/*", "execute-api:/v1/POST/orders"],
                },
            ],
        });
        // The component's own policy still covers the whole stage.
        expect(JSON.parse(g.of(T.policy)[0].inputs.policy as string).Statement[0].Resource).toBe(
            "arn:aws:execute-api:us-east-1:123456789012:grants-id/v1/*/*",
        );
    });

    test("policyRoutes: the component's own policy allows full method ARNs of those routes only", async () => {
        const g = await build("ownroutes", {
            routes,
            useRole: true,
            policyRoutes: [
                { method: "GET", path: "/orders" },
                { method: "DELETE", path: "/orders/{id}" },
                { method: "GET", path: "/files/{proxy+}" },
            ],
        });
        const [policy] = g.of(T.policy);
        expect(JSON.parse(policy.inputs.policy as string)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Action: "execute-api:Invoke",
                    Resource: [
                        "arn:aws:execute-api:us-east-1:123456789012:ownroutes-id/prod/GET/orders",
                        "arn:aws:execute-api:us-east-1:123456789012:ownroutes-id/prod/DELETE/orders/*",
                        "arn:aws:execute-api:us-east-1:123456789012:ownroutes-id/prod/GET/files/*",
                    ],
                },
            ],
        });
        // Attached to the role as before; no resource policy (no invokers).
        expect(g.of(T.rolePolicyAttachment)).toHaveLength(1);
        expect(g.of(T.restApi)[0].inputs.policy).toBeUndefined();
    });

    /** Construction throws naming field and value, and registers nothing. */
    function refused(name: string, args: IAMSecureRestApiArgs, message: string | RegExp) {
        return async () => {
            const before = world0();
            let error: unknown;
            try {
                new IAMSecureRestApi(name, { routes, ...args });
            } catch (e) {
                error = e;
            }
            expect(error).toBeInstanceOf(InputError);
            if (typeof message === "string") expect((error as Error).message).toContain(message);
            else expect((error as Error).message).toMatch(message);
            await world.settle();
            expect(world.resources.length).toBe(before);
        };
    }

    test(
        "a grant of a path the API does not have",
        refused(
            "g1",
            { invokerGrants: [{ principal: ROLE, routes: [{ method: "GET", path: "/orders/{orderId}" }] }] },
            'IAMSecureRestApi "g1": invokerGrants[0].routes[0].path "/orders/{orderId}" is invalid: is not a path of the component\'s routes ("/", "/orders", "/orders/{id}", "/files/{proxy+}")',
        ),
    );
    test(
        "a grant of a method the route does not answer",
        refused(
            "g2",
            { policyRoutes: [{ method: "PUT", path: "/orders" }] },
            'IAMSecureRestApi "g2": policyRoutes[0].method "PUT" is invalid: route "/orders" does not answer PUT (its methods: GET, POST)',
        ),
    );
    test(
        "a principal both in invokers and invokerGrants",
        refused(
            "g3",
            { invokers: [ROLE], invokerGrants: [{ principal: ROLE, routes: [{ method: "GET", path: "/" }] }] },
            `IAMSecureRestApi "g3": invokerGrants[0].principal "${ROLE}" is invalid: is also in invokers, which allows it the whole stage`,
        ),
    );
    test(
        "a grant without routes",
        refused(
            "g4",
            { invokerGrants: [{ principal: ROLE, routes: [] }] },
            'IAMSecureRestApi "g4": invokerGrants[0].routes [] is invalid: must be a non-empty list',
        ),
    );
    test(
        "a bad principal in a grant",
        refused(
            "g5",
            { invokerGrants: [{ principal: "arn:aws:iam::1:role/x", routes: [{ method: "GET", path: "/" }] }] },
            'IAMSecureRestApi "g5": invokerGrants[0].principal "arn:aws:iam::1:role/x" is invalid: is not an IAM principal',
        ),
    );
    test(
        "the same route twice",
        refused(
            "g6",
            {
                policyRoutes: [
                    { method: "GET", path: "/" },
                    { method: "GET", path: "/" },
                ],
            },
            'IAMSecureRestApi "g6": policyRoutes[1] {"method":"GET","path":"/"} is invalid: is listed twice',
        ),
    );
    test(
        "an empty policyRoutes",
        refused(
            "g7",
            { policyRoutes: [] },
            'IAMSecureRestApi "g7": policyRoutes [] is invalid: must be a non-empty list of { method, path }',
        ),
    );

    // Many routes on long paths: sizes past the limits, refused with the size and the limit.
    const many = Array.from({ length: 90 }, (_, i) =>
        integrationRoute(MOCK, `/reports/by-customer-segment/{segmentId}/quarterly-summary-${i}`, Http.GET),
    );
    const granted = many.map(r => ({ method: "GET" as const, path: r.path! }));
    test(
        "policyRoutes past IAM's 6,144-character managed policy limit",
        refused(
            "big1",
            { routes: many, policyRoutes: granted },
            /IAMSecureRestApi "big1": policyRoutes "90 routes" is invalid: the invoke policy would be up to \d+ characters \(whitespace not counted\), more than IAM's limit of 6144 for a managed policy/,
        ),
    );
    test(
        "invokerGrants past API Gateway's 8,192-character resource policy limit",
        refused(
            "big2",
            {
                routes: many,
                invokerGrants: [
                    { principal: ROLE, routes: granted },
                    { principal: OTHER_ROLE, routes: granted },
                ],
            },
            /IAMSecureRestApi "big2": invokerGrants "2 grants" is invalid: the API's resource policy would be \d+ characters with 2 invoker grants of 180 routes, more than API Gateway's limit of 8192/,
        ),
    );
});

describe("createUser: false", () => {
    test("no user, access key or secret; the policy remains for roles to attach; user outputs absent", async () => {
        const g = await build("nouser", { createUser: false, invokers: [OTHER_ACCOUNT] });
        for (const t of [T.user, T.accessKey, T.secret, T.secretVersion, T.userPolicy, T.userPolicyAttachment]) expect(g.of(t)).toEqual([]);
        expect(g.of(T.policy)).toHaveLength(1);
        expect(g.api.user).toBeUndefined();
        expect(g.api.secret).toBeUndefined();
        expect(g.api.apiIamUserCredentials).toBeUndefined();
    });

    test("with useRole the role trusts the account root only", async () => {
        const g = await build("roleonly", { createUser: false, useRole: true });
        const [role] = g.of(T.role);
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({
            AWS: ["arn:aws:iam::123456789012:root"],
        });
        expect(g.of(T.userPolicy)).toEqual([]);
        expect(g.of(T.rolePolicyAttachment)).toHaveLength(1);
    });

    test("inputs that need the user are rejected", () => {
        expect(
            () =>
                new IAMSecureRestApi("x", {
                    createUser: false,
                    secretName: "s",
                    routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }],
                }),
        ).toThrow(/secretName "s" is invalid: only applies with createUser: true/);
    });
});

describe("accessKeyRotation", () => {
    test("generations: none → today's key; N → N-1 and N; retired → N only", () => {
        expect(accessKeyGenerations(undefined)).toEqual([0]);
        expect(accessKeyGenerations({ generation: 1, retirePrevious: false })).toEqual([0, 1]);
        expect(accessKeyGenerations({ generation: 1, retirePrevious: true })).toEqual([1]);
        expect(accessKeyGenerations({ generation: 4, retirePrevious: false })).toEqual([3, 4]);
    });

    test("overlap: two access keys (IAM's limit), the secret holds the new pair", async () => {
        const g = await build("rot", { accessKeyRotation: { generation: 1 } });
        expect(g.of(T.accessKey).map(k => k.name)).toEqual(["rot", "rot-gen1"]);
        const [version] = g.of(T.secretVersion);
        expect(version.name).toBe("rot");
        expect(JSON.parse(version.inputs.secretString as string)["access-key-id"]).toBe("AKIA-rot-gen1");
    });

    test("retired: only the new key; the old one leaves the program (deleted by Pulumi after the secret already holds the new pair)", async () => {
        const g = await build("ret", { accessKeyRotation: { generation: 1, retirePrevious: true } });
        expect(g.of(T.accessKey).map(k => k.name)).toEqual(["ret-gen1"]);
    });
});
