// Account- and region-wide quotas (issue 24, rule 4): a stack counts what its
// components add to API Gateway's per-account quotas and warns, naming the
// component, when its share passes half a default quota or the quota itself;
// the rest of the account decides, so it never fails on them.
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../../test-support/pulumiMocks";

const world = installMocks();
jest.setTimeout(60_000);
import { ACCOUNT_QUOTAS, accountQuotaWarning } from "../graph/awsLimits";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { countAccountQuotas, forgetClaimedStackNames } from "./sharedInputs";
import { Http, integrationRoute } from "../routes/routeHelpers";

const routes = [integrationRoute({ type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } }, "/health", Http.GET)];
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
let warnings: string[];

beforeEach(() => {
    forgetClaimedStackNames();
    warnings = [];
    jest.spyOn(pulumi.log, "warn").mockImplementation(async (message: string) => {
        warnings.push(message);
    });
});
afterEach(async () => {
    await world.settle();
    jest.restoreAllMocks();
});

test("the quotas are AWS's documented defaults per account and region", () => {
    expect(Object.fromEntries(Object.entries(ACCOUNT_QUOTAS).map(([k, q]) => [k, q.limit]))).toEqual({
        apiKeys: 10_000,
        usagePlans: 300,
        customDomains: 120,
        edgeApis: 120,
        regionalApis: 600,
        privateApis: 600,
        clientCertificates: 60,
    });
});

test("a warning when a stack's share passes half a quota, another when it passes the quota, none in between", () => {
    expect(accountQuotaWarning("usagePlans", 100, 150, "eu-west-1")).toBeUndefined();
    expect(accountQuotaWarning("usagePlans", 150, 151, "eu-west-1")).toBe(
        "this stack creates 151 of the 300 usage plans AWS allows per account and region in eu-west-1; " +
            "whether the rest fit depends on what else the account has there (aws apigateway get-* lists them)",
    );
    expect(accountQuotaWarning("usagePlans", 200, 250, "eu-west-1")).toBeUndefined();
    expect(accountQuotaWarning("apiKeys", 9_999, 10_001, "eu-west-1")).toMatch(
        /^this stack alone creates 10001 API keys in eu-west-1, more than AWS's default quota of 10000 .*AWS does not raise this quota/,
    );
});

test("a SecureRestApi counts its API keys (every generation and client) and warns on the component", () => {
    countAccountQuotas({ apiKeys: 4_997 }, "eu-west-1", m => warnings.push(m));
    expect(warnings).toEqual([]);
    // The shared key at generation 1 keeps generation 0 (2 keys), one client (1 key): 5,000, not past half.
    new SecureRestApi("a", {
        routes,
        test: true,
        stackName: "sa",
        region: "eu-west-1",
        rotation: { generation: 1 },
        clients: [{ name: "c" }],
    });
    expect(warnings.filter(w => w.includes("API keys"))).toEqual([]);
    new SecureRestApi("b", { routes, test: true, stackName: "sb", region: "eu-west-1" });
    expect(warnings.filter(w => w.includes("API keys"))).toEqual([
        'SecureRestApi "b": this stack creates 5001 of the 10000 API keys AWS allows per account and region in eu-west-1; ' +
            "whether the rest fit depends on what else the account has there (aws apigateway get-* lists them)",
    ]);
});

test("usage plans (the shared one and each client's own), custom domains and edge-optimized APIs are counted", () => {
    countAccountQuotas({ usagePlans: 148, customDomains: 60, edgeApis: 60 }, undefined, m => warnings.push(m));
    new SecureRestApi("p", { routes, test: true, stackName: "sp", clients: [{ name: "own", quota: { limit: 5 } }, { name: "shared" }] });
    new IAMSecureRestApi("d", { routes, stackName: "sd", domain: { domainName: "api.example.com", certificateArn: CERT } });
    expect(warnings).toEqual([
        expect.stringMatching(/^SecureRestApi "p": this stack creates 61 of the 120 edge-optimized REST APIs/),
        expect.stringMatching(/^IAMSecureRestApi "d": this stack creates 151 of the 300 usage plans/),
        expect.stringMatching(/^IAMSecureRestApi "d": this stack creates 61 of the 120 public custom domain names/),
    ]);
});
