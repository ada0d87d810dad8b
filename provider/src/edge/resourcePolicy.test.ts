// The API's resource policy: a PRIVATE API's VPC endpoints, allowedSourceIps /
// deniedSourceIps, and the Allow each component's auth needs; within API
// Gateway's 8,192 characters, checked at construction when everything is
// plain, else when the VPC endpoint ids resolve, before the RestApi that takes
// the policy can be created.
import * as pulumi from "@pulumi/pulumi";
import { failureOf, installMocks } from "../../../test-support/pulumiMocks";

installMocks();
import { InputChecker } from "../shared/inputErrors";
import { API_POLICY_MAX_CHARS, apiResourcePolicy, cidrProblem, privateApiPolicyDocument, resourcePolicyDocument } from "./resourcePolicy";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `vpce-${String(i).padStart(17, "0")}`);
const privatePolicy = (vpcEndpointIds: pulumi.Input<pulumi.Input<string>[]>, check: InputChecker) =>
    apiResourcePolicy({ allow: "all", vpcEndpointIds }, check);
/** The most endpoint ids of this length whose policy fits. */
let fits = 1;
while (privateApiPolicyDocument(ids(fits + 1)).length <= API_POLICY_MAX_CHARS) fits++;

const invoke = { Principal: "*", Action: "execute-api:Invoke" };
const statements = (doc: string | undefined) => JSON.parse(doc!).Statement;

test("the PRIVATE policy allows execute-api:Invoke only from the given VPC endpoints", () => {
    expect(statements(privateApiPolicyDocument(["vpce-1", "vpce-2"]))).toEqual([
        {
            Effect: "Allow",
            ...invoke,
            Resource: "execute-api:/*",
            Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1", "vpce-2"] } },
        },
    ]);
});

test("plain ids: accepted while the policy fits in 8,192 characters, reported at construction past it", () => {
    expect(fits).toBeGreaterThan(300);
    const ok = new InputChecker('SecureRestApi "p"');
    expect(privatePolicy(ids(fits), ok)).toBe(privateApiPolicyDocument(ids(fits)));
    expect(ok.failed).toBe(false);
    const bad = new InputChecker('SecureRestApi "p"');
    privatePolicy(ids(fits + 1), bad);
    expect(() => bad.throwIfFailed()).toThrow(
        new RegExp(
            `^SecureRestApi "p": vpcEndpointIds \\["vpce-0+",.*\\.\\.\\. is invalid: the PRIVATE API's resource policy would be ${
                privateApiPolicyDocument(ids(fits + 1)).length
            } characters with ${fits + 1} VPC endpoints, more than API Gateway's limit of 8192$`,
        ),
    );
});

test("ids that are outputs: the policy fails when they resolve, naming the field, so the RestApi taking it is never created", async () => {
    const check = new InputChecker('SecureRestApi "p"');
    const error = await failureOf(privatePolicy(pulumi.output(ids(fits + 1)), check)!);
    expect(check.failed).toBe(false);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
        /^SecureRestApi "p": vpcEndpointIds \[.* is invalid: the PRIVATE API's resource policy would be \d+ characters with \d+ VPC endpoints/,
    );
    const fine = privatePolicy(pulumi.output(ids(2)), check) as pulumi.Output<string>;
    expect(await (fine as unknown as { promise(): Promise<string> }).promise()).toBe(privateApiPolicyDocument(ids(2)));
});

describe("source IP rules", () => {
    const allowed = ["203.0.113.0/24", "2001:db8::/32"];
    const denied = ["198.51.100.7"];

    test("a public API without IP rules gets no policy at all", () => {
        for (const allow of ["all", "preflight", "none"] as const) expect(resourcePolicyDocument({ allow })).toBeUndefined();
    });

    test("API-key methods (authorization NONE) need the explicit Allow; then a Deny for every other address and one for the denied", () => {
        expect(statements(resourcePolicyDocument({ allow: "all", allowedSourceIps: allowed, deniedSourceIps: denied }))).toEqual([
            { Effect: "Allow", ...invoke, Resource: "execute-api:/*" },
            { Effect: "Deny", ...invoke, Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:SourceIp": allowed } } },
            { Effect: "Deny", ...invoke, Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": denied } } },
        ]);
    });

    test("IAM methods are allowed by the caller's IAM policy: the resource policy allows only the unauthenticated preflights, never every principal", () => {
        expect(statements(resourcePolicyDocument({ allow: "preflight", deniedSourceIps: denied }))).toEqual([
            { Effect: "Allow", ...invoke, Resource: "execute-api:/*/OPTIONS/*" },
            { Effect: "Deny", ...invoke, Resource: "execute-api:/*", Condition: { IpAddress: { "aws:SourceIp": denied } } },
        ]);
        expect(
            statements(resourcePolicyDocument({ allow: "none", allowedSourceIps: allowed })).map((s: { Effect: string }) => s.Effect),
        ).toEqual(["Deny"]);
    });

    test("invokers without IP rules: the policy exists, so the unauthenticated preflights need its Allow (else API Gateway denies them and browsers' CORS breaks)", () => {
        // "How API Gateway resource policies affect authorization workflow": a method with authorization NONE
        // (a CORS preflight) is decided by the resource policy alone; once one exists, without an explicit
        // Allow it is denied. The invokers' Allow names IAM principals, which an OPTIONS preflight has none of.
        const invokers = { principals: ["arn:aws:iam::210987654321:role/caller"], stageName: "prod" };
        expect(statements(resourcePolicyDocument({ allow: "preflight", invokers }))).toEqual([
            { Effect: "Allow", ...invoke, Resource: "execute-api:/*/OPTIONS/*" },
            { Effect: "Allow", Principal: { AWS: invokers.principals }, Action: "execute-api:Invoke", Resource: "execute-api:/prod/*/*" },
        ]);
        // With public operations of a definition too: both, in one statement.
        expect(
            statements(resourcePolicyDocument({ allow: "preflight", invokers, publicResources: ["execute-api:/*/GET/health"] }))[0],
        ).toEqual({
            Effect: "Allow",
            ...invoke,
            Resource: ["execute-api:/*/OPTIONS/*", "execute-api:/*/GET/health"],
        });
        // Without cors there is no preflight to allow: only the invokers' statement.
        expect(statements(resourcePolicyDocument({ allow: "none", invokers })).map((s: { Principal: unknown }) => s.Principal)).toEqual([
            { AWS: invokers.principals },
        ]);
    });

    test("on a PRIVATE API the address is aws:VpcSourceIp (calls come through a VPC endpoint), combined with the endpoint Allow", () => {
        expect(
            statements(resourcePolicyDocument({ allow: "preflight", vpcEndpointIds: ["vpce-1"], allowedSourceIps: ["10.0.0.0/16"] })),
        ).toEqual([
            { Effect: "Allow", ...invoke, Resource: "execute-api:/*", Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1"] } } },
            { Effect: "Deny", ...invoke, Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:VpcSourceIp": ["10.0.0.0/16"] } } },
        ]);
    });

    test("a policy of too many ranges is reported on the list that made it, with the size", () => {
        const many = Array.from({ length: 600 }, (_, i) => `10.${i >> 8}.${i & 255}.0/24`);
        const check = new InputChecker('SecureRestApi "p"');
        expect(apiResourcePolicy({ allow: "all", allowedSourceIps: many }, check)).toBeDefined();
        expect(() => check.throwIfFailed()).toThrow(
            /allowedSourceIps \[.* is invalid: the API's resource policy would be \d+ characters with 600 allowed and 0 denied source IP ranges, more than API Gateway's limit of 8192/,
        );
    });
});

describe("CIDR checks", () => {
    test.each([
        "203.0.113.0/24",
        "203.0.113.7",
        "203.0.113.7/32",
        "0.0.0.0/0",
        "2001:db8::/32",
        "2001:db8::1",
        "::/0",
        "::ffff:192.0.2.0/120",
        "fe80::/10",
    ])("%s is a valid address or range", cidr => expect(cidrProblem(cidr)).toBeUndefined());

    test.each([
        ["203.0.113.0/33", 'prefix length "33"; an IPv4 prefix is 0 to 32'],
        ["2001:db8::/129", "an IPv6 prefix is 0 to 128"],
        ["203.0.113.9/24", "host bits set past /24; the range is 203.0.113.0/24"],
        ["2001:db8::1/32", "host bits set past /32; the range is 2001:db8::/32"],
        ["300.1.1.1", "is not an IPv4 or IPv6 address"],
        ["10.0.0.0/8/1", "is not an IPv4 or IPv6 address"],
        ["10.0.0.0/", 'prefix length ""'],
        ["10.0.0.0/-1", 'prefix length "-1"'],
        ["fe80::1%eth0", "is not an IPv4 or IPv6 address"],
        ["example.com", "is not an IPv4 or IPv6 address"],
        [42, "must be a string"],
    ])("%j is refused: %s", (cidr, reason) => expect(cidrProblem(cidr)).toContain(reason));
});
