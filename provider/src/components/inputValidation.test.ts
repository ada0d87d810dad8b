// Bad input fails at construction (so at `pulumi preview`) with a message that
// names the field and the value, and registers nothing.
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../../test-support/pulumiMocks";

const world = installMocks();
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { InputError, showValue } from "../shared/inputErrors";
import { SecureRestApi } from "./secureRestApi";
import { IAMSecureRestApi } from "./iamSecureRestApi";
import { forgetClaimedStackNames } from "./sharedInputs";
import type { SecureRestApiArgs } from "../shared/schema-types";

let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => forgetClaimedStackNames());

const KEY = "0123456789abcdefghijKLMNOP";
const ok = () => ({ path: "/a", methods: ["GET"], handler: fn });
/** `n` routes on paths of their own, all served by `fn`. */
const paths = (n: number, methods = ["GET"]) => Array.from({ length: n }, (_, i) => ({ path: `/p${i}`, methods, handler: fn }));
const vpceIds = Array.from({ length: 400 }, (_, i) => `vpce-${String(i).padStart(17, "0")}`);
const longKey = "k".repeat(129);
const longValue = "v".repeat(257);
const manyTags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`t${i}`, "x"]));
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const CERT_EU = CERT.replace("us-east-1", "eu-west-1");
const ACL_US = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const ACL_GLOBAL = "arn:aws:wafv2:us-east-1:123456789012:global/webacl/acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";
const fh = (stream: string) => `arn:aws:firehose:us-east-1:123456789012:deliverystream/${stream}`;

// [case, args, field named in the message, value shown in the message]
const cases: [string, () => Record<string, unknown>, string, string][] = [
    ["no routes", () => ({ routes: [] }), "routes", "[]"],
    ["empty path", () => ({ routes: [{ ...ok(), path: "" }] }), "routes[0].path", '""'],
    ["path of spaces", () => ({ routes: [{ ...ok(), path: "/ a" }] }), "routes[0].path", '"/ a"'],
    ["double slash", () => ({ routes: [{ ...ok(), path: "/a//b" }] }), "routes[0].path", '"/a//b"'],
    ["\".\" segment", () => ({ routes: [{ ...ok(), path: "/a/./b" }] }), "routes[0].path", '"/a/./b"'],
    ["\"..\" segment", () => ({ routes: [{ ...ok(), path: "/a/.." }] }), "routes[0].path", '"/a/.."'],
    ["no leading slash", () => ({ routes: [{ ...ok(), path: "a" }] }), "routes[0].path", '"a"'],
    ["unbalanced braces", () => ({ routes: [{ ...ok(), path: "/users/{id" }] }), "routes[0].path", '"/users/{id"'],
    ["{proxy+} not last", () => ({ routes: [{ ...ok(), path: "/{proxy+}/x" }] }), "routes[0].path", '"/{proxy+}/x"'],
    ["two parameter names at one level", () => ({ routes: [ok(), { ...ok(), path: "/a/{id}" }, { ...ok(), path: "/a/{key}" }] }), "routes[2].path", '"/a/{key}"'],
    ["duplicate path+method", () => ({ routes: [ok(), { ...ok(), methods: ["POST", "GET"] }] }), "routes[1].methods[1]", '"GET"'],
    ["duplicate through a trailing slash", () => ({ routes: [ok(), { ...ok(), path: "/a/" }] }), "routes[1].methods[0]", '"GET"'],
    ["ANY twice on one path", () => ({ routes: [{ ...ok(), methods: ["ANY"] }, { ...ok(), methods: ["ANY", "GET"] }] }), "routes[1].methods[0]", '"ANY"'],
    ["same method twice in a route", () => ({ routes: [{ ...ok(), methods: ["GET", "GET"] }] }), "routes[0].methods[1]", '"GET"'],
    ["unknown method", () => ({ routes: [{ ...ok(), methods: ["FETCH"] }] }), "routes[0].methods[0]", '"FETCH"'],
    ["lower-case method", () => ({ routes: [{ ...ok(), methods: ["get"] }] }), "routes[0].methods[0]", '"get"'],
    ["empty methods", () => ({ routes: [{ ...ok(), methods: [] }] }), "routes[0].methods", "[]"],
    ["both handler and integration", () => ({ routes: [{ ...ok(), integration: { type: "MOCK" } }] }), "routes[0]", '{"path":"/a","methods":["GET"]}'],
    ["handler that is not a resource", () => ({ routes: [{ ...ok(), handler: "my-function" }] }), "routes[0].handler", '"my-function"'],
    ["neither handler nor integration", () => ({ routes: [{ path: "/a", methods: ["GET"] }] }), "routes[0]", '{"path":"/a","methods":["GET"]}'],
    ["unknown integration type", () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "LAMBDA" } }] }), "routes[0].integration.type", '"LAMBDA"'],
    ["HTTP integration without uri", () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "HTTP", httpMethod: "GET" } }] }), "routes[0].integration.uri", "undefined"],
    ["integration timeout out of range", () => ({ routes: [{ path: "/a", methods: ["GET"], integration: { type: "MOCK", timeoutMilliseconds: 30000 } }] }), "routes[0].integration.timeoutMilliseconds", "30000"],
    ["negative burst limit", () => ({ throttle: { burstLimit: -1 } }), "throttle.burstLimit", "-1"],
    ["NaN rate limit", () => ({ throttle: { rateLimit: NaN } }), "throttle.rateLimit", "NaN"],
    ["fractional burst limit", () => ({ throttle: { burstLimit: 1.5 } }), "throttle.burstLimit", "1.5"],
    ["unknown quota period", () => ({ quota: { period: "YEAR" } }), "quota.period", '"YEAR"'],
    ["zero quota limit", () => ({ quota: { limit: 0 } }), "quota.limit", "0"],
    ["quota offset not below limit", () => ({ quota: { limit: 10, offset: 10 } }), "quota.offset", "10"],
    ["bad stage name", () => ({ stageName: "prod-1" }), "stageName", '"prod-1"'],
    ["bad stackName", () => ({ stackName: "my stack" }), "stackName", '"my stack"'],
    ["unknown endpoint type", () => ({ endpointType: "GLOBAL" }), "endpointType", '"GLOBAL"'],
    ["PRIVATE without VPC endpoints", () => ({ endpointType: "PRIVATE" }), "vpcEndpointIds", "undefined"],
    ["PRIVATE resource policy over 8,192 characters", () => ({ endpointType: "PRIVATE", vpcEndpointIds: vpceIds }), "vpcEndpointIds", showValue(vpceIds)],
    // Edge security (cors.ts, domain.ts, waf.ts, resourcePolicy.ts).
    ["cors without allowOrigins", () => ({ cors: {} }), "cors.allowOrigins", "undefined"],
    ["cors origin with a trailing slash", () => ({ cors: { allowOrigins: ["https://app.example.com/"] } }), "cors.allowOrigins[0]", '"https://app.example.com/"'],
    ["cors origin with a path", () => ({ cors: { allowOrigins: ["https://app.example.com/app"] } }), "cors.allowOrigins[0]", '"https://app.example.com/app"'],
    ["cors origin \"*\" with allowCredentials", () => ({ cors: { allowOrigins: ["*"], allowCredentials: true } }), "cors.allowOrigins[0]", '"*"'],
    ["cors \"*\" beside other origins", () => ({ cors: { allowOrigins: ["https://a.example.com", "*"] } }), "cors.allowOrigins[1]", '"*"'],
    ["cors maxAge over a day", () => ({ cors: { allowOrigins: ["*"], maxAge: 86401 } }), "cors.maxAge", "86401"],
    ["cors header name with a quote", () => ({ cors: { allowOrigins: ["*"], allowHeaders: ["x-'key"] } }), "cors.allowHeaders[0]", '"x-\'key"'],
    ["cors unknown method", () => ({ cors: { allowOrigins: ["*"], allowMethods: ["FETCH"] } }), "cors.allowMethods[0]", '"FETCH"'],
    ["a route defining OPTIONS while cors is set", () => ({ cors: { allowOrigins: ["*"] }, routes: [{ ...ok(), methods: ["GET", "OPTIONS"] }] }), "routes[0].methods[1]", '"OPTIONS"'],
    ["allowedSourceIps not a CIDR", () => ({ allowedSourceIps: ["10.0.0.0/33"] }), "allowedSourceIps[0]", '"10.0.0.0/33"'],
    ["allowedSourceIps with host bits", () => ({ allowedSourceIps: ["203.0.113.9/24"] }), "allowedSourceIps[0]", '"203.0.113.9/24"'],
    ["allowedSourceIps empty (denies everyone)", () => ({ allowedSourceIps: [] }), "allowedSourceIps", "[]"],
    ["deniedSourceIps a host name", () => ({ deniedSourceIps: ["example.com"] }), "deniedSourceIps[0]", '"example.com"'],
    ["domain name with an underscore", () => ({ domain: { domainName: "api_v1.example.com", certificateArn: CERT } }), "domain.domainName", '"api_v1.example.com"'],
    ["domain name without a dot", () => ({ domain: { domainName: "localhost", certificateArn: CERT } }), "domain.domainName", '"localhost"'],
    ["certificate ARN that is not ACM", () => ({ domain: { domainName: "api.example.com", certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } }), "domain.certificateArn", '"arn:aws:iam::123456789012:server-certificate/x"'],
    ["EDGE domain with a certificate outside us-east-1", () => ({ domain: { domainName: "api.example.com", certificateArn: CERT_EU } }), "domain.certificateArn", JSON.stringify(CERT_EU)],
    ["REGIONAL domain with a certificate outside the API's region", () => ({ region: "eu-west-1", domain: { domainName: "api.example.com", certificateArn: CERT, endpointType: "REGIONAL" } }), "domain.certificateArn", JSON.stringify(CERT)],
    ["base path with a leading slash", () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, basePath: "/v1" } }), "domain.basePath", '"/v1"'],
    ["multi-level base path on an EDGE domain", () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, basePath: "orders/v1" } }), "domain.basePath", '"orders/v1"'],
    ["custom domain on a PRIVATE API", () => ({ endpointType: "PRIVATE", vpcEndpointIds: ["vpce-1"], domain: { domainName: "api.example.com", certificateArn: CERT } }), "domain", '{"domainName":"api.example.com"}'],
    ["hosted zone id with its /hostedzone/ prefix", () => ({ domain: { domainName: "api.example.com", certificateArn: CERT, hostedZoneId: "/hostedzone/Z1D633PJN98FT9" } }), "domain.hostedZoneId", '"/hostedzone/Z1D633PJN98FT9"'],
    ["CLOUDFRONT-scope (global) web ACL", () => ({ webAclArn: ACL_GLOBAL }), "webAclArn", JSON.stringify(ACL_GLOBAL)],
    ["web ACL in another region than the API", () => ({ region: "eu-west-1", webAclArn: ACL_US }), "webAclArn", JSON.stringify(ACL_US)],
    ["WAF Classic web ACL", () => ({ webAclArn: "arn:aws:waf-regional:us-east-1:123456789012:webacl/abc" }), "webAclArn", '"arn:aws:waf-regional:us-east-1:123456789012:webacl/abc"'],
    ["webAclArn and waf together", () => ({ webAclArn: ACL_US, waf: {} }), "waf", "{}"],
    ["waf rate limit below 10", () => ({ waf: { rateLimit: 5 } }), "waf.rateLimit", "5"],
    ["waf unknown managed rule group", () => ({ waf: { managedRules: ["AWSManagedRulesEverything"] } }), "waf.managedRules[0]", '"AWSManagedRulesEverything"'],
    ["waf paid managed rule group", () => ({ waf: { managedRules: ["AWSManagedRulesBotControlRuleSet"] } }), "waf.managedRules[0]", '"AWSManagedRulesBotControlRuleSet"'],
    ["disableExecuteApiEndpoint not a boolean", () => ({ disableExecuteApiEndpoint: "yes" }), "disableExecuteApiEndpoint", '"yes"'],
    ["300 paths: 301 resources with the root, over the default quota", () => ({ routes: paths(300) }), "apiResourceQuota", "300"],
    ["more paths than a declared quota", () => ({ routes: paths(5), apiResourceQuota: 5 }), "apiResourceQuota", "5"],
    ["zero apiResourceQuota", () => ({ apiResourceQuota: 0 }), "apiResourceQuota", "0"],
    ["unknown lambdaPermissionScope", () => ({ lambdaPermissionScope: "ROUTE" }), "lambdaPermissionScope", '"ROUTE"'],
    ["METHOD scope over the policy budget of one function", () => ({ lambdaPermissionScope: "METHOD", routes: paths(25, ["GET", "POST"]) }), "lambdaPermissionScope", '"METHOD"'],
    ["tag key starting with aws:", () => ({ tags: { "aws:owner": "me" } }), "tags", '"aws:owner"'],
    ["tag key starting with AWS: (any case)", () => ({ tags: { "AWS:Owner": "me" } }), "tags", '"AWS:Owner"'],
    ["tag key over 128 characters", () => ({ tags: { [longKey]: "x" } }), "tags", showValue(longKey)],
    ["tag value over 256 characters", () => ({ tags: { note: longValue } }), "tags.note", showValue(longValue)],
    ["more than 50 tags", () => ({ tags: manyTags }), "tags", showValue(Object.keys(manyTags))],
    ["bad parameter name", () => ({ test: undefined, apiKeyParameterName: "/a b/api-key" }), "apiKeyParameterName", '"/a b/api-key"'],
    ["reserved parameter name", () => ({ test: undefined, apiKeyParameterName: "/aws/api-key" }), "apiKeyParameterName", '"/aws/api-key"'],
    ["unknown apiKeySource", () => ({ test: undefined, apiKeySource: "vault" }), "apiKeySource", '"vault"'],
    ["apiKeyValue with apiKeySource", () => ({ test: undefined, apiKeyValue: KEY, apiKeySource: "random" }), "apiKeySource", '"random"'],
    ["empty cacheFile", () => ({ test: undefined, cacheFile: " " }), "cacheFile", '" "'],
    ["unknown execution log level", () => ({ executionLogs: { level: "DEBUG" } }), "executionLogs.level", '"DEBUG"'],
    ["lower-case execution log level", () => ({ executionLogs: { level: "info" } }), "executionLogs.level", '"info"'],
    ["dataTrace with level OFF", () => ({ executionLogs: { dataTrace: true } }), "executionLogs.dataTrace", "true"],
    ["metrics not a boolean", () => ({ executionLogs: { metrics: "yes" } }), "executionLogs.metrics", '"yes"'],
    ["executionLogs not an object", () => ({ executionLogs: "INFO" }), "executionLogs", '"INFO"'],
    ["negative log retention", () => ({ accessLogs: { retentionInDays: -1 } }), "accessLogs.retentionInDays", "-1"],
    ["log retention CloudWatch does not offer", () => ({ accessLogs: { retentionInDays: 45 } }), "accessLogs.retentionInDays", "45"],
    ["access log destination neither log group nor Firehose", () => ({ accessLogs: { destinationArn: "arn:aws:s3:::audit-bucket" } }), "accessLogs.destinationArn", '"arn:aws:s3:::audit-bucket"'],
    ["Firehose stream not named amazon-apigateway-*", () => ({ accessLogs: { destinationArn: fh("audit") } }), "accessLogs.destinationArn", JSON.stringify(fh("audit"))],
    ["retention with a destination ARN", () => ({ accessLogs: { destinationArn: fh("amazon-apigateway-audit"), retentionInDays: 30 } }), "accessLogs.retentionInDays", "30"],
    ["access log format without $context.requestId", () => ({ accessLogs: { format: "$context.identity.sourceIp" } }), "accessLogs.format", '"$context.identity.sourceIp"'],
    ["access log format over two lines", () => ({ accessLogs: { format: "$context.requestId\n$context.status" } }), "accessLogs.format", '"$context.requestId\\n$context.status"'],
    ["log group KMS key given as an alias", () => ({ accessLogs: { kmsKeyId: "alias/logs" } }), "accessLogs.kmsKeyId", '"alias/logs"'],
    ["cloudWatchRole not a boolean", () => ({ cloudWatchRole: "yes" }), "cloudWatchRole", '"yes"'],
    ["negative route throttle burst", () => ({ routes: [{ ...ok(), throttle: { burstLimit: -5, rateLimit: 1 } }] }), "routes[0].throttle.burstLimit", "-5"],
    ["route throttle rate NaN", () => ({ routes: [{ ...ok(), throttle: { burstLimit: 5, rateLimit: NaN } }] }), "routes[0].throttle.rateLimit", "NaN"],
    ["route throttle without rateLimit", () => ({ routes: [{ ...ok(), throttle: { burstLimit: 5 } }] }), "routes[0].throttle.rateLimit", "undefined"],
    ["binary media type without a subtype", () => ({ binaryMediaTypes: ["png"] }), "binaryMediaTypes[0]", '"png"'],
    ["binary media type listed twice", () => ({ binaryMediaTypes: ["image/png", "IMAGE/PNG"] }), "binaryMediaTypes[1]", '"IMAGE/PNG"'],
    ["compression size over 10 MiB", () => ({ minimumCompressionSize: 10485761 }), "minimumCompressionSize", "10485761"],
    ["compression size below -1", () => ({ minimumCompressionSize: -2 }), "minimumCompressionSize", "-2"],
    // Clients and rotation (apiClients.ts, keyRotation.ts). A generation lowered below one already deployed
    // cannot be seen here (a component does not read its state): the key flow rejects it against SSM (keyRotation.test.ts).
    ["duplicate client names", () => ({ clients: [{ name: "alice" }, { name: "Alice" }] }), "clients[1].name", '"Alice"'],
    ["client named like a reserved word", () => ({ clients: [{ name: "usage-plan" }] }), "clients[0].name", '"usage-plan"'],
    ["client named like a rotation parameter", () => ({ clients: [{ name: "gen-2" }] }), "clients[0].name", '"gen-2"'],
    ["client name with a slash", () => ({ clients: [{ name: "a/b" }] }), "clients[0].name", '"a/b"'],
    ["client throttle out of range", () => ({ clients: [{ name: "a", throttle: { burstLimit: -1 } }] }), "clients[0].throttle.burstLimit", "-1"],
    ["negative rotation generation", () => ({ rotation: { generation: -1 } }), "rotation.generation", "-1"],
    ["fractional rotation generation", () => ({ clients: [{ name: "a", rotation: { generation: 1.5 } }] }), "clients[0].rotation.generation", "1.5"],
    ["retiring before any rotation", () => ({ rotation: { generation: 0, retirePrevious: true } }), "rotation.retirePrevious", "true"],
    ["rotation past SSM's 15 levels", () => ({ test: undefined, apiKeyParameterName: "/a/b/c/d/e/f/g/h/i/j/k/l/m/n/o", rotation: { generation: 1 } }), "rotation", '{"generation":1}'],
    ["rotating a given apiKeyValue", () => ({ test: undefined, apiKeyValue: KEY, rotation: { generation: 1 } }), "rotation", '{"generation":1}'],
];

test.each(cases)("%s", async (_case, bad, field, shown) => {
    const before = world.resources.length;
    const args = { stackName: "v", routes: [ok()], test: true, ...bad() } as SecureRestApiArgs;
    let error: unknown;
    try {
        new SecureRestApi("bad", args);
    } catch (e) {
        error = e;
    }
    expect(error).toBeInstanceOf(InputError);
    expect(error).toBeInstanceOf(pulumi.RunError); // reported by message, without a stack trace
    const message = (error as Error).message;
    expect(message).toContain(`SecureRestApi "bad": ${field} ${shown} is invalid: `);
    await world.settle();
    expect(world.resources.length).toBe(before);
});

test("there are at least 20 malformed-input cases", () => expect(cases.length).toBeGreaterThanOrEqual(20));

test("a too-short apiKeyValue is rejected without showing it", () => {
    const secretish = "short-key-123";
    expect(() => new SecureRestApi("k", { stackName: "k", routes: [ok() as never], apiKeyValue: secretish }))
        .toThrow(/apiKeyValue \[secret\] is invalid: must be 20 to 128 characters \(API Gateway's rule\); it has 13$/);
    try {
        new SecureRestApi("k2", { stackName: "k2", routes: [ok() as never], apiKeyValue: secretish });
    } catch (e) {
        expect((e as Error).message).not.toContain(secretish);
    }
});

test("two components with one stackName in a stack are rejected, naming the stackName", () => {
    new SecureRestApi("first", { stackName: "shared", routes: [ok() as never], test: true });
    expect(() => new IAMSecureRestApi("second", { stackName: "shared", routes: [ok() as never] }))
        .toThrow('IAMSecureRestApi "second": stackName "shared" is invalid: is already used by SecureRestApi "first" in this stack');
});

test("several problems are reported together", () => {
    expect(() => new SecureRestApi("many", { stackName: "m", test: true, routes: [{ path: "//", methods: [] as never[] }], quota: { period: "YEAR" as never } }))
        .toThrow(/SecureRestApi "many": 2 invalid inputs:\n {2}- routes\[0\]\.path "\/\/" is invalid: .*\n {2}- quota\.period "YEAR" is invalid/);
});
