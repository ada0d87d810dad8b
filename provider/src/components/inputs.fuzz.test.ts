// Every input checker of both components under random and adversarial inputs
// (issue 24): unicode, huge strings, empty values, wrong types as the wire
// delivers them, nested nulls. The checkers only ever throw the component's own
// InputError, each problem reading `<field path> <value> is invalid: ...`, and
// every accepted input yields names within AWS's rules (shared/names.ts
// NAME_LIMITS, graph/awsLimits.ts). The checkers are run directly (as
// checkInputs runs them); a few whole components run under mocks at the end.
// Seeded and bounded (test-support/fuzz.ts).
import * as fc from "fast-check";
import { installMocks } from "../../../test-support/pulumiMocks";
import { adversarialString, fuzzParams, onlyInputErrors, wireValue } from "../../../test-support/fuzz";

const world = installMocks();
jest.setTimeout(120_000);
import type * as aws from "@pulumi/aws";
import { InputChecker } from "../shared/inputErrors";
import { NAME_LIMITS } from "../shared/names";
import { TAG_LIMITS } from "../graph/awsLimits";
import { parameterNameProblem } from "../credentials/apiKeyValue";
import { keyGenerations } from "../credentials/keyRotation";
import { identitySettings } from "../credentials/iamIdentity";
import { accessKeyGenerations } from "../credentials/accessKeyRotation";
import { forgetClaimedStackNames, sharedSettings } from "./sharedInputs";
import { secureRestApiInputs, SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import type { IAMSecureRestApiArgs, SecureRestApiArgs } from "../shared/schema-types";
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { asConstructInputs } from "../../../test-support/wireForm";
import { PackageSchema, plainInputs } from "../plugin/wireInputs";
import { checkedWhenKnown } from "../plugin/resources";
import { InputError } from "../shared/inputErrors";

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const KEY = "0123456789abcdefghijKLMNOP";

/**
 * A field: mostly absent or a valid value (so that many inputs are accepted and their
 * names checked), else a value just outside the rules, or anything the wire can carry.
 */
const field = (valid: unknown[], invalid: unknown[] = []) =>
    fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 30 },
        { arbitrary: fc.constantFrom(...valid), weight: 10 },
        ...(invalid.length ? [{ arbitrary: fc.constantFrom(...invalid), weight: 1 }] : []),
        { arbitrary: wireValue, weight: 1 },
    );

const routes = () =>
    fc.oneof(
        // (a map, so the handler is read when a value is drawn, after beforeAll registered it)
        {
            arbitrary: fc.constant(0).map(() => [
                { path: "/a", methods: ["GET"], handler: fn },
                { path: "/b/{id}", methods: ["ANY"], integration: { type: "MOCK" } },
            ]),
            weight: 8,
        },
        {
            arbitrary: fc.array(
                fc.record({
                    path: fc.oneof(adversarialString, fc.constantFrom("/", "/x", "/y/{p+}")),
                    methods: fc.array(wireValue, { maxLength: 2 }),
                    handler: fc.constantFrom(undefined, null, "fn"),
                }),
                { maxLength: 2 },
            ),
            weight: 1,
        },
        { arbitrary: fc.array(fc.constantFrom(null, 0, "x", [null], { path: null }), { maxLength: 2 }), weight: 1 },
    );

const shared = () => ({
    stackName: field(["proj-dev", "s".repeat(128), "a.b_c-d", "9"], ["s".repeat(129), "-x", "é", ""]),
    restApiName: field(["api", "x".repeat(1024), "é😀"], ["x".repeat(1025), " ", ""]),
    description: field(["d", "é😀", ""]),
    stageName: field(["prod", "v1_2", "x".repeat(128)], ["x".repeat(129), "a-b", ""]),
    endpointType: field(["EDGE", "REGIONAL"], ["PRIVATE", "edge"]),
    routes: routes(),
    throttle: field(
        [{ burstLimit: 10, rateLimit: 5 }, { rateLimit: 0.5 }],
        [{ burstLimit: -1 }, { rateLimit: NaN }, { burstLimit: 1.5 }, { burstLimit: null }],
    ),
    quota: field(
        [
            { limit: 100, period: "DAY" },
            { limit: 10, offset: 9 },
        ],
        [{ limit: 0 }, { period: "YEAR" }, { limit: 10, offset: 10 }, { offset: null }],
    ),
    region: field(["eu-west-1", "us-east-1"]),
    tags: field(
        [{ team: "x" }, { ["k".repeat(128)]: "v".repeat(256) }],
        [
            { "aws:x": "y" },
            { ["k".repeat(129)]: "v" },
            { k: "v".repeat(257) },
            { "": "v" },
            { k: null },
            Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"])),
        ],
    ),
    lambdaPermissionScope: field(["STAGE", "METHOD"], ["stage"]),
    apiResourceQuota: field([300, 3], [1, 0, 2.5]),
    accessLogs: field(
        [{}, { retentionInDays: 30 }],
        [
            { retentionInDays: 31 },
            { format: "" },
            { destinationArn: "arn:aws:logs:us-east-1:123456789012:log-group:g", retentionInDays: 1 },
        ],
    ),
    executionLogs: field([{ level: "INFO" }, { level: "ERROR", dataTrace: true }], [{ level: "OFF", dataTrace: true }, { metrics: "yes" }]),
    cloudWatchRole: field([true, false], ["true"]),
    binaryMediaTypes: field([["image/png"], ["*/*"]], [["png"], ["image/png", "image/png"], [null]]),
    minimumCompressionSize: field([1024, -1, 0, 10_485_760], [-2, 10_485_761]),
    cors: field(
        [{ allowOrigins: ["https://example.com"] }, { allowOrigins: ["*"] }],
        [
            { allowOrigins: ["*"], allowCredentials: true },
            { allowOrigins: [] },
            { allowOrigins: ["HTTPS://X.COM/"] },
            { allowOrigins: [null] },
        ],
    ),
    allowedSourceIps: field([["10.0.0.0/8"], ["::1"]], [["10.0.0.1/8"], [], ["x"]]),
    deniedSourceIps: field([["192.0.2.1"]], [["300.0.0.1"]]),
    domain: field(
        [
            { domainName: "api.example.com", certificateArn: CERT },
            { domainName: "api.example.com", certificateArn: CERT, basePath: "v1" },
        ],
        [
            { domainName: "API.Example.com", certificateArn: CERT },
            { domainName: "api.example.com", certificateArn: CERT, basePath: "/v1" },
            { domainName: "", certificateArn: "" },
            { domainName: null },
        ],
    ),
    webAclArn: field([ACL], ["arn:aws:waf::123456789012:webacl/x"]),
    waf: field([{ rateLimit: 100 }, {}], [{ rateLimit: 5 }, { managedRules: ["Nope"] }]),
    disableExecuteApiEndpoint: field([true, false], ["no"]),
});

const keyArgs = fc
    .record(
        {
            ...shared(),
            apiKeyValue: field([KEY], ["short", "x".repeat(129), "with space in it 0123456789"]),
            apiKeySource: field(["ssm", "random"], ["vault"]),
            apiKeyParameterName: field(
                ["/p/key", "plain", "/" + Array(13).fill("l").join("/")],
                ["aws/x", "/a//b", "x".repeat(1012), "/" + Array(16).fill("l").join("/")],
            ),
            kmsKeyId: field(["alias/k"]),
            cacheFile: field(["/tmp/k.json"], ["", " "]),
            cache: field([true, false]),
            test: field([true, false]),
            clients: field(
                [
                    [{ name: "alice" }],
                    [
                        { name: "x".repeat(64), rotation: { generation: 2 } },
                        { name: "b.c_d-e", quota: { limit: 5 } },
                    ],
                ],
                [
                    [{ name: "alice" }, { name: "ALICE" }],
                    [{ name: "default" }],
                    [{ name: "a/b" }],
                    [{ name: "x".repeat(65) }],
                    [null],
                    [{ name: "bob", quota: { limit: 0 } }],
                ],
            ),
            rotation: field(
                [{ generation: 1 }, { generation: 3, retirePrevious: true }],
                [
                    { generation: 0, retirePrevious: true },
                    { generation: -1 },
                    { generation: 1.5 },
                    { generation: 2, retirePrevious: "yes" },
                ],
            ),
        },
        { requiredKeys: [] },
    )
    .map(a => ({ cache: false, ...a }));

const iamArgs = fc.record(
    {
        ...shared(),
        secretName: field(["s/creds", "x".repeat(512)], ["", "x".repeat(513), "bad name"]),
        useRole: field([true, false], ["yes"]),
        roleName: field(["r", "x".repeat(64)], ["x".repeat(65), "bad/role"]),
        trustAccountRoot: field([true, false], ["no"]),
        maxSessionDuration: field([3600, 43200], [3599, 43201, 7200.5]),
        secretRecoveryWindowInDays: field([0, 7, 30], [6, 31]),
        createUser: field([true], [false, "false"]),
        accessKeyRotation: field([{ generation: 1 }, { generation: 1, retirePrevious: true }], [{ generation: -3 }]),
        invokers: field([["arn:aws:iam::123456789012:role/r"], ["123456789012"]], [["*"], ["12345678901"], []]),
    },
    { requiredKeys: [] },
);

const SECURITY = { auth: { authorization: "NONE" as const, apiKeyRequired: true }, corsAllowHeaders: ["content-type", "x-api-key"] };
const IAM_SECURITY = { auth: { authorization: "AWS_IAM" as const, apiKeyRequired: false }, corsAllowHeaders: ["authorization"] };
const IAM_NAME = /^[A-Za-z0-9_+=,.@-]+$/;

/** The AWS rules the names of an accepted shared input must satisfy. */
function expectSharedNamesValid(s: ReturnType<typeof sharedSettings>): void {
    expect(s.stackName).toMatch(/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/);
    expect(s.restApiName.length).toBeGreaterThan(0);
    expect(s.restApiName.length).toBeLessThanOrEqual(NAME_LIMITS.apiGatewayName);
    expect(s.stageName).toMatch(/^[A-Za-z0-9_]{1,128}$/);
    const sids = s.permissions.map(p => `${p.functionKey} ${p.statementId}`);
    expect(new Set(sids).size).toBe(sids.length);
    for (const p of s.permissions) expect(p.statementId).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
    if (s.tags && typeof s.tags === "object") {
        const keys = Object.keys(s.tags);
        expect(keys.length).toBeLessThanOrEqual(TAG_LIMITS.count);
        for (const k of keys) expect(k.length >= 1 && k.length <= TAG_LIMITS.keyLength && !/^aws:/i.test(k)).toBe(true);
    }
}

describe("fuzzed inputs", () => {
    beforeEach(() => forgetClaimedStackNames());

    test("property: SecureRestApi's checkers accept or throw only its own field errors; accepted names are within AWS's rules", () => {
        let accepted = 0;
        fc.assert(
            fc.property(keyArgs, args => {
                const label = 'SecureRestApi "api"';
                const check = new InputChecker(label);
                let s: ReturnType<typeof sharedSettings> | undefined;
                let own: ReturnType<typeof secureRestApiInputs> | undefined;
                const err = onlyInputErrors(label, () => {
                    s = sharedSettings(args as SecureRestApiArgs, check, SECURITY);
                    own = secureRestApiInputs("api", args as SecureRestApiArgs, s.stackName, check);
                    check.throwIfFailed();
                });
                if (err) return;
                accepted++;
                expectSharedNamesValid(s!);
                for (const k of [{ plan: own!.plan, rotation: own!.rotation }, ...own!.clients]) {
                    for (const g of keyGenerations(k.plan, k.rotation)) {
                        if (g.plan.kind !== "ssm") continue;
                        expect(parameterNameProblem(g.plan.parameterName)).toBeUndefined();
                        if (g.plan.newerGenerationParameter) expect(parameterNameProblem(g.plan.newerGenerationParameter)).toBeUndefined();
                    }
                }
            }),
            fuzzParams(1000),
        );
        expect(accepted).toBeGreaterThan(20);
    });

    test("property: IAMSecureRestApi's checkers accept or throw only its own field errors; accepted IAM and secret names are within AWS's rules", () => {
        let accepted = 0;
        fc.assert(
            fc.property(iamArgs, args => {
                const label = 'IAMSecureRestApi "api"';
                const check = new InputChecker(label);
                let s: ReturnType<typeof sharedSettings> | undefined;
                let id: ReturnType<typeof identitySettings> | undefined;
                const err = onlyInputErrors(label, () => {
                    s = sharedSettings({ ...(args as IAMSecureRestApiArgs) }, check, {
                        ...IAM_SECURITY,
                        invokers: (args as IAMSecureRestApiArgs).invokers,
                    });
                    id = identitySettings(args as IAMSecureRestApiArgs, s.stackName, check);
                    check.throwIfFailed();
                });
                if (err) return;
                accepted++;
                expectSharedNamesValid(s!);
                const i = id!;
                expect(i.userName.length).toBeLessThanOrEqual(NAME_LIMITS.iamUser);
                expect(i.userName).toMatch(IAM_NAME);
                expect(i.policyName.length).toBeLessThanOrEqual(NAME_LIMITS.iamPolicy);
                expect(i.policyName).toMatch(IAM_NAME);
                expect(i.roleName.length).toBeLessThanOrEqual(NAME_LIMITS.iamRole);
                expect(i.roleName).toMatch(IAM_NAME);
                expect(i.secretName.length).toBeLessThanOrEqual(NAME_LIMITS.secretsManagerSecret);
                expect(typeof i.useRole).toBe("boolean");
                expect(typeof i.trustAccountRoot).toBe("boolean");
                expect(typeof i.createUser).toBe("boolean");
                expect(accessKeyGenerations(i.accessKeyRotation).length).toBeLessThanOrEqual(2);
            }),
            fuzzParams(1000),
        );
        expect(accepted).toBeGreaterThan(20);
    });

    test("property: inputs as the plugin receives them (serialized, outputs known or not) give only the component's own field errors", async () => {
        const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8")) as PackageSchema;
        const token = "secure-api:index:SecureRestApi";
        // Some fields arrive as outputs (known, or unknown as in a preview), as an SDK sends them.
        const asOutput = (v: unknown, how: number): unknown => {
            if (how === 0) return v;
            const o: pulumi.Output<unknown> = pulumi.output(v as pulumi.Input<unknown>);
            return how === 1 ? o : o.apply(() => pulumi.unknown as unknown);
        };
        let refused = 0;
        await fc.assert(
            fc.asyncProperty(keyArgs, fc.array(fc.nat(2), { minLength: 40, maxLength: 40 }), async (args, hows) => {
                const sent = Object.fromEntries(
                    Object.entries(args)
                        .filter(([, v]) => v !== undefined)
                        .map(([k, v], i) => [k, asOutput(v, k === "routes" ? 0 : hows[i % hows.length])]),
                );
                let wire: pulumi.Inputs;
                try {
                    wire = await asConstructInputs(sent);
                } catch {
                    return; // the SDK side could not serialize it (e.g. NaN): nothing reaches the plugin
                }
                const label = 'SecureRestApi "api"';
                let plain: Record<string, unknown>;
                try {
                    plain = await plainInputs(
                        schema,
                        token,
                        "api",
                        wire,
                        checkedWhenKnown[token as keyof typeof checkedWhenKnown] as readonly string[] | undefined,
                    );
                } catch (e) {
                    expect(e).toBeInstanceOf(InputError);
                    expect((e as Error).message).toMatch(
                        /^SecureRestApi "api": \S+ "<unknown>" is invalid: must be known when the component is constructed/,
                    );
                    refused++;
                    return;
                }
                const check = new InputChecker(label);
                const err = onlyInputErrors(label, () => {
                    const s = sharedSettings(plain as SecureRestApiArgs, check, SECURITY);
                    secureRestApiInputs("api", plain as SecureRestApiArgs, s.stackName, check);
                    check.throwIfFailed();
                });
                if (err) refused++;
            }),
            fuzzParams(40),
        );
        expect(refused).toBeGreaterThan(0);
    });

    test("property: whole components under mocks either register children or throw one InputError and register nothing", async () => {
        let refused = 0;
        await fc.assert(
            fc.asyncProperty(fc.boolean(), keyArgs, iamArgs, async (keyed, kArgs, iArgs) => {
                forgetClaimedStackNames();
                await world.settle();
                const before = world.resources.length;
                const label = keyed ? 'SecureRestApi "api"' : 'IAMSecureRestApi "api"';
                // The key flow needs AWS: whole runs use test keys; the ssm plans are covered above.
                const err = onlyInputErrors(label, () =>
                    keyed
                        ? new SecureRestApi("api", {
                              ...kArgs,
                              test: kArgs.apiKeyValue === undefined ? true : kArgs.test,
                              apiKeySource: undefined,
                          } as SecureRestApiArgs)
                        : new IAMSecureRestApi("api", iArgs as IAMSecureRestApiArgs),
                );
                await world.settle();
                if (err) {
                    refused++;
                    expect(world.resources.length).toBe(before);
                }
            }),
            fuzzParams(10),
        );
        expect(refused).toBeGreaterThan(0);
    });
});
