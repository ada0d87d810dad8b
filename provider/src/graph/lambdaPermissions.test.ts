// Lambda invoke permissions: scoped to this API and stage, few per function,
// and within the 20,480-byte resource policy Lambda allows a function,
// measured on the policy rendered from the registered Permission inputs.
import * as pulumi from "@pulumi/pulumi";
import { renderLambdaPolicies } from "../../../test-support/lambdaPolicy";
import { installMocks, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(120_000);
import * as aws from "@pulumi/aws";
import { InputChecker, InputError } from "../shared/inputErrors";
import { LAMBDA_POLICY_BUDGET_BYTES, lambdaPolicyJson } from "./lambdaPolicy";
import { permissionPolicyBounds, planAuthorizerPermissions, planLambdaPermissions, statementId } from "./lambdaPermissions";
import { Http, integrationRoute, lambdaMethods, lambdaRoute } from "../routes/routeHelpers";
import { buildRouteModel } from "../routes/routeModel";
import type { IntegrationInputs, LambdaPermissionScope, RouteInputs, SecureRestApiArgs } from "../shared/schema-types";
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";

const PERMISSION = "aws:lambda/permission:Permission";
const KEY = "0123456789abcdefghijKLMNOP";
const EXEC = (api: string) => `arn:aws:execute-api:us-east-1:123456789012:${api}-id`;

let fn: aws.lambda.Function;
let other: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
    other = await world.lambda("other");
});
beforeEach(() => forgetClaimedStackNames());

async function build(name: string, args: SecureRestApiArgs) {
    const before = world.resources.length;
    const api = new SecureRestApi(name, { stackName: name, apiKeyValue: KEY, ...args }, { transformations: [world.recorder] });
    await valueOf(api.apiEndpoint);
    await world.settle();
    // Only this component's: registrations of an earlier test may still arrive.
    const mine = world.resources.slice(before).filter(r => r.name.startsWith(name));
    const permissions = Object.fromEntries(mine.filter(r => r.type === PERMISSION).map(r => [r.name, r]));
    return { api, mine, permissions };
}

/** The registered resources plus the Lambda functions, which the policy renderer needs for their ARNs. */
const withFunctions = (mine: Recorded[]) => [...world.resources.filter(r => r.type === "aws:lambda/function:Function"), ...mine];

const routes = (): RouteInputs[] => [
    lambdaMethods(fn, Http.GET),
    lambdaRoute(fn, "/users", Http.GET, Http.POST),
    lambdaRoute(other, "/users/{id}", Http.GET, Http.DELETE),
    lambdaRoute(fn, "/files/{proxy+}", Http.ANY),
    integrationRoute({ type: "MOCK" }, "/health", Http.GET),
];

/** `n` paths of their own, GET and POST each, all on `fn`: the benchmark's program. */
const manyRoutes = (n: number): RouteInputs[] =>
    Array.from({ length: n }, (_, i) => lambdaRoute(fn, `/r${String(i).padStart(4, "0")}`, Http.GET, Http.POST));

describe("default scope STAGE", () => {
    let g: Awaited<ReturnType<typeof build>>;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("st", { routes: routes() });
    });

    test("each function gets one permission for the deployed stage and one for the console's Test button", () => {
        expect(Object.keys(g.permissions).sort()).toEqual(["st-invoke-fn", "st-invoke-other", "st-test-invoke-fn", "st-test-invoke-other"]);
        for (const [fnName, p] of [
            ["fn", "st-invoke-fn"],
            ["other", "st-invoke-other"],
        ]) {
            expect(g.permissions[p].inputs).toEqual({
                action: "lambda:InvokeFunction",
                principal: "apigateway.amazonaws.com",
                function: fnName,
                sourceArn: `${EXEC("st")}/prod/*/*`,
                statementId: `st-invoke-${fnName}`,
                region: "us-east-1",
            });
        }
        expect(g.permissions["st-test-invoke-fn"].inputs).toMatchObject({
            sourceArn: `${EXEC("st")}/test-invoke-stage/*/*`,
            statementId: "st-test-invoke-fn",
        });
    });

    test("the deployment depends on every permission, so the stage never serves a route its function refuses", () => {
        const deployment = g.mine.find(r => r.type === "aws:apigateway/deployment:Deployment")!;
        expect(deployment.dependsOn).toEqual(expect.arrayContaining(Object.keys(g.permissions)));
    });

    test("the stage name is the one in the sourceArn", async () => {
        const v1 = await build("v1api", { routes: [lambdaMethods(fn, Http.GET)], stageName: "v1" });
        expect(v1.permissions["v1api-invoke-fn"].inputs.sourceArn).toBe(`${EXEC("v1api")}/v1/*/*`);
    });
});

describe("scope METHOD", () => {
    test("one permission per method and path on the stage (ANY and parameters as *), plus the Test-button one per function", async () => {
        const g = await build("me", { routes: routes(), lambdaPermissionScope: "METHOD" });
        const arns = Object.fromEntries(Object.entries(g.permissions).map(([n, p]) => [n, p.inputs.sourceArn]));
        const exec = EXEC("me");
        expect(arns).toEqual({
            "me-GET/": `${exec}/prod/GET/`,
            "me-GET/users": `${exec}/prod/GET/users`,
            "me-POST/users": `${exec}/prod/POST/users`,
            "me-ANY/files/{proxy+}": `${exec}/prod/*/files/*`,
            "me-GET/users/{id}": `${exec}/prod/GET/users/*`,
            "me-DELETE/users/{id}": `${exec}/prod/DELETE/users/*`,
            "me-test-invoke-fn": `${exec}/test-invoke-stage/*/*`,
            "me-test-invoke-other": `${exec}/test-invoke-stage/*/*`,
        });
        expect(g.permissions["me-DELETE/users/{id}"].inputs.function).toBe("other");
    });

    test("accepted up to this component's budget of a function's policy, refused past it with the function and the size", async () => {
        // The largest number of paths (GET and POST each) whose upper bound fits, computed as the component does.
        const bound = (n: number) => {
            const check = new InputChecker("t");
            const model = buildRouteModel<aws.lambda.Function, IntegrationInputs>(manyRoutes(n), check);
            return permissionPolicyBounds(
                planLambdaPermissions(model.methods, { stackName: "fits", stageName: "prod", scope: "METHOD" }),
            ).get("fn")!;
        };
        let n = 1;
        while (bound(n + 1) <= LAMBDA_POLICY_BUDGET_BYTES) n++;
        expect(n).toBeGreaterThan(10);
        expect(
            () => new SecureRestApi("fits", { stackName: "fits", test: true, lambdaPermissionScope: "METHOD", routes: manyRoutes(n) }),
        ).not.toThrow();
        await world.settle();
        forgetClaimedStackNames();
        let error: unknown;
        try {
            new SecureRestApi("fits", { stackName: "fits", test: true, lambdaPermissionScope: "METHOD", routes: manyRoutes(n + 1) });
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(InputError);
        expect((error as Error).message).toBe(
            `SecureRestApi "fits": lambdaPermissionScope "METHOD" is invalid: the ${2 * (n + 1) + 1} permission statements ` +
                `for Lambda function "fn" would take up to ${bound(n + 1)} bytes of its resource policy, more than the 16384 bytes this component may use ` +
                "of Lambda's 20480-byte limit; use lambdaPermissionScope STAGE (two statements per function) or spread the routes over more functions",
        );
    });
});

test("statement ids are what Lambda accepts (1-100 of A-Z a-z 0-9 - _), and differ for different inputs", () => {
    const ids = [
        statementId("proj.dev", "GET/users/{id}"),
        statementId("proj_dev", "GET/users/{id}"),
        statementId("p", `GET/${"x".repeat(200)}`),
        statementId("p", "invoke-fn"),
    ];
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(statementId("p", "invoke-fn")).toBe("p-invoke-fn");
});

test("two functions sharing a Pulumi name get permissions of their own, named whatever the route order", async () => {
    class Owner extends pulumi.ComponentResource {
        constructor(type: string) {
            super(type, "owner", {}, {});
        }
    }
    const lambda = (type: string) =>
        new aws.lambda.Function(
            "dup",
            { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "i.h" },
            { parent: new Owner(type) },
        );
    const [a, b] = [lambda("test:index:A"), lambda("test:index:B")];
    const rs = [lambdaRoute(a, "/a", Http.GET), lambdaRoute(b, "/b", Http.GET)];
    const first = await build("dup1", { routes: rs });
    const second = await build("dup2", { routes: [...rs].reverse() });
    const names = (g: typeof first, prefix: string) =>
        Object.keys(g.permissions)
            .map(n => n.slice(prefix.length))
            .sort();
    expect(names(first, "dup1")).toHaveLength(4);
    expect(names(first, "dup1")).toEqual(names(second, "dup2"));
    expect(new Set(Object.values(first.permissions).map(p => p.inputs.statementId)).size).toBe(4);
});

describe("resource policy size, as Lambda would store it", () => {
    const sizes: string[] = [];
    afterAll(() =>
        console.log(`Lambda resource policy added to the one function (default scope), 2 methods per path:\n${sizes.join("\n")}`),
    );

    test.each([10, 100, 300])("%i paths × 2 methods on one function: at most 4 KB whatever the number of routes", async n => {
        // 300 paths and the root are 301 API Gateway resources: one more than AWS's default quota.
        const g = await build(`size${n}`, { routes: manyRoutes(n), apiResourceQuota: n + 1 });
        const policy = renderLambdaPolicies(withFunctions(g.mine)).get("fn")!;
        const check = new InputChecker("t");
        const model = buildRouteModel<aws.lambda.Function, IntegrationInputs>(manyRoutes(n), check);
        const bound = permissionPolicyBounds(
            planLambdaPermissions(model.methods, { stackName: `size${n}`, stageName: "prod", scope: "STAGE" }),
        ).get("fn")!;
        sizes.push(
            `  N = ${n}: ${policy.statements} statements, ${policy.bytes} bytes rendered from the registered inputs, at most ${bound} bytes with real ARNs`,
        );
        expect(policy.statements).toBe(2);
        expect(policy.bytes).toBeLessThanOrEqual(bound);
        expect(bound).toBeLessThanOrEqual(4096);
    });

    test.each<[LambdaPermissionScope, number]>([
        ["STAGE", 20],
        ["METHOD", 10],
    ])(
        "scope %s, %i paths: the size the component computes is an upper bound of the rendered policy, and renders alike",
        async (scope, n) => {
            const name = `bound${scope}`;
            const g = await build(name, { routes: manyRoutes(n), lambdaPermissionScope: scope });
            const rendered = renderLambdaPolicies(withFunctions(g.mine)).get("fn")!;
            const check = new InputChecker("t");
            const model = buildRouteModel<aws.lambda.Function, IntegrationInputs>(manyRoutes(n), check);
            const plans = planLambdaPermissions(model.methods, { stackName: name, stageName: "prod", scope });
            expect(rendered.bytes).toBeLessThanOrEqual(permissionPolicyBounds(plans).get("fn")!);
            // The provider's renderer (used for the bound) and this independent one agree on the same statements.
            const fnArn = "arn:aws:lambda:us-east-1:123456789012:function:fn";
            const statements = Object.values(g.permissions).map(p => ({
                sid: p.inputs.statementId,
                functionArn: fnArn,
                sourceArn: p.inputs.sourceArn,
            }));
            expect(lambdaPolicyJson(statements)).toBe(rendered.json);
        },
    );
});

test("a Lambda authorizer's permission counts with its function's route permissions in the policy size check", () => {
    const check = new InputChecker("T");
    const model = buildRouteModel<aws.lambda.Function, IntegrationInputs>([lambdaRoute(fn, "/a", Http.GET)] as never, check);
    const routes = planLambdaPermissions(model.methods, { stackName: "s", stageName: "prod", scope: "STAGE" });
    const authorizers = {
        authorizers: new Map([
            [
                "token-fn",
                {
                    name: "token-fn",
                    type: "token" as const,
                    function: fn,
                    identitySources: [],
                    resultTtlInSeconds: 300,
                    field: "authorizer",
                },
            ],
        ]),
        byRoute: new Map(),
    };
    const [plan] = planAuthorizerPermissions(authorizers, "s", routes);
    expect(plan).toMatchObject({ key: "authorizer-token-fn", statementId: "s-authorizer-token-fn", sourceArnSuffix: "/authorizers/*" });
    // Same function, same key: its three statements are measured together.
    expect(plan.functionKey).toBe(routes[0].functionKey);
    expect([...permissionPolicyBounds([...routes, plan]).keys()]).toEqual([routes[0].functionKey]);
});
