// The edge inputs through both components under mocks: the resource policy from
// source IPs, disableExecuteApiEndpoint, and how they and CORS reach the deployment's trigger.
import { installMocks, MockWorld } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
// Imported after setMocks so every module sees the mocked runtime.
import * as pulumi from "@pulumi/pulumi";
import type { SecureRestApiArgs } from "../shared/schema-types";
import { edgeHarness, T, ORIGIN, Built } from "../../../test-support/edgeHarness";
import { rejectsEach } from "../../../test-support/inputCases";

const { routes, build, trigger } = edgeHarness(world);

describe("resource policy from source IPs", () => {
    const policyOf = (g: Built, n: string) => JSON.parse(g.named(T.restApi, n).inputs.policy);

    test("SecureRestApi: its API-key methods need the explicit Allow, then the Deny rules", async () => {
        const g = await build("key", "ipkey", {
            routes: routes(),
            allowedSourceIps: ["203.0.113.0/24"],
            deniedSourceIps: ["203.0.113.66"],
        });
        expect(policyOf(g, "ipkey").Statement.map((s: any) => [s.Effect, s.Resource, s.Condition ?? null])).toEqual([
            ["Allow", "execute-api:/*", null],
            ["Deny", "execute-api:/*", { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } }],
            ["Deny", "execute-api:/*", { IpAddress: { "aws:SourceIp": ["203.0.113.66"] } }],
        ]);
    });

    test("IAMSecureRestApi: no blanket Allow (its callers' IAM policies allow them); only the preflights, with cors", async () => {
        const g = await build("iam", "ipiam", { routes: routes(), deniedSourceIps: ["198.51.100.0/24"] });
        expect(policyOf(g, "ipiam").Statement.map((s: any) => s.Effect)).toEqual(["Deny"]);
        const c = await build("iam", "ipiamcors", {
            routes: routes(),
            deniedSourceIps: ["198.51.100.0/24"],
            cors: { allowOrigins: [ORIGIN] },
        });
        expect(policyOf(c, "ipiamcors").Statement[0]).toEqual({
            Effect: "Allow",
            Principal: "*",
            Action: "execute-api:Invoke",
            Resource: "execute-api:/*/OPTIONS/*",
        });
    });

    test("a PRIVATE API combines its VPC endpoint Allow with the IP rules on aws:VpcSourceIp", async () => {
        const g = await build("key", "ippriv", {
            routes: routes(),
            endpointType: "PRIVATE",
            vpcEndpointIds: ["vpce-1"],
            allowedSourceIps: ["10.1.0.0/16"],
        });
        expect(policyOf(g, "ippriv").Statement).toEqual([
            {
                Effect: "Allow",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "execute-api:/*",
                Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1"] } },
            },
            {
                Effect: "Deny",
                Principal: "*",
                Action: "execute-api:Invoke",
                Resource: "execute-api:/*",
                Condition: { NotIpAddress: { "aws:VpcSourceIp": ["10.1.0.0/16"] } },
            },
        ]);
    });
});

describe("the deployment trigger", () => {
    // One restApiName for all: the document's title is the API's name.
    const hashOf = async (n: string, args: SecureRestApiArgs) =>
        trigger(await build("key", n, { routes: routes(), restApiName: "trigger-api", ...args }), n);

    test("changes with the CORS settings, the resource policy and disableExecuteApiEndpoint, and only with them", async () => {
        const base = await hashOf("tr0", {});
        expect(await hashOf("tr1", { tags: { a: "b" } })).toBe(base);
        const variants: SecureRestApiArgs[] = [
            { cors: { allowOrigins: [ORIGIN] } },
            { cors: { allowOrigins: ["https://other.example.com"] } },
            { cors: { allowOrigins: [ORIGIN], maxAge: 60 } },
            { allowedSourceIps: ["203.0.113.0/24"] },
            { allowedSourceIps: ["203.0.113.0/25"] },
            { deniedSourceIps: ["203.0.113.0/24"] },
            { disableExecuteApiEndpoint: true },
        ];
        const hashes = await Promise.all(variants.map((v, i) => hashOf(`tr${i + 2}`, v)));
        expect(new Set([base, ...hashes]).size).toBe(variants.length + 1);
        // The same settings give the same trigger.
        expect(await hashOf("tr9", { cors: { allowOrigins: [ORIGIN] } })).toBe(hashes[0]);
    });

    test("with a PRIVATE API's VPC endpoints as outputs, the policy still reaches the trigger", async () => {
        const a = await hashOf("trp1", { endpointType: "PRIVATE", vpcEndpointIds: pulumi.output(["vpce-1"]) });
        const b = await hashOf("trp2", { endpointType: "PRIVATE", vpcEndpointIds: pulumi.output(["vpce-2"]) });
        expect(a).not.toBe(b);
    });
});

test("disableExecuteApiEndpoint turns the default endpoint off on the RestApi", async () => {
    const g = await build("iam", "noexec", { routes: routes(), disableExecuteApiEndpoint: true });
    expect(g.named(T.restApi, "noexec").inputs.disableExecuteApiEndpoint).toBe(true);
});

// Bad edgeInputs inputs: refused at construction naming field and value, nothing registered (test-support/inputCases.ts).
rejectsEach(world, [
    ["allowedSourceIps not a CIDR", () => ({ allowedSourceIps: ["10.0.0.0/33"] }), "allowedSourceIps[0]", '"10.0.0.0/33"'],
    ["allowedSourceIps with host bits", () => ({ allowedSourceIps: ["203.0.113.9/24"] }), "allowedSourceIps[0]", '"203.0.113.9/24"'],
    ["allowedSourceIps empty (denies everyone)", () => ({ allowedSourceIps: [] }), "allowedSourceIps", "[]"],
    ["deniedSourceIps a host name", () => ({ deniedSourceIps: ["example.com"] }), "deniedSourceIps[0]", '"example.com"'],
    ["disableExecuteApiEndpoint not a boolean", () => ({ disableExecuteApiEndpoint: "yes" }), "disableExecuteApiEndpoint", '"yes"'],
]);
