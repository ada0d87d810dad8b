// Names never collide (issue 24, rule 2): the Pulumi names of API keys and the
// SSM parameters SecureRestApi derives from client names, rotation generations and
// apiKeyParameterName are all distinct, or the component refuses the inputs at
// construction naming both fields and registers nothing. Seeded and bounded (test-support/fuzz.ts).
import * as fc from "fast-check";
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";
import { fuzzParams, onlyInputErrors } from "../../../test-support/fuzz";

const world: MockWorld = installMocks();
jest.setTimeout(120_000);
import { SecureRestApi } from "../components/secureRestApi";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { claimDerivedNames, forgetClaimedStackNames } from "../components/sharedInputs";
import { Http, integrationRoute } from "../routes/routeHelpers";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { nameCollisions } from "../shared/names";
import { clientDerivedNames, clientSettings } from "./apiClients";
import { secureRestApiInputs } from "../components/secureRestApi";
import { keyGenerations } from "./keyRotation";
import { InputChecker } from "../shared/inputErrors";

const T = { apiKey: "aws:apigateway/apiKey:ApiKey", usagePlanKey: "aws:apigateway/usagePlanKey:UsagePlanKey" };
const routes = [integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/health", Http.GET)];

// Client names drawn so that collisions are likely: a few stems, with and without generation-like tails.
const clientName = fc
    .oneof(
        { arbitrary: fc.tuple(fc.constantFrom("a", "partner"), fc.constantFrom("", "-gen1", "-gen2")), weight: 4 },
        {
            arbitrary: fc.tuple(fc.constantFrom("B", "x.y", "partner"), fc.constantFrom("", "-gen0", "-gen01", "_gen1", "-gen3")),
            weight: 1,
        },
    )
    .map(([stem, tail]) => stem + tail);
const rotation = fc.option(
    fc
        .record({ generation: fc.integer({ min: 0, max: 3 }), retirePrevious: fc.boolean() })
        .map(r => (r.generation === 0 ? { generation: 0 } : r)),
    { nil: undefined },
);
const client = fc.record({ name: clientName, rotation }, { requiredKeys: ["name"] });
const args = fc.record({
    clients: fc.array(client, { maxLength: 4 }),
    rotation,
    // The shared key's parameter, sometimes one a client's or a generation's parameter would also use.
    apiKeyParameterName: fc.option(fc.constantFrom("/s/api-key/a", "/s/api-key/partner/gen-1", "/s/api-key/gen-1", "/s/other"), {
        nil: undefined,
    }),
    // The key flow (ssm) needs AWS; whole-component runs use the sources that do not. SSM names: the property below.
    source: fc.constantFrom<Partial<SecureRestApiArgs>>({ test: true }, { apiKeySource: "random" }),
});

function repeatedNames(names: string[]): string[] {
    return names.filter((n, i) => names.indexOf(n) !== i);
}

describe("API key names", () => {
    beforeEach(() => forgetClaimedStackNames());

    test("property: every accepted input registers distinct API key names; a refused one names both fields and registers nothing", async () => {
        let refused = 0;
        let accepted = 0;
        await fc.assert(
            fc.asyncProperty(args, async a => {
                forgetClaimedStackNames();
                const before = world.resources.length;
                const { source, ...rest } = a;
                const input = { routes, stackName: "s", ...source, ...rest } as SecureRestApiArgs;
                let api: SecureRestApi | undefined;
                const err = onlyInputErrors('SecureRestApi "k"', () => {
                    api = new SecureRestApi("k", input, { transformations: [world.recorder] });
                });
                await world.settle();
                const mine = world.resources.slice(before);
                if (err) {
                    refused++;
                    expect(mine).toEqual([]);
                    // A collision is reported on one field and names the other one.
                    for (const p of err.problems.filter(q => q.reason.includes("already makes"))) {
                        expect(p.reason).toMatch(
                            /^(clients\[\d+\]\.(name|rotation\.generation)|rotation\.generation|apiKeyParameterName) .* which (clients\[\d+\]\.(name|rotation\.generation)|rotation\.generation|apiKeyParameterName|name) /s,
                        );
                    }
                    return;
                }
                accepted++;
                expect(api).toBeDefined();
                for (const type of [T.apiKey, T.usagePlanKey]) {
                    expect(repeatedNames(mine.filter(r => r.type === type).map(r => r.name))).toEqual([]);
                }
            }),
            fuzzParams(20),
        );
        // The generator must exercise both outcomes, or the property proves little.
        expect(refused).toBeGreaterThan(0);
        expect(accepted).toBeGreaterThan(0);
    });

    test('a client "partner-gen1" beside client "partner" at generation 1 is refused naming both fields', () => {
        const err = onlyInputErrors(
            'SecureRestApi "k"',
            () =>
                new SecureRestApi("k", {
                    routes,
                    test: true,
                    clients: [{ name: "partner", rotation: { generation: 1 } }, { name: "partner-gen1" }],
                }),
        );
        expect(err?.message).toBe(
            'SecureRestApi "k": clients[1].name "partner-gen1" is invalid: makes the Pulumi name of an API key "k-client-partner-gen1" ' +
                '(client "partner-gen1", generation 0), which clients[0].rotation.generation 1 already makes (client "partner", generation 1); change one of the two',
        );
    });

    test("the shared key's apiKeyParameterName may not be a client's parameter", () => {
        const err = onlyInputErrors(
            'SecureRestApi "k"',
            () =>
                new SecureRestApi("k", {
                    routes,
                    stackName: "s",
                    cache: false,
                    apiKeyParameterName: "/s/api-key/alice",
                    clients: [{ name: "alice" }],
                }),
        );
        // (refused before the key flow runs: nothing asks AWS)
        expect(err?.problems.map(p => p.field)).toEqual(["clients[0].name"]);
        expect(err?.message).toContain(
            'makes the SSM parameter "/s/api-key/alice" (client "alice", generation 0), which apiKeyParameterName "/s/api-key/alice" already makes',
        );
    });

    test("property: accepted inputs give every key generation its own SSM parameter, and no lookup of a next generation hits another key's", () => {
        let refused = 0;
        fc.assert(
            fc.property(args, a => {
                const { source: _source, ...rest } = a;
                const check = new InputChecker('SecureRestApi "k"');
                const own = secureRestApiInputs("k", { ...rest, cache: false } as SecureRestApiArgs, "s", check);
                if (check.failed) {
                    refused++;
                    return;
                }
                // What createApiKeys will use: every generation keyGenerations keeps, for the shared key and each client.
                const keys = [{ plan: own.plan, rotation: own.rotation }, ...own.clients];
                const used: string[] = [];
                const lookups: string[] = [];
                for (const k of keys) {
                    for (const g of keyGenerations(k.plan, k.rotation)) {
                        if (g.plan.kind !== "ssm") continue;
                        used.push(g.plan.parameterName);
                        if (g.plan.newerGenerationParameter) lookups.push(g.plan.newerGenerationParameter);
                    }
                }
                expect(repeatedNames(used)).toEqual([]);
                expect(lookups.filter(l => used.includes(l))).toEqual([]);
            }),
            fuzzParams(500),
        );
        expect(refused).toBeGreaterThan(0);
    });

    test("property: the checker finds a collision exactly when two derived names of one kind are equal", () => {
        fc.assert(
            fc.property(fc.array(client, { maxLength: 5 }), clients => {
                const check = new InputChecker('SecureRestApi "k"');
                const settings = clientSettings({ clients, test: true } as SecureRestApiArgs, "s", check);
                const names = clientDerivedNames("k", settings).filter(n => n.kind.startsWith("Pulumi"));
                const distinct = new Set(names.map(n => n.name)).size === names.length;
                expect(nameCollisions(names).length === 0).toBe(distinct);
            }),
            fuzzParams(300),
        );
    });
});

describe("names across the components of a stack", () => {
    beforeEach(() => forgetClaimedStackNames());

    test('SecureRestApi "a-client-b" is refused beside SecureRestApi "a" with client "b": both would name an API key "a-client-b"', async () => {
        new SecureRestApi("a", { routes, test: true, stackName: "s1", clients: [{ name: "b" }] });
        await world.settle();
        const before = world.resources.length;
        const err = onlyInputErrors(
            'SecureRestApi "a-client-b"',
            () => new SecureRestApi("a-client-b", { routes, test: true, stackName: "s2" }),
        );
        await world.settle();
        expect(err?.message).toBe(
            'SecureRestApi "a-client-b": name "a-client-b" is invalid: makes the Pulumi name of an API key "a-client-b" ' +
                '(the shared key, generation 0), which SecureRestApi "a" in this stack already makes; rename one of the two components or change this input',
        );
        expect(world.resources.slice(before)).toEqual([]);
    });

    test('IAMSecureRestApi "u" at access key generation 1 and IAMSecureRestApi "u-gen1" would share an access key name', () => {
        new IAMSecureRestApi("u", { routes, stackName: "s1", accessKeyRotation: { generation: 1 } });
        const err = onlyInputErrors('IAMSecureRestApi "u-gen1"', () => new IAMSecureRestApi("u-gen1", { routes, stackName: "s2" }));
        expect(err?.problems.map(p => p.field)).toEqual(["name"]);
        expect(err?.message).toContain('"u-gen1" (the access key of generation 0), which IAMSecureRestApi "u" in this stack already makes');
    });

    test("two components may not share an SSM parameter in one region", () => {
        const claimed = (name: string, stackName: string, region: string) => {
            const check = new InputChecker(`SecureRestApi "${name}"`);
            const own = secureRestApiInputs(name, { apiKeyParameterName: "/shared/key", cache: false }, stackName, check);
            claimDerivedNames("SecureRestApi", own.names, region, `SecureRestApi "${name}"`, check);
            return onlyInputErrors(`SecureRestApi "${name}"`, () => check.throwIfFailed());
        };
        expect(claimed("one", "s1", "eu-west-1")).toBeUndefined();
        expect(claimed("two", "s2", "eu-west-1")?.message).toBe(
            'SecureRestApi "two": apiKeyParameterName "/shared/key" is invalid: makes the SSM parameter ' +
                '"/shared/key" (the shared key, generation 0), which SecureRestApi "one" in this stack already makes; rename one of the two components or change this input',
        );
        expect(claimed("three", "s3", "us-east-1")).toBeUndefined();
    });

    test("property: components whose names and clients overlap never register one API key or access key name twice", async () => {
        const component = fc.record({
            kind: fc.constantFrom("key", "iam"),
            name: fc.constantFrom("a", "a-gen1", "a-client-b", "a-client-b-gen1", "b"),
            clients: fc.array(fc.record({ name: fc.constantFrom("b", "b-gen1", "gen1") }), { maxLength: 2 }),
            generation: fc.integer({ min: 0, max: 2 }),
        });
        let refused = 0;
        await fc.assert(
            fc.asyncProperty(fc.array(component, { minLength: 2, maxLength: 3 }), async comps => {
                forgetClaimedStackNames();
                const before = world.resources.length;
                comps.forEach((c, i) => {
                    const label = `${c.kind === "key" ? "SecureRestApi" : "IAMSecureRestApi"} "${c.name}"`;
                    const err = onlyInputErrors(label, () => {
                        if (c.kind === "key") {
                            new SecureRestApi(c.name, {
                                routes,
                                test: true,
                                stackName: `s${i}`,
                                clients: c.clients,
                                rotation: { generation: c.generation },
                            });
                        } else {
                            new IAMSecureRestApi(c.name, { routes, stackName: `s${i}`, accessKeyRotation: { generation: c.generation } });
                        }
                    });
                    if (err) refused++;
                });
                await world.settle();
                const mine = world.resources.slice(before);
                expect(world.resources.length).toBeGreaterThan(before);
                for (const type of [T.apiKey, "aws:iam/accessKey:AccessKey"]) {
                    // Children of one component type share a URN when their names are equal.
                    const urns = mine.filter(r => r.type === type).map(r => `${r.parentResource?.constructor?.name}/${r.name}`);
                    expect(repeatedNames(urns)).toEqual([]);
                }
            }),
            fuzzParams(12),
        );
        expect(refused).toBeGreaterThan(0);
    });
});
