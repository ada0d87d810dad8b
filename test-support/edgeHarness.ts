// The edge tests' shared setup (cors, edgeInputs, domain, waf tests): both
// components built under mocks with one set of routes, and readers of what
// they registered. Import it after installMocks(), like the components.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { MockWorld, Recorded } from "./pulumiMocks";
import { valueOf } from "./pulumiMocks";
import { IAMSecureRestApi } from "../provider/src/components/iamSecureRestApi";
import { SecureRestApi } from "../provider/src/components/secureRestApi";
import { forgetClaimedStackNames } from "../provider/src/components/sharedInputs";
import { lambdaMethods, lambdaRoute, Http, integrationRoute } from "../provider/src/routes/routeHelpers";
import type { IAMSecureRestApiArgs, RouteInputs, SecureRestApiArgs } from "../provider/src/shared/schema-types";
import { documentOf, integrationOf, Operation, operationsOf } from "./openApiDoc";

export const T = {
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
export const KEY = "0123456789abcdefghijKLMNOP";
export const ORIGIN = "https://app.example.com";
export const CERT_US_EAST_1 = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
export const CERT_EU_WEST_1 = "arn:aws:acm:eu-west-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
export const WEB_ACL = "arn:aws:wafv2:us-east-1:123456789012:regional/webacl/shared-acl/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111";

export type Built = {
    api: SecureRestApi | IAMSecureRestApi;
    mine: Recorded[];
    of(type: string): Recorded[];
    named(type: string, n: string): Recorded;
};

/** Registers the suite's hooks (a Lambda for the routes, stack names forgotten between tests) and returns the builders. */
export function edgeHarness(world: MockWorld) {
    let fn: aws.lambda.Function;
    beforeAll(async () => {
        fn = await world.lambda("fn");
    });
    beforeEach(() => forgetClaimedStackNames());

    const mockIntegration = { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } };
    const routes = (): RouteInputs[] => [
        lambdaMethods(fn, Http.GET),
        lambdaRoute(fn, "/users", Http.GET, Http.POST),
        lambdaRoute(fn, "/users/{id}", Http.GET, Http.DELETE),
        lambdaRoute(fn, "/files/{proxy+}", Http.ANY),
        integrationRoute(mockIntegration, "/health", Http.GET),
    ];

    async function build(
        kind: "key" | "iam",
        name: string,
        args: SecureRestApiArgs | IAMSecureRestApiArgs,
        opts: pulumi.ComponentResourceOptions = {},
    ): Promise<Built> {
        const before = world.resources.length;
        const o = { ...opts, transformations: [world.recorder] };
        const api =
            kind === "key"
                ? new SecureRestApi(name, { stackName: name, apiKeyValue: KEY, ...args } as SecureRestApiArgs, o)
                : new IAMSecureRestApi(name, { stackName: name, ...args } as IAMSecureRestApiArgs, o);
        await valueOf(api.apiEndpoint);
        await world.settle();
        const mine = world.resources.slice(before);
        const of = (type: string) => mine.filter(r => r.type === type);
        const named = (type: string, n: string) => {
            const r = mine.find(x => x.type === type && x.name === n);
            if (!r)
                throw new Error(
                    `no ${type} named ${n}; have ${of(type)
                        .map(x => x.name)
                        .join(", ")}`,
                );
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

    return { routes, build, opsOf, authorizationOf, authOf, unauthenticated, preflightOf, gatewayResponsesOf, trigger, fn: () => fn };
}
