import { createHash } from "crypto";
import * as pulumi from "@pulumi/pulumi";
import { installMocks, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as aws from "@pulumi/aws";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { SecureRestApi } from "./secureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { IAMSecureRestApiArgs } from "../shared/schema-types";
import { Http, integrationRoute, lambdaMethods, lambdaRoute } from "../routes/routeHelpers";
import { documentOf, operationsOf } from "../../../test-support/openApiDoc";

const T = {
    component: "secure-api:index:IAMSecureRestApi",
    restApi: "aws:apigateway/restApi:RestApi",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    permission: "aws:lambda/permission:Permission",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    user: "aws:iam/user:User",
    accessKey: "aws:iam/accessKey:AccessKey",
    policy: "aws:iam/policy:Policy",
    userPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    userPolicy: "aws:iam/userPolicy:UserPolicy",
    role: "aws:iam/role:Role",
    rolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    secret: "aws:secretsmanager/secret:Secret",
    secretVersion: "aws:secretsmanager/secretVersion:SecretVersion",
};
const ACCT = "123456789012";

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});

/** Builds one IAMSecureRestApi and returns what it registered, plus the child resource objects. */
async function build(name: string, args: IAMSecureRestApiArgs, opts: pulumi.ComponentResourceOptions = {}) {
    const before = world.resources.length;
    const objects = new Map<string, pulumi.Resource>();
    const capture: pulumi.ResourceTransformation = a => {
        objects.set(`${a.type}::${a.name}`, a.resource);
        return undefined;
    };
    const api = new IAMSecureRestApi(name, args, { ...opts, transformations: [world.recorder, capture] });
    await valueOf(api.apiEndpoint);
    await valueOf(api.apiIamUserCredentials);
    await valueOf(api.policy.apply(p => p.policy));
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const one = (type: string): Recorded => {
        const found = of(type);
        if (found.length !== 1) throw new Error(`expected one ${type}, found ${found.map(r => r.name).join(", ") || "none"}`);
        return found[0];
    };
    const object = <R extends pulumi.Resource>(type: string, n = name) => {
        const r = objects.get(`${type}::${n}`);
        if (!r) throw new Error(`no ${type} object named ${n}`);
        return r as R;
    };
    return { api, mine, of, one, object };
}
type Graph = Awaited<ReturnType<typeof build>>;

const json = (s: string) => JSON.parse(s);
const invokeDoc = (resource: string) => ({
    Version: "2012-10-17",
    Statement: [{ Effect: "Allow", Action: "execute-api:Invoke", Resource: resource }],
});
const iamTypes = (g: Graph) => [...new Set(g.mine.filter(r => r.type.startsWith("aws:iam/")).map(r => r.type))].sort();
const consoleUrl = (region: string, encodedName: string) =>
    `https://${region}.console.aws.amazon.com/secretsmanager/secret?name=${encodedName}&region=${region}`;

/** The smallest valid route list (API Gateway cannot deploy an API without methods). */
const one = () => [lambdaMethods(fn, Http.GET)];
const mockIntegration = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };

describe("IAMSecureRestApi, user only (defaults)", () => {
    let g: Graph;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("iam", {
            routes: [
                lambdaMethods(fn, Http.GET),
                lambdaRoute(fn, "/users/{id}", Http.GET, Http.DELETE),
                integrationRoute(mockIntegration, "/health", Http.GET),
            ],
            tags: { team: "core" },
        });
    });

    test("an IAM user {stackName}-api-user and an access key for it", () => {
        expect(g.one(T.user).inputs).toEqual({ name: "proj-dev-api-user", tags: { team: "core" } });
        expect(g.one(T.accessKey).inputs).toMatchObject({ user: "proj-dev-api-user" });
    });

    test("a secret named {stackName}/iam-user-credentials, deleted at once (recovery window 0)", () => {
        const s = g.one(T.secret);
        expect(s.name).toBe("iam");
        expect(s.inputs).toMatchObject({ name: "proj-dev/iam-user-credentials", recoveryWindowInDays: 0, tags: { team: "core" } });
    });

    test("the secret version holds the access key pair as JSON, sent as a Pulumi secret", async () => {
        const v = g.one(T.secretVersion);
        expect(v.secretInputs).toContain("secretString");
        expect(v.inputs.secretId).toBe("iam-id");
        const keyId = await valueOf(g.object<aws.iam.AccessKey>(T.accessKey).id);
        expect(keyId).toBe("AKIA-iam");
        expect(json(v.inputs.secretString)).toEqual({ "access-key-id": keyId, "secret-access-key": "SECRET-iam" });
        expect(Object.keys(json(v.inputs.secretString))).toEqual(["access-key-id", "secret-access-key"]);
    });

    test("a policy allowing only execute-api:Invoke on this API's prod stage, attached to the user", () => {
        const p = g.one(T.policy);
        expect(p.inputs.name).toBe("proj-dev-api-invoke");
        expect(json(p.inputs.policy)).toEqual(invokeDoc(`arn:aws:execute-api:us-east-1:${ACCT}:iam-id/prod/*/*`));
        expect(g.one(T.userPolicyAttachment).inputs).toEqual({
            user: "proj-dev-api-user",
            policyArn: "arn:aws:iam::123456789012:policy/proj-dev-api-invoke",
        });
    });

    test("no role and nothing else in IAM: user, key, policy, attachment", () => {
        expect(iamTypes(g)).toEqual([T.accessKey, T.policy, T.user, T.userPolicyAttachment].sort());
    });

    test("every method requires AWS_IAM and no API key; no ApiKey or UsagePlanKey; no apiKeySource", () => {
        const ops = operationsOf(g.one(T.restApi).inputs);
        expect([...ops.keys()].sort()).toEqual(["DELETE /users/{id}", "GET /", "GET /health", "GET /users/{id}"]);
        for (const [key, op] of ops) expect([key, op.security]).toEqual([key, [{ sigv4: [] }]]);
        const doc = documentOf(g.one(T.restApi).inputs);
        expect(doc.components.securitySchemes).toEqual({
            sigv4: { type: "apiKey", name: "Authorization", in: "header", "x-amazon-apigateway-authtype": "awsSigv4" },
        });
        expect(doc["x-amazon-apigateway-api-key-source"]).toBeUndefined();
        expect(g.of(T.method)).toEqual([]);
        expect(g.of(T.apiKey)).toEqual([]);
        expect(g.of(T.usagePlanKey)).toEqual([]);
        const api = g.one(T.restApi).inputs;
        expect(api.name).toBe("proj-dev");
        expect(api.apiKeySource).toBeUndefined();
    });

    test("the usage plan has the default throttle and quota, covers the stage, has no key, depends on the stage", () => {
        const plan = g.one(T.usagePlan);
        expect(plan.inputs).toMatchObject({
            name: "proj-dev-usage-plan",
            apiStages: [{ apiId: "iam-id", stage: "prod" }],
            throttleSettings: { burstLimit: 500, rateLimit: 1000 },
            quotaSettings: { limit: 10000000, period: "MONTH", offset: 0 },
        });
        expect(g.one(T.stage).name).toBe("iam");
        expect(plan.dependsOn).toEqual(["iam"]);
    });

    test("the deployment depends on the RestApi (its body) and every permission", () => {
        const expected = ["iam", ...g.of(T.permission).map(r => r.name)];
        expect(new Set(g.one(T.deployment).dependsOn)).toEqual(new Set(expected));
    });

    test("outputs: endpoint, route URLs, user, secret, console link, policy; no role ARN", async () => {
        const base = "https://iam-id.execute-api.us-east-1.amazonaws.com/prod";
        expect(await valueOf(g.api.apiEndpoint)).toBe(`${base}/`);
        expect(await valueOf(g.api.routeUrls)).toEqual({
            "/": `${base}/`,
            "/users/{id}": `${base}/users/{id}`,
            "/health": `${base}/health`,
        });
        expect(await valueOf(g.api.user!.apply(u => u.arn))).toBe("arn:aws:iam::123456789012:user/proj-dev-api-user");
        expect(await valueOf(g.api.secret!.apply(s => s.arn))).toBe(
            "arn:aws:secretsmanager:us-east-1:123456789012:secret:proj-dev/iam-user-credentials-AbCdEf",
        );
        expect(await valueOf(g.api.apiIamUserCredentials)).toBe(consoleUrl("us-east-1", "proj-dev%2Fiam-user-credentials"));
        expect(await valueOf(g.api.policy.apply(p => p.arn))).toBe("arn:aws:iam::123456789012:policy/proj-dev-api-invoke");
        expect(g.api.apiIamRoleArn).toBeUndefined();
        expect(await valueOf(g.api.executionArn)).toBe("arn:aws:execute-api:us-east-1:123456789012:iam-id");
    });

    test("every child is parented to the component", () => {
        const children = g.mine.filter(r => r.type.startsWith("aws:"));
        expect(children.length).toBeGreaterThanOrEqual(12);
        for (const r of children) expect([r.name, r.parentResource === g.api]).toEqual([r.name, true]);
    });
});

describe("IAMSecureRestApi with useRole", () => {
    let g: Graph;
    beforeAll(async () => {
        forgetClaimedStackNames();
        g = await build("roled", {
            stackName: "roled",
            useRole: true,
            stageName: "beta",
            routes: [lambdaRoute(fn, "/a", Http.GET)],
            secretName: "team/x+y@creds",
            secretRecoveryWindowInDays: 7,
        });
    });
    const roleArn = "arn:aws:iam::123456789012:role/roled@api-invoke-role";

    test("the invoke policy names the non-default stage exactly", () => {
        expect(json(g.one(T.policy).inputs.policy)).toEqual(invokeDoc(`arn:aws:execute-api:us-east-1:${ACCT}:roled-id/beta/*/*`));
        expect(g.one(T.usagePlan).inputs.apiStages).toEqual([{ apiId: "roled-id", stage: "beta" }]);
    });

    test("a role {stackName}@api-invoke-role with a 3-hour session, assumable by the user and the account root", () => {
        const r = g.one(T.role).inputs;
        expect(r.name).toBe("roled@api-invoke-role");
        expect(r.maxSessionDuration).toBe(10800);
        expect(json(r.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                {
                    Effect: "Allow",
                    Principal: { AWS: ["arn:aws:iam::123456789012:user/roled-api-user", "arn:aws:iam::123456789012:root"] },
                    Action: "sts:AssumeRole",
                },
            ],
        });
    });

    test("the policy is attached to the role; the user gets no invoke permission of its own", () => {
        expect(g.one(T.rolePolicyAttachment).inputs).toEqual({
            role: "roled@api-invoke-role",
            policyArn: "arn:aws:iam::123456789012:policy/roled-api-invoke",
        });
        expect(g.of(T.userPolicyAttachment)).toEqual([]);
        expect(iamTypes(g)).toEqual([T.accessKey, T.policy, T.role, T.rolePolicyAttachment, T.user, T.userPolicy].sort());
    });

    test("the user may only assume that one role", () => {
        const up = g.one(T.userPolicy).inputs;
        expect(up.user).toBe("roled-api-user");
        expect(json(up.policy)).toEqual({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sts:AssumeRole", Resource: roleArn }],
        });
    });

    test("the secret takes secretName and the recovery window; the console link URL-encodes the name", async () => {
        expect(g.one(T.secret).inputs).toMatchObject({ name: "team/x+y@creds", recoveryWindowInDays: 7 });
        expect(await valueOf(g.api.apiIamUserCredentials)).toBe(consoleUrl("us-east-1", "team%2Fx%2By%40creds"));
    });

    test("outputs include the role ARN", async () => {
        expect(g.api.apiIamRoleArn).toBeDefined();
        expect(await valueOf(g.api.apiIamRoleArn)).toBe(roleArn);
        expect(await valueOf(g.api.apiEndpoint)).toBe("https://roled-id.execute-api.us-east-1.amazonaws.com/beta/");
    });
});

describe("IAMSecureRestApi role options", () => {
    test("trustAccountRoot false trusts only the user; roleName and maxSessionDuration are honoured", async () => {
        forgetClaimedStackNames();
        const g = await build("noroot", {
            stackName: "noroot",
            routes: one(),
            useRole: true,
            trustAccountRoot: false,
            roleName: "custom.role@x",
            maxSessionDuration: 3600,
        });
        const r = g.one(T.role).inputs;
        expect(r.name).toBe("custom.role@x");
        expect(r.maxSessionDuration).toBe(3600);
        expect(json(r.assumeRolePolicy)).toEqual({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Principal: { AWS: ["arn:aws:iam::123456789012:user/noroot-api-user"] }, Action: "sts:AssumeRole" },
            ],
        });
        expect(g.one(T.rolePolicyAttachment).inputs.role).toBe("custom.role@x");
        expect(json(g.one(T.userPolicy).inputs.policy).Statement).toEqual([
            { Effect: "Allow", Action: "sts:AssumeRole", Resource: "arn:aws:iam::123456789012:role/custom.role@x" },
        ]);
        expect(await valueOf(g.api.apiIamRoleArn)).toBe("arn:aws:iam::123456789012:role/custom.role@x");
    });

    test("an explicit provider in cn-north-1 gives aws-cn ARNs in the invoke, trust and assume policies", async () => {
        forgetClaimedStackNames();
        const cn = new aws.Provider("cn", { region: "cn-north-1" });
        const g = await build("cnapi", { stackName: "cnapi", routes: one(), useRole: true }, { provider: cn });
        expect(json(g.one(T.policy).inputs.policy)).toEqual(invokeDoc(`arn:aws-cn:execute-api:cn-north-1:${ACCT}:cnapi-id/prod/*/*`));
        expect(json(g.one(T.role).inputs.assumeRolePolicy).Statement[0].Principal).toEqual({
            AWS: ["arn:aws-cn:iam::123456789012:user/cnapi-api-user", "arn:aws-cn:iam::123456789012:root"],
        });
        expect(json(g.one(T.userPolicy).inputs.policy).Statement[0].Resource).toBe(
            "arn:aws-cn:iam::123456789012:role/cnapi@api-invoke-role",
        );
        expect(await valueOf(g.api.apiIamRoleArn)).toBe("arn:aws-cn:iam::123456789012:role/cnapi@api-invoke-role");
        // The China console lives on its own domain.
        expect(await valueOf(g.api.apiIamUserCredentials)).toBe(
            "https://cn-north-1.console.amazonaws.cn/secretsmanager/secret?name=cnapi%2Fiam-user-credentials&region=cn-north-1",
        );
        for (const r of g.mine.filter(x => x.type.startsWith("aws:"))) expect([r.type, r.provider?.split("::")[3]]).toEqual([r.type, "cn"]);
    });

    test("the region input sets the region of the invoke ARN, the secret and the console link", async () => {
        forgetClaimedStackNames();
        const g = await build("euapi", { stackName: "euapi", routes: one(), region: "eu-west-1" });
        expect(json(g.one(T.policy).inputs.policy)).toEqual(invokeDoc(`arn:aws:execute-api:eu-west-1:${ACCT}:euapi-id/prod/*/*`));
        expect(g.one(T.secret).inputs.region).toBe("eu-west-1");
        expect(g.one(T.secretVersion).inputs.region).toBe("eu-west-1");
        expect(await valueOf(g.api.apiIamUserCredentials)).toBe(consoleUrl("eu-west-1", "euapi%2Fiam-user-credentials"));
    });
});

describe("IAMSecureRestApi long names", () => {
    const longA = `s${"a".repeat(99)}`;
    const longB = `${longA.slice(0, 80)}${"b".repeat(20)}`;
    const expectedRole = (stack: string) => {
        const full = `${stack}@api-invoke-role`;
        return `${full.slice(0, 55)}-${createHash("sha256").update(full).digest("hex").slice(0, 8)}`;
    };
    let roles: string[];
    let users: string[];
    beforeAll(async () => {
        roles = [];
        users = [];
        for (const [n, stack] of [
            ["longa1", longA],
            ["longa2", longA],
            ["longb", longB],
        ] as const) {
            forgetClaimedStackNames();
            const g = await build(n, { stackName: stack, routes: one(), useRole: true });
            roles.push(g.one(T.role).inputs.name);
            users.push(g.one(T.user).inputs.name);
            expect(json(g.one(T.userPolicy).inputs.policy).Statement[0].Resource).toBe(
                `arn:aws:iam::123456789012:role/${g.one(T.role).inputs.name}`,
            );
        }
    });

    test("a 100-character stackName gives a role name of at most 64 characters with a hash suffix", () => {
        expect(longA).toHaveLength(100);
        expect(longB.slice(0, 64)).toBe(longA.slice(0, 64));
        expect(roles[0]).toBe(expectedRole(longA));
        expect(roles[0].length).toBeLessThanOrEqual(64);
        expect(roles[0]).toMatch(/^saaa+-[0-9a-f]{8}$/);
        for (const u of users) expect(u.length).toBeLessThanOrEqual(64);
    });

    test("the shortened name is stable across builds and differs for another long stackName", () => {
        expect(roles[1]).toBe(roles[0]);
        expect(users[1]).toBe(users[0]);
        expect(roles[2]).toBe(expectedRole(longB));
        expect(roles[2]).not.toBe(roles[0]);
        expect(users[2]).not.toBe(users[0]);
    });
});

describe("IAMSecureRestApi rejects bad input at construction", () => {
    const long65 = "r".repeat(65);
    const cases: [string, IAMSecureRestApiArgs, string, string][] = [
        ["empty secretName", { secretName: "" }, "secretName", '""'],
        ["secretName with a space", { secretName: "my secret" }, "secretName", '"my secret"'],
        ["secretName with #", { secretName: "creds#1" }, "secretName", '"creds#1"'],
        ["maxSessionDuration 3599", { useRole: true, maxSessionDuration: 3599 }, "maxSessionDuration", "3599"],
        ["maxSessionDuration 43201", { useRole: true, maxSessionDuration: 43201 }, "maxSessionDuration", "43201"],
        ["maxSessionDuration 1.5", { useRole: true, maxSessionDuration: 1.5 }, "maxSessionDuration", "1.5"],
        ["roleName over 64 characters", { useRole: true, roleName: long65 }, "roleName", `"${long65}"`],
        ["roleName with a bad character", { useRole: true, roleName: "bad/role" }, "roleName", '"bad/role"'],
        ["secretRecoveryWindowInDays 3", { secretRecoveryWindowInDays: 3 }, "secretRecoveryWindowInDays", "3"],
        ["secretRecoveryWindowInDays 31", { secretRecoveryWindowInDays: 31 }, "secretRecoveryWindowInDays", "31"],
        ["roleName without useRole", { roleName: "some-role" }, "roleName", '"some-role"'],
        ["trustAccountRoot without useRole", { trustAccountRoot: false }, "trustAccountRoot", "false"],
        ["maxSessionDuration without useRole", { maxSessionDuration: 7200 }, "maxSessionDuration", "7200"],
        ["roleName with useRole false", { useRole: false, roleName: "some-role" }, "roleName", '"some-role"'],
    ];

    test.each(cases)("%s", async (_label, args, field, shown) => {
        forgetClaimedStackNames();
        const before = world.resources.length;
        let error: Error | undefined;
        try {
            new IAMSecureRestApi("bad", { stackName: "bad", routes: one(), ...args }, { transformations: [world.recorder] });
        } catch (e) {
            error = e as Error;
        }
        expect(error).toBeDefined();
        expect(error!.message).toContain(`IAMSecureRestApi "bad": ${field} ${shown} is invalid`);
        await world.settle();
        expect(world.resources.slice(before)).toEqual([]);
    });

    test("a rejected component claims no stackName", async () => {
        forgetClaimedStackNames();
        expect(() => new IAMSecureRestApi("rej", { stackName: "rej", routes: one(), secretName: "" })).toThrow(/secretName/);
        const g = await build("rej2", { stackName: "rej", routes: one() });
        expect(g.one(T.user).inputs.name).toBe("rej-api-user");
    });
});

describe("one stackName per stack", () => {
    const attempt = async (make: () => unknown) => {
        const before = world.resources.length;
        let error: Error | undefined;
        try {
            make();
        } catch (e) {
            error = e as Error;
        }
        await world.settle();
        return { error, registered: world.resources.slice(before) };
    };

    test.each([
        ["SecureRestApi then IAMSecureRestApi", "SecureRestApi", "IAMSecureRestApi", 1],
        ["IAMSecureRestApi then SecureRestApi", "IAMSecureRestApi", "SecureRestApi", 2],
        ["two IAMSecureRestApi", "IAMSecureRestApi", "IAMSecureRestApi", 3],
    ])("%s with one stackName fails naming stackName", async (_label, first, second, n) => {
        forgetClaimedStackNames();
        const make = (kind: string, name: string) =>
            kind === "SecureRestApi"
                ? new SecureRestApi(name, { stackName: "dup", routes: one(), test: true })
                : new IAMSecureRestApi(name, { stackName: "dup", routes: one() });
        const a = make(first, `dup${n}a`);
        await valueOf((a as IAMSecureRestApi).apiEndpoint);
        await world.settle();
        expect(world.resources.some(r => r.name === `dup${n}a` && r.type === T.usagePlan)).toBe(true);
        const { error, registered } = await attempt(() => make(second, `dup${n}b`));
        expect(error).toBeDefined();
        expect(error!.message).toContain(`${second} "dup${n}b": stackName "dup" is invalid: is already used by ${first} "dup${n}a"`);
        expect(registered).toEqual([]);
    });
});
