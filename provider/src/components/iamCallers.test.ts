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
    const routes = [integrationRoute({ type: "MOCK", requestTemplates: { "application/json": "{\"statusCode\": 200}" } }, "/health", Http.GET)];
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
            Statement: [{
                Effect: "Allow",
                Principal: { AWS: [ROLE, OTHER_ROLE, OTHER_ACCOUNT] },
                Action: "execute-api:Invoke",
                Resource: "execute-api:/v1/*/*",
            }],
        });
        // No role of the account is modified.
        expect(g.of(T.rolePolicyAttachment)).toEqual([]);
    });

    test("combine with source-IP rules and CORS preflights in one document", () => {
        expect(JSON.parse(resourcePolicyDocument({
            allow: "preflight", allowedSourceIps: ["203.0.113.0/24"], invokers: { principals: [OTHER_ACCOUNT], stageName: "prod" },
        })!).Statement).toEqual([
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/OPTIONS/*" },
            { Effect: "Allow", Principal: { AWS: [OTHER_ACCOUNT] }, Action: "execute-api:Invoke", Resource: "execute-api:/prod/*/*" },
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } } },
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
        expect(() => new IAMSecureRestApi("bad1", { routes: [], invokers: ["arn:aws:iam::1:role/x"] } as never))
            .toThrow(/invokers\[0\] "arn:aws:iam::1:role\/x" is invalid: is not an IAM principal/);
        forgetClaimedStackNames();
        expect(() => new IAMSecureRestApi("bad2", { routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }], invokers: [ROLE, ROLE] }))
            .toThrow(`IAMSecureRestApi "bad2": invokers[1] "${ROLE}" is invalid: is listed twice`);
        forgetClaimedStackNames();
        const many = Array.from({ length: 200 }, (_, i) => `arn:aws:iam::123456789012:role/role-${i}`);
        const err = (() => { try { new IAMSecureRestApi("big", { routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }], invokers: many }); } catch (e) { return e; } })();
        expect(err).toBeInstanceOf(InputError);
        expect((err as Error).message).toMatch(/invokers \[.*is invalid: the API's resource policy would be \d+ characters with 200 invokers, more than API Gateway's limit of 8192/);
    });
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
        expect(JSON.parse(role.inputs.assumeRolePolicy as string).Statement[0].Principal).toEqual({ AWS: ["arn:aws:iam::123456789012:root"] });
        expect(g.of(T.userPolicy)).toEqual([]);
        expect(g.of(T.rolePolicyAttachment)).toHaveLength(1);
    });

    test("inputs that need the user are rejected", () => {
        expect(() => new IAMSecureRestApi("x", { createUser: false, secretName: "s", routes: [{ path: "/", methods: ["GET"], integration: { type: "MOCK" } }] }))
            .toThrow(/secretName "s" is invalid: only applies with createUser: true/);
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
