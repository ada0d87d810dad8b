import * as pulumi from "@pulumi/pulumi";
import { installMocks, isSecret, MockWorld, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { keyGenerations } from "./keyRotation";
import { Http, integrationRoute } from "../routes/routeHelpers";
import { rejectsEach } from "../../../test-support/inputCases";

const T = {
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey",
    randomPassword: "random:index/randomPassword:RandomPassword",
};

beforeEach(() => forgetClaimedStackNames());

async function build(name: string, args: SecureRestApiArgs) {
    const before = world.resources.length;
    const routes = [
        integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/health", Http.GET),
    ];
    const api = new SecureRestApi(name, { routes, ...args }, { transformations: [world.recorder] });
    await valueOf(api.apiKeyId);
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const inputsOf = (type: string) => Object.fromEntries(of(type).map(r => [r.name, r.inputs]));
    return { api, mine, of, inputsOf };
}

describe("clients", () => {
    test("each client has its own key {stackName}-{client}, own plan only with throttle/quota, enabled false disables", async () => {
        const g = await build("api", {
            test: true,
            clients: [
                { name: "alice", throttle: { rateLimit: 10 }, quota: { limit: 1000 } },
                { name: "bob", enabled: false },
            ],
        });
        const keys = g.inputsOf(T.apiKey);
        expect(Object.keys(keys).sort()).toEqual(["api", "api-client-alice", "api-client-bob"]);
        expect(keys["api"]).toMatchObject({ name: "proj-dev", enabled: true, value: "test123" });
        expect(keys["api-client-alice"]).toMatchObject({ name: "proj-dev-alice", enabled: true, value: "test123-alice" });
        expect(keys["api-client-bob"]).toMatchObject({ name: "proj-dev-bob", enabled: false, value: "test123-bob" });
        const plans = g.inputsOf(T.usagePlan);
        expect(Object.keys(plans).sort()).toEqual(["api", "api-client-alice"]);
        expect(plans["api-client-alice"]).toMatchObject({
            name: "proj-dev-alice-usage-plan",
            throttleSettings: { burstLimit: 500, rateLimit: 10 },
            quotaSettings: { limit: 1000, period: "MONTH", offset: 0 },
        });
        const attach = g.inputsOf(T.usagePlanKey);
        expect(attach["api-client-alice"]).toMatchObject({ keyId: "api-client-alice-id", usagePlanId: "api-client-alice-id" });
        expect(attach["api-client-bob"]).toMatchObject({ keyId: "api-client-bob-id", usagePlanId: "api-id" });
        expect(attach["api"]).toMatchObject({ keyId: "api-id", usagePlanId: "api-id" });

        expect(await isSecret(g.api.clientApiKeys!)).toBe(true);
        expect(await valueOf(g.api.clientApiKeys!)).toEqual({ alice: "test123-alice", bob: "test123-bob" });
        expect(await valueOf(g.api.clientApiKeyIds!)).toEqual({ alice: "api-client-alice-id", bob: "api-client-bob-id" });
        // Test mode has no parameter, as for the shared key.
        expect(await valueOf(g.api.clientApiKeyParameterNames!)).toEqual({ alice: "", bob: "" });
    });

    test("without clients the outputs are absent and nothing else is created", async () => {
        const g = await build("plain", { test: true });
        expect(g.api.clientApiKeys).toBeUndefined();
        expect(g.api.clientApiKeyIds).toBeUndefined();
        expect(g.of(T.apiKey).map(r => r.name)).toEqual(["plain"]);
        expect(g.of(T.usagePlanKey).map(r => r.name)).toEqual(["plain"]);
    });

    test("apiKeySource random: one password per client", async () => {
        const g = await build("rnd", { apiKeySource: "random", clients: [{ name: "a" }, { name: "b" }] });
        expect(
            g
                .of(T.randomPassword)
                .map(r => r.name)
                .sort(),
        ).toEqual(["rnd-api-key", "rnd-client-a-api-key", "rnd-client-b-api-key"]);
    });

    test("with the ssm source each client's key comes from /{stackName}/api-key/{client}", () => {
        // The flow itself is covered against moto (keyRotation.test.ts); here only the plan.
        const { clientSettings } = jest.requireActual("./apiClients") as typeof import("./apiClients");
        const { InputChecker } = jest.requireActual("../shared/inputErrors") as typeof import("../shared/inputErrors");
        const check = new InputChecker("t");
        const [c] = clientSettings({ clients: [{ name: "alice" }], cache: false }, "proj-dev", check);
        expect(check.failed).toBe(false);
        expect(c.plan).toEqual({
            kind: "ssm",
            parameterName: "/proj-dev/api-key/alice",
            kmsKeyId: undefined,
            cacheFile: undefined,
            cacheEntry: "/proj-dev/api-key/alice",
        });
    });
});

describe("rotation", () => {
    test("generations: none → today's key; N → N-1 and N, previous live until retired", () => {
        const ssm = { kind: "ssm", parameterName: "/s/api-key" } as const;
        expect(keyGenerations(ssm, undefined)).toEqual([{ generation: 0, suffix: "", plan: ssm, live: true }]);
        const overlap = keyGenerations(ssm, { generation: 2, retirePrevious: false });
        expect(overlap.map(g => [g.generation, g.suffix, g.live, g.plan.kind === "ssm" && g.plan.parameterName])).toEqual([
            [1, "-gen1", true, "/s/api-key/gen-1"],
            [2, "-gen2", true, "/s/api-key/gen-2"],
        ]);
        expect(overlap[1].plan).toMatchObject({ cacheEntry: "/s/api-key/gen-2", newerGenerationParameter: "/s/api-key/gen-3" });
        expect(keyGenerations(ssm, { generation: 2, retirePrevious: true }).map(g => g.live)).toEqual([false, true]);
        expect(overlap[0].plan).toMatchObject({ newerGenerationParameter: undefined });
        expect(keyGenerations(ssm, { generation: 0, retirePrevious: false })[0].plan).toEqual({
            ...ssm,
            cacheEntry: undefined,
            newerGenerationParameter: "/s/api-key/gen-1",
        });
    });

    test("overlap: both keys enabled and attached to the same plan; apiKey is the new one", async () => {
        const g = await build("rot", { test: true, rotation: { generation: 1 } });
        const keys = g.inputsOf(T.apiKey);
        expect(keys["rot"]).toMatchObject({ name: "proj-dev", enabled: true, value: "test123" });
        expect(keys["rot-gen1"]).toMatchObject({ name: "proj-dev-gen-1", enabled: true, value: "test123-gen-1" });
        const attach = g.inputsOf(T.usagePlanKey);
        expect(attach).toEqual({
            rot: expect.objectContaining({ keyId: "rot-id", usagePlanId: "rot-id" }),
            "rot-gen1": expect.objectContaining({ keyId: "rot-gen1-id", usagePlanId: "rot-id" }),
        });
        expect(await valueOf(g.api.apiKey)).toBe("test123-gen-1");
        expect(await valueOf(g.api.apiKeyId)).toBe("rot-gen1-id");
    });

    test("retired: the previous key is disabled and detached, not deleted; only the new one is attached", async () => {
        const g = await build("ret", { test: true, rotation: { generation: 1, retirePrevious: true } });
        const keys = g.inputsOf(T.apiKey);
        expect(keys["ret"]).toMatchObject({ enabled: false });
        expect(keys["ret-gen1"]).toMatchObject({ enabled: true });
        expect(Object.keys(g.inputsOf(T.usagePlanKey))).toEqual(["ret-gen1"]);
    });

    test("a client rotates on its own; its disabled flag applies to the live generation only", async () => {
        const g = await build("cr", { test: true, clients: [{ name: "alice", enabled: false, rotation: { generation: 3 } }] });
        const keys = g.inputsOf(T.apiKey);
        expect(Object.keys(keys).sort()).toEqual(["cr", "cr-client-alice-gen2", "cr-client-alice-gen3"]);
        expect(keys["cr-client-alice-gen3"]).toMatchObject({ name: "proj-dev-alice-gen-3", enabled: false, value: "test123-alice-gen-3" });
        expect(await valueOf(g.api.clientApiKeyIds!)).toEqual({ alice: "cr-client-alice-gen3-id" });
    });

    test("the output map stays secret", async () => {
        const g = await build("sec", { test: true, clients: [{ name: "x" }] });
        expect(await isSecret(g.api.clientApiKeys as pulumi.Output<unknown>)).toBe(true);
    });
});

// Bad apiClients inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    // Clients and rotation (apiClients.ts, keyRotation.ts). A generation lowered below one already deployed
    // cannot be seen here (a component does not read its state): the key flow rejects it against SSM (keyRotation.test.ts).
    ["duplicate client names", () => ({ clients: [{ name: "alice" }, { name: "Alice" }] }), "clients[1].name", '"Alice"'],
    ["client named like a reserved word", () => ({ clients: [{ name: "usage-plan" }] }), "clients[0].name", '"usage-plan"'],
    ["client named like a rotation parameter", () => ({ clients: [{ name: "gen-2" }] }), "clients[0].name", '"gen-2"'],
    ["client name with a slash", () => ({ clients: [{ name: "a/b" }] }), "clients[0].name", '"a/b"'],
    [
        "client throttle out of range",
        () => ({ clients: [{ name: "a", throttle: { burstLimit: -1 } }] }),
        "clients[0].throttle.burstLimit",
        "-1",
    ],
    [
        "fractional rotation generation",
        () => ({ clients: [{ name: "a", rotation: { generation: 1.5 } }] }),
        "clients[0].rotation.generation",
        "1.5",
    ],
]);
