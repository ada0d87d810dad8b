// Edge security under mocks, through both components: CORS preflights (the
// only unauthenticated methods, and only with cors), gateway responses, the
// resource policy, disableExecuteApiEndpoint, a custom domain, WAF; the
// deployment's dependency edges and trigger.
import * as pulumi from "@pulumi/pulumi";
import { failureOf, installMocks, MockWorld, Recorded, valueOf } from "../../../test-support/pulumiMocks";

const world: MockWorld = installMocks();
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { failWhenResolved, InputError } from "../shared/inputErrors";
import { lambdaMethods, lambdaRoute, Http, integrationRoute } from "../routes/routeHelpers";
import type { IAMSecureRestApiArgs, RouteInputs, SecureRestApiArgs } from "../shared/schema-types";
import { SecureRestApi } from "../components/secureRestApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { documentOf, integrationOf, Operation, operationsOf } from "../../../test-support/openApiDoc";

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    method: "aws:apigateway/method:Method",
    integration: "aws:apigateway/integration:Integration",
    methodResponse: "aws:apigateway/methodResponse:MethodResponse",
    integrationResponse: "aws:apigateway/integrationResponse:IntegrationResponse",
    gatewayResponse: "aws:apigateway/response:Response",
    permission: "aws:lambda/permission:Permission",
    deployment: "aws:apigateway/deployment:Deployment",
    stage: "aws:apigateway/stage:Stage",
    domainName: "aws:apigateway/domainName:DomainName",
    basePathMapping: "aws:apigateway/basePathMapping:BasePathMapping",
    record: "aws:route53/record:Record",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
};
const KEY = "0123456789abcdefghijKLMNOP";
const ORIGIN = "https://app.example.com";
const CERT_US_EAST_1 = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const CERT_EU_WEST_1 = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => forgetClaimedStackNames());

const mockIntegration = { type: "MOCK", requestTemplates: { "application/json": "{\"statusCode\": 200}" } };
const routes = (): RouteInputs[] => [
    lambdaMethods(fn, Http.GET),
    lambdaRoute(fn, "/users", Http.GET, Http.POST),
    lambdaRoute(fn, "/users/{id}", Http.GET, Http.DELETE),
    lambdaRoute(fn, "/files/{proxy+}", Http.ANY),
    integrationRoute(mockIntegration, "/health", Http.GET),
];

type Built = { api: SecureRestApi | IAMSecureRestApi; mine: Recorded[]; of(type: string): Recorded[]; named(type: string, n: string): Recorded };

async function build(kind: "key" | "iam", name: string, args: SecureRestApiArgs | IAMSecureRestApiArgs, opts: pulumi.ComponentResourceOptions = {}): Promise<Built> {
    const before = world.resources.length;
    const o = { ...opts, transformations: [world.recorder] };
    const api = kind === "key"
        ? new SecureRestApi(name, { stackName: name, apiKeyValue: KEY, ...args } as SecureRestApiArgs, o)
        : new IAMSecureRestApi(name, { stackName: name, ...args } as IAMSecureRestApiArgs, o);
    await valueOf(api.apiEndpoint);
    await world.settle();
    const mine = world.resources.slice(before);
    const of = (type: string) => mine.filter(r => r.type === type);
    const named = (type: string, n: string) => {
        const r = mine.find(x => x.type === type && x.name === n);
        if (!r) throw new Error(`no ${type} named ${n}; have ${of(type).map(x => x.name).join(", ")}`);
        return r;
    };
    return { api, mine, of, named };
}

/** The operations of the component's OpenAPI body, by "METHOD path". */
const opsOf = (g: Built) => operationsOf(g.of(T.restApi)[0].inputs);
/** How an operation is authorized, as API Gateway imports its security requirement: "NONE key", "AWS_IAM", or "NONE". */
const authorizationOf = (op: Operation) => {
    const need = Object.keys(op.security?.[0] ?? {});
    return `${need.includes("sigv4") ? "AWS_IAM" : "NONE"}${need.includes("api_key") ? " key" : ""}`;
};
/** "GET /users NONE key" for every operation: how it is authorized. */
const authOf = (g: Built) => [...opsOf(g)].map(([k, op]) => `${k} ${authorizationOf(op)}`).sort();
const unauthenticated = (g: Built) => [...opsOf(g)].filter(([, op]) => authorizationOf(op) === "NONE").map(([k]) => k);
/** The preflight answer's header mappings and template on a path. */
const preflightOf = (g: Built, path: string) => integrationOf(opsOf(g).get(`OPTIONS ${path}`)!).responses.default;
const gatewayResponsesOf = (g: Built) => documentOf(g.of(T.restApi)[0].inputs)["x-amazon-apigateway-gateway-responses"] ?? {};
const trigger = (g: Built, name: string) => g.named(T.deployment, name).inputs.triggers.openApiDocument as string;

describe("CORS on SecureRestApi", () => {
    let g: Built;
    beforeAll(async () => {
        g = await build("key", "cors", { routes: routes(), cors: { allowOrigins: [ORIGIN], exposeHeaders: ["x-request-id"] } });
    });

    test("every path gets an OPTIONS method; they are the only methods without the API key, and nothing else is unauthenticated", () => {
        expect(authOf(g)).toEqual([
            "ANY /files/{proxy+} NONE key", "DELETE /users/{id} NONE key", "GET / NONE key", "GET /health NONE key", "GET /users NONE key",
            "GET /users/{id} NONE key", "OPTIONS / NONE", "OPTIONS /files/{proxy+} NONE", "OPTIONS /health NONE", "OPTIONS /users NONE",
            "OPTIONS /users/{id} NONE", "POST /users NONE key",
        ]);
        // Why: a browser's preflight carries neither the key nor a signature.
        expect(unauthenticated(g).map(k => k.split(" ")[0])).toEqual(Array(5).fill("OPTIONS"));
        expect(opsOf(g).get("OPTIONS /users")!.security).toBeUndefined();
        expect(g.of(T.method)).toEqual([]);
    });

    test("each preflight is a MOCK integration answering 204 with the CORS headers: the path's own methods and the key's header", () => {
        expect(integrationOf(opsOf(g).get("OPTIONS /users")!)).toEqual(expect.objectContaining({
            type: "mock", requestTemplates: { "application/json": "{\"statusCode\": 204}" },
        }));
        const headers = {
            "method.response.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'",
            "method.response.header.Access-Control-Allow-Headers": "'content-type,x-api-key'",
            "method.response.header.Access-Control-Max-Age": "'600'",
            "method.response.header.Vary": "'Origin'",
        };
        expect(preflightOf(g, "/users")).toEqual({ statusCode: "204", responseParameters: headers });
        expect(Object.keys(opsOf(g).get("OPTIONS /users")!.responses["204"].headers).sort())
            .toEqual(Object.keys(headers).map(h => h.replace("method.response.header.", "")).sort());
        // ANY stands for every method.
        expect(preflightOf(g, "/files/{proxy+}").responseParameters["method.response.header.Access-Control-Allow-Methods"])
            .toBe("'OPTIONS,GET,HEAD,PUT,POST,DELETE,PATCH'");
    });

    test("API Gateway's DEFAULT_4XX and DEFAULT_5XX carry the CORS headers, so a browser can read a 403 for a missing key", () => {
        const responses = gatewayResponsesOf(g);
        expect(Object.keys(responses).sort()).toEqual(["DEFAULT_4XX", "DEFAULT_5XX"]);
        for (const r of Object.values<any>(responses)) {
            expect(r).toEqual({
                responseParameters: {
                    "gatewayresponse.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
                    "gatewayresponse.header.Access-Control-Expose-Headers": "'x-request-id'",
                    "gatewayresponse.header.Vary": "'Origin'",
                },
            });
        }
        expect(g.of(T.gatewayResponse)).toEqual([]);
    });

    test("the preflights and gateway responses are in the document, so the deployment's trigger covers them", () => {
        const dep = g.named(T.deployment, "cors");
        expect(new Set(dep.dependsOn)).toEqual(new Set(["cors", ...g.of(T.permission).map(r => r.name)]));
        const body = g.named(T.restApi, "cors").inputs.body as string;
        expect(dep.inputs.triggers.openApiDocument).toBe(require("crypto").createHash("sha256").update(body).digest("hex"));
    });

    test("the API needs no resource policy for CORS alone", () => {
        expect(g.named(T.restApi, "cors").inputs.policy).toBeUndefined();
        expect(g.named(T.restApi, "cors").inputs.disableExecuteApiEndpoint).toBe(false);
    });
});

test("without cors nothing is unauthenticated: no OPTIONS method, no gateway response", async () => {
    const g = await build("key", "nocors", { routes: routes() });
    expect(unauthenticated(g)).toEqual([]);
    expect(authOf(g).every(a => a.endsWith(" NONE key"))).toBe(true);
    expect(gatewayResponsesOf(g)).toEqual({});
    const i = await build("iam", "nocors-iam", { routes: routes() });
    expect([...opsOf(i).values()].map(authorizationOf)).toEqual(Array(7).fill("AWS_IAM"));
    expect(gatewayResponsesOf(i)).toEqual({});
});

describe("CORS on IAMSecureRestApi", () => {
    test("preflights allow the SigV4 headers; every other method stays AWS_IAM", async () => {
        const g = await build("iam", "iamcors", { routes: [lambdaRoute(fn, "/orders", Http.GET, Http.PUT)], cors: { allowOrigins: ["*"] } });
        expect(authOf(g)).toEqual(["GET /orders AWS_IAM", "OPTIONS /orders NONE", "PUT /orders AWS_IAM"]);
        expect(preflightOf(g, "/orders").responseParameters).toEqual({
            "method.response.header.Access-Control-Allow-Origin": "'*'",
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,PUT'",
            "method.response.header.Access-Control-Allow-Headers": "'authorization,content-type,x-amz-content-sha256,x-amz-date,x-amz-security-token'",
            "method.response.header.Access-Control-Max-Age": "'600'",
        });
        expect(gatewayResponsesOf(g).DEFAULT_4XX.responseParameters).toEqual({ "gatewayresponse.header.Access-Control-Allow-Origin": "'*'" });
    });

    test("several origins: the preflight echoes the request's Origin when listed; given methods, headers, max age and credentials are used as given", async () => {
        const origins = [ORIGIN, "http://localhost:3000"];
        const g = await build("iam", "multi", {
            routes: [lambdaRoute(fn, "/a", Http.GET)],
            cors: { allowOrigins: origins, allowMethods: [Http.GET, Http.POST], allowHeaders: ["authorization", "x-trace"], maxAge: 0, allowCredentials: true },
        });
        const ir = preflightOf(g, "/a");
        expect(ir.responseParameters).toEqual({
            "method.response.header.Access-Control-Allow-Origin": `'${ORIGIN}'`,
            "method.response.header.Access-Control-Allow-Methods": "'OPTIONS,GET,POST'",
            "method.response.header.Access-Control-Allow-Headers": "'authorization,x-trace'",
            "method.response.header.Access-Control-Max-Age": "'0'",
            "method.response.header.Access-Control-Allow-Credentials": "'true'",
            "method.response.header.Vary": "'Origin'",
        });
        expect(ir.responseTemplates["application/json"]).toContain(`#if($origin == "${ORIGIN}" || $origin == "http://localhost:3000")`);
        expect(ir.responseTemplates["application/json"]).toContain("#set($context.responseOverride.header.Access-Control-Allow-Origin = $origin)");
        expect(gatewayResponsesOf(g).DEFAULT_5XX.responseParameters).toEqual({
            "gatewayresponse.header.Access-Control-Allow-Origin": "method.request.header.origin",
            "gatewayresponse.header.Access-Control-Allow-Credentials": "'true'",
            "gatewayresponse.header.Vary": "'Origin'",
        });
    });
});

describe("resource policy from source IPs", () => {
    const policyOf = (g: Built, n: string) => JSON.parse(g.named(T.restApi, n).inputs.policy);

    test("SecureRestApi: its API-key methods need the explicit Allow, then the Deny rules", async () => {
        const g = await build("key", "ipkey", { routes: routes(), allowedSourceIps: ["203.0.113.0/24"], deniedSourceIps: ["203.0.113.66"] });
        expect(policyOf(g, "ipkey").Statement.map((s: any) => [s.Effect, s.Resource, s.Condition ?? null])).toEqual([
            ["Allow", "execute-api:/*", null],
            ["Deny", "execute-api:/*", { NotIpAddress: { "aws:SourceIp": ["203.0.113.0/24"] } }],
            ["Deny", "execute-api:/*", { IpAddress: { "aws:SourceIp": ["203.0.113.66"] } }],
        ]);
    });

    test("IAMSecureRestApi: no blanket Allow (its callers' IAM policies allow them); only the preflights, with cors", async () => {
        const g = await build("iam", "ipiam", { routes: routes(), deniedSourceIps: ["198.51.100.0/24"] });
        expect(policyOf(g, "ipiam").Statement.map((s: any) => s.Effect)).toEqual(["Deny"]);
        const c = await build("iam", "ipiamcors", { routes: routes(), deniedSourceIps: ["198.51.100.0/24"], cors: { allowOrigins: [ORIGIN] } });
        expect(policyOf(c, "ipiamcors").Statement[0]).toEqual({ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*/OPTIONS/*" });
    });

    test("a PRIVATE API combines its VPC endpoint Allow with the IP rules on aws:VpcSourceIp", async () => {
        const g = await build("key", "ippriv", { routes: routes(), endpointType: "PRIVATE", vpcEndpointIds: ["vpce-1"], allowedSourceIps: ["10.1.0.0/16"] });
        expect(policyOf(g, "ippriv").Statement).toEqual([
            { Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1"] } } },
            { Effect: "Deny", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*", Condition: { NotIpAddress: { "aws:VpcSourceIp": ["10.1.0.0/16"] } } },
        ]);
    });
});

describe("the deployment trigger", () => {
    // One restApiName for all: the document's title is the API's name.
    const hashOf = async (n: string, args: SecureRestApiArgs) => trigger(await build("key", n, { routes: routes(), restApiName: "trigger-api", ...args }), n);

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

describe("custom domain", () => {
    test("REGIONAL: the domain with its regional certificate, the base path mapping to the stage, the Route 53 alias, and the URLs under it", async () => {
        const g = await build("key", "dom", {
            routes: routes(), endpointType: "REGIONAL", region: "eu-west-1", tags: { team: "edge" },
            domain: { domainName: "api.example.com", certificateArn: CERT_EU_WEST_1, basePath: "v1", hostedZoneId: "Z1D633PJN98FT9" },
        });
        expect(g.named(T.domainName, "dom").inputs).toEqual({
            domainName: "api.example.com", regionalCertificateArn: CERT_EU_WEST_1, endpointConfiguration: { types: "REGIONAL" },
            securityPolicy: "TLS_1_2", region: "eu-west-1", tags: { team: "edge" },
        });
        expect(g.named(T.basePathMapping, "dom").inputs).toEqual({
            restApi: "dom-id", stageName: "prod", domainName: "api.example.com", basePath: "v1", region: "eu-west-1",
        });
        expect(g.named(T.record, "dom").inputs).toEqual({
            zoneId: "Z1D633PJN98FT9", name: "api.example.com", type: "A",
            aliases: [{ name: "d-dom-id.execute-api.eu-west-1.amazonaws.com", zoneId: "ZREGIONALEUWEST1", evaluateTargetHealth: false }],
        });
        const api = g.api;
        expect(await valueOf(api.domainUrl)).toBe("https://api.example.com/v1/");
        expect(await valueOf(api.domainRouteUrls)).toEqual({
            "/": "https://api.example.com/v1/", "/users": "https://api.example.com/v1/users", "/users/{id}": "https://api.example.com/v1/users/{id}",
            "/files/{proxy+}": "https://api.example.com/v1/files/{proxy+}", "/health": "https://api.example.com/v1/health",
        });
        expect(await valueOf(api.domainDnsTarget)).toBe("d-dom-id.execute-api.eu-west-1.amazonaws.com");
        // The execute-api URLs stay as they were.
        expect(await valueOf(api.apiEndpoint)).toBe("https://dom-id.execute-api.eu-west-1.amazonaws.com/prod/");
    });

    test("EDGE (the default for an EDGE API): the us-east-1 certificate as certificateArn, the CloudFront alias, the domain's root", async () => {
        const g = await build("iam", "edgedom", {
            routes: [lambdaRoute(fn, "/a", Http.GET)], region: "eu-west-1",
            domain: { domainName: "iam.example.com", certificateArn: CERT_US_EAST_1, hostedZoneId: "Z1D633PJN98FT9", securityPolicy: "TLS_1_0" },
        });
        expect(g.named(T.domainName, "edgedom").inputs).toEqual(expect.objectContaining({
            certificateArn: CERT_US_EAST_1, endpointConfiguration: { types: "EDGE" }, securityPolicy: "TLS_1_0",
        }));
        expect(g.named(T.domainName, "edgedom").inputs.regionalCertificateArn).toBeUndefined();
        expect(g.named(T.basePathMapping, "edgedom").inputs.basePath).toBeUndefined();
        expect(g.named(T.record, "edgedom").inputs.aliases).toEqual([{ name: "d111111abcdef8.cloudfront.net", zoneId: "Z2FDTNDATAQYW2", evaluateTargetHealth: false }]);
        expect(await valueOf(g.api.domainRouteUrls)).toEqual({ "/a": "https://iam.example.com/a" });
    });

    test("without hostedZoneId no DNS record; without region input the certificate is checked against the provider's region", async () => {
        const eu = new aws.Provider("eu", { region: "eu-west-1" });
        const g = await build("key", "nozone", {
            routes: routes(), endpointType: "REGIONAL", domain: { domainName: "api.example.org", certificateArn: pulumi.output(CERT_EU_WEST_1) },
        }, { provider: eu });
        expect(g.of(T.record)).toEqual([]);
        expect(g.named(T.domainName, "nozone").inputs.regionalCertificateArn).toBe(CERT_EU_WEST_1);
        expect(world.invokes.some(i => i.token === "aws:index/getRegion:getRegion")).toBe(true);
    });

    test("no domain: no domain resources and no domain outputs", async () => {
        const g = await build("key", "plain", { routes: routes() });
        for (const t of [T.domainName, T.basePathMapping, T.record, T.webAcl, T.webAclAssociation]) expect(g.of(t)).toEqual([]);
        expect(g.api.domainUrl).toBeUndefined();
        expect(g.api.webAclArn).toBeUndefined();
    });
});

test("a value only known later fails naming the field, so the resource taking it is never created", async () => {
    const o = failWhenResolved("SecureRestApi \"x\"", "domain.certificateArn", pulumi.output(CERT_US_EAST_1), pulumi.output("eu-west-1"),
        (arn, region) => (arn.includes(region) ? undefined : `is not in ${region}`));
    const error = await failureOf(o);
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toBe(`SecureRestApi "x": domain.certificateArn "${CERT_US_EAST_1}" is invalid: is not in eu-west-1`);
});

describe("WAF", () => {
    test("webAclArn: the stage is associated with that regional web ACL", async () => {
        const g = await build("key", "acl", { routes: routes(), webAclArn: WEB_ACL, region: "us-east-1" });
        expect(g.named(T.webAclAssociation, "acl").inputs).toEqual({
            resourceArn: "arn:aws:apigateway:us-east-1::/restapis/acl-id/stages/prod", webAclArn: WEB_ACL, region: "us-east-1",
        });
        expect(g.of(T.webAcl)).toEqual([]);
        expect(await valueOf(g.api.webAclArn)).toBe(WEB_ACL);
    });

    test("waf: a REGIONAL web ACL with a per-IP rate limit first, then the managed rule groups, associated with the stage", async () => {
        const g = await build("iam", "mwaf", { routes: routes(), waf: { rateLimit: 500, managedRules: ["AWSManagedRulesCommonRuleSet", "AWSManagedRulesAmazonIpReputationList"] } });
        const acl = g.named(T.webAcl, "mwaf").inputs;
        expect(acl).toEqual(expect.objectContaining({ name: "mwaf-waf", scope: "REGIONAL", defaultAction: { allow: {} } }));
        expect(acl.rules.map((r: any) => [r.priority, r.name, r.action ?? r.overrideAction, r.statement])).toEqual([
            [0, "rate-limit-per-ip", { block: {} }, { rateBasedStatement: { limit: 500, aggregateKeyType: "IP" } }],
            [1, "AWSManagedRulesCommonRuleSet", { none: {} }, { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } }],
            [2, "AWSManagedRulesAmazonIpReputationList", { none: {} }, { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesAmazonIpReputationList" } }],
        ]);
        const arn = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/mwaf-waf/mwaf-id";
        expect(g.named(T.webAclAssociation, "mwaf").inputs).toEqual(expect.objectContaining({ resourceArn: "arn:aws:apigateway:us-east-1::/restapis/mwaf-id/stages/prod", webAclArn: arn }));
        expect(await valueOf(g.api.webAclArn)).toBe(arn);
    });

    test("waf defaults: 2000 requests per 5 minutes per IP and AWS's common rule set", async () => {
        const g = await build("key", "dwaf", { routes: routes(), waf: {} });
        expect(g.named(T.webAcl, "dwaf").inputs.rules.map((r: any) => r.statement.rateBasedStatement?.limit ?? r.name)).toEqual([2000, "AWSManagedRulesCommonRuleSet"]);
    });
});
