// The provider side of test-support/sdk-wire-fixture.json: the inputs every
// SDK is tested to send (sdk-tests/{nodejs,python,go}) are fed, in wire form,
// through @pulumi/pulumi's own provider deserialization (test-support/wireForm.ts
// fromWire) into construct. Every name must be one the schema declares and the
// provider reads: each fixture value is checked to reach the resource it shapes.
import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import fixture from "../../../test-support/sdk-wire-fixture.json";
import { installMocks, isSecret, Recorded, valueOf } from "../../../test-support/pulumiMocks";
import { fromWire } from "../../../test-support/wireForm";

const world = installMocks({ project: fixture.project, stack: fixture.stack });
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { Provider } from "./provider";
import { forgetClaimedStackNames } from "../components/sharedInputs";
import { documentOf, integrationOf, operationsOf } from "../../../test-support/openApiDoc";

const SIG = "4dabf18193072939515e22adb298388d";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const schema = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "schema.json"), "utf8"));
const keyedFixture = fixture.components.find(c => c.type === "secure-api:index:SecureRestApi")!;
const iamFixture = fixture.components.find(c => c.type === "secure-api:index:IAMSecureRestApi")!;
const clientsFixture = fixture.components.find(c => c.name === "clients-api")!;
const httpFixture = fixture.components.find(c => c.type === "secure-api:index:SecureHttpApi")!;
const definitionFixture = fixture.components.find(c => c.name === "definition-api")!;

const provider = new Provider();
let handler: aws.lambda.Function;
let machine: aws.sfn.StateMachine;
const built = new Map<string, { result: Awaited<ReturnType<Provider["construct"]>>; inputs: pulumi.Inputs; resources: Recorded[] }>();

beforeAll(async () => {
    handler = new aws.lambda.Function(fixture.handler.name, fixture.handler.inputs);
    machine = new aws.sfn.StateMachine(fixture.stateMachine.name, fixture.stateMachine.inputs);
    await world.settle();
    forgetClaimedStackNames();
    for (const c of fixture.components) {
        const inputs = await fromWire({ serialized: c.inputs, dependencies: c.dependencies as Record<string, string[]> });
        const before = world.resources.length;
        const result = await provider.construct(c.name, c.type, inputs, {});
        await valueOf(result.state.apiEndpoint as pulumi.Output<string>);
        await world.settle();
        built.set(c.name, { result, inputs, resources: world.resources.slice(before) });
    }
});

function one(type: string, resources: Recorded[], name?: string): Recorded {
    const found = resources.filter(r => r.type === type && (name === undefined || r.name === name));
    expect(found.map(r => r.name)).toHaveLength(1);
    return found[0];
}

test("the fixture's handler is the mock world's aws.lambda.Function (same URN, same id)", async () => {
    expect(await valueOf(handler.urn)).toBe(fixture.handler.urn);
    expect(await valueOf(handler.id)).toBe(fixture.handler.id);
});

/** Every property name in a wire value, checked against the schema type it should be. */
function unknownNames(value: unknown, props: Record<string, any>, at: string): string[] {
    const bad: string[] = [];
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        const prop = props[k];
        if (!prop) {
            bad.push(`${at}${k}`);
            continue;
        }
        const ref: string | undefined = prop.$ref ?? prop.items?.$ref;
        const local = ref?.startsWith("#/types/") ? schema.types[ref.slice("#/types/".length)] : undefined;
        if (local?.properties) {
            for (const [i, item] of (Array.isArray(v) ? v : [v]).entries()) {
                bad.push(...unknownNames(item, local.properties, `${at}${k}${Array.isArray(v) ? `[${i}]` : ""}.`));
            }
        }
    }
    return bad;
}

test.each(fixture.components.map(c => [c.type, c] as const))("every input name of the %s fixture is declared by schema.yaml", (type, c) => {
    expect(unknownNames(c.inputs, schema.resources[type].inputProperties, "")).toEqual([]);
});

test.each(fixture.components.map(c => [c.type, c] as const))(
    "construct receives %s's routes with the handler as the live Lambda resource",
    async (type, c) => {
        const { inputs, result } = built.get(c.name)!;
        const routes = await valueOf(inputs.routes as pulumi.Output<{ handler?: unknown; path: string }[]>);
        expect(routes).toHaveLength(c.inputs.routes.length);
        for (const [i, route] of routes.entries()) {
            const wired = (c.inputs.routes[i] as { handler?: Record<string, string> }).handler;
            if (!wired) continue;
            expect(wired[SIG]).toBe(RESOURCE_SIG);
            expect(aws.lambda.Function.isInstance(route.handler)).toBe(true);
            expect(await valueOf((route.handler as aws.lambda.Function).urn)).toBe(wired.urn);
        }
        expect(await valueOf(result.urn)).toBe(`urn:pulumi:${fixture.stack}::${fixture.project}::${type}::${c.name}`);
    },
);

test("SecureRestApi built from the fixture: every input reached its resource", async () => {
    const { result, resources } = built.get(keyedFixture.name)!;
    const i = keyedFixture.inputs as Record<string, any>;
    const api = one("aws:apigateway/restApi:RestApi", resources);
    expect(api.inputs).toMatchObject({
        name: i.stackName,
        description: i.description,
        endpointConfiguration: { types: i.endpointType },
        tags: i.tags,
    });
    const key = one("aws:apigateway/apiKey:ApiKey", resources);
    expect(key.inputs.value).toBe(i.apiKeyValue.value);
    expect(key.secretInputs).toContain("value");
    expect(one("aws:apigateway/stage:Stage", resources).inputs.stageName).toBe(i.stageName);
    const plan = one("aws:apigateway/usagePlan:UsagePlan", resources).inputs;
    expect(plan.throttleSettings).toEqual(i.throttle);
    expect(plan.quotaSettings).toEqual(i.quota);
    // With cors, each path's OPTIONS preflight is the only operation without the key; every other needs the
    // key and a token of the component's Cognito authorizer (with the route's scopes on /items/{id}).
    const ops = operationsOf(api.inputs);
    expect([...ops].map(([k, op]) => `${k} ${JSON.stringify(op.security ?? [])}`).sort()).toEqual([
        'GET / [{"api_key":[],"cognito":[]}]',
        'GET /items/{id} [{"api_key":[],"cognito":["items/write"]}]',
        'GET /ping [{"api_key":[],"cognito":[]}]',
        "OPTIONS / []",
        "OPTIONS /items/{id} []",
        "OPTIONS /ping []",
        'PUT /items/{id} [{"api_key":[],"cognito":["items/write"]}]',
    ]);
    const doc = documentOf(api.inputs);
    expect(doc.components.securitySchemes.cognito["x-amazon-apigateway-authorizer"].providerARNs).toEqual(i.authorizer.userPoolArns);
    // The route's request validation: its body model and required header.
    const put = ops.get("PUT /items/{id}")!;
    expect(put["x-amazon-apigateway-request-validator"]).toBe("all");
    expect(doc.components.schemas[put.requestBody.content["application/json"].schema.$ref.split("/").pop()]).toEqual(
        i.routes[1].requestValidation.bodySchema,
    );
    expect(put.parameters).toContainEqual({ name: "x-request-id", in: "header", required: true, schema: { type: "string" } });
    // Three methods on one function, each route bringing its own reference: still one function, so one stage and one Test-button permission.
    const permissions = resources.filter(r => r.type === "aws:lambda/permission:Permission");
    expect(permissions.map(p => [p.name, p.inputs.function])).toEqual([
        [`${keyedFixture.name}-invoke-${fixture.handler.name}`, fixture.handler.name],
        [`${keyedFixture.name}-test-invoke-${fixture.handler.name}`, fixture.handler.name],
    ]);
    expect(integrationOf(ops.get("GET /ping")!)).toMatchObject({
        type: "mock",
        requestTemplates: i.routes[2].integration.requestTemplates,
    });
    expect(Object.keys(await valueOf(result.state.routeUrls as pulumi.Output<Record<string, string>>)).sort()).toEqual([
        "/",
        "/items/{id}",
        "/ping",
    ]);
    expect(await isSecret(result.state.apiKey as pulumi.Output<string>)).toBe(true);
    expect(await valueOf(result.state.apiKey as pulumi.Output<string>)).toBe(i.apiKeyValue.value);
    // Operating it: access logs to the component's log group, execution logs, tracing, a route's throttle, API options,
    // the backend client certificate, the stage cache (the throttled PUT's own settings never cache).
    expect(one("aws:cloudwatch/logGroup:LogGroup", resources, `${keyedFixture.name}-access-logs`).inputs.retentionInDays).toBe(
        i.accessLogs.retentionInDays,
    );
    const certificate = one("aws:apigateway/clientCertificate:ClientCertificate", resources);
    expect(i.clientCertificate).toBe(true);
    expect(one("aws:apigateway/stage:Stage", resources).inputs).toMatchObject({
        accessLogSettings: { format: i.accessLogs.format },
        xrayTracingEnabled: i.executionLogs.tracing,
        clientCertificateId: certificate.id,
        cacheClusterEnabled: true,
        cacheClusterSize: String(i.stageCache.sizeGb),
    });
    const throttle = { throttlingBurstLimit: i.routes[1].throttle.burstLimit, throttlingRateLimit: i.routes[1].throttle.rateLimit };
    const logs = { loggingLevel: i.executionLogs.level, dataTraceEnabled: false, metricsEnabled: i.executionLogs.metrics };
    const cache = {
        cachingEnabled: true,
        cacheTtlInSeconds: i.stageCache.ttlInSeconds,
        cacheDataEncrypted: true,
        requireAuthorizationForCacheControl: true,
        unauthorizedCacheControlHeaderStrategy: "FAIL_WITH_403",
    };
    expect(
        resources.filter(r => r.type === "aws:apigateway/methodSettings:MethodSettings").map(r => [r.inputs.methodPath, r.inputs.settings]),
    ).toEqual([
        ["*/*", { ...logs, ...cache }],
        ["~1items~1{id}/GET", { ...logs, ...cache, ...throttle }],
        ["~1items~1{id}/PUT", { ...logs, cachingEnabled: false, ...throttle }],
    ]);
    // Each operation keyed on its caller (the key and the Cognito token), its path parameter and the listed query string.
    expect(integrationOf(ops.get("GET /items/{id}")!).cacheKeyParameters).toEqual([
        "method.request.header.x-api-key",
        "method.request.header.Authorization",
        "method.request.path.id",
        ...i.stageCache.keyParameters,
    ]);
    expect(api.inputs).toMatchObject({ binaryMediaTypes: i.binaryMediaTypes, minimumCompressionSize: String(i.minimumCompressionSize) });
    expect(resources.filter(r => r.type === "aws:apigateway/account:Account")).toEqual([]);
    // Edge security: CORS, the source-IP policy, the endpoint switch, the custom domain, the managed WAF.
    expect(integrationOf(ops.get("OPTIONS /ping")!).responses.default.responseParameters).toMatchObject({
        "method.response.header.Access-Control-Allow-Origin": `'${i.cors.allowOrigins[0]}'`,
        "method.response.header.Access-Control-Allow-Credentials": "'true'",
        "method.response.header.Access-Control-Max-Age": `'${i.cors.maxAge}'`,
    });
    expect(
        documentOf(api.inputs)["x-amazon-apigateway-gateway-responses"].DEFAULT_4XX.responseParameters[
            "gatewayresponse.header.Access-Control-Expose-Headers"
        ],
    ).toBe(`'${i.cors.exposeHeaders[0]}'`);
    expect(JSON.parse(api.inputs.policy).Statement[1].Condition).toEqual({ NotIpAddress: { "aws:SourceIp": i.allowedSourceIps } });
    expect(api.inputs.disableExecuteApiEndpoint).toBe(i.disableExecuteApiEndpoint);
    expect(one("aws:apigateway/domainName:DomainName", resources).inputs).toMatchObject({
        domainName: i.domain.domainName,
        regionalCertificateArn: i.domain.certificateArn,
        securityPolicy: i.domain.securityPolicy,
    });
    expect(one("aws:apigateway/domainName:DomainName", resources).inputs.mutualTlsAuthentication).toEqual(i.domain.mutualTls);
    expect(one("aws:apigateway/basePathMapping:BasePathMapping", resources).inputs.basePath).toBe(i.domain.basePath);
    expect(one("aws:route53/record:Record", resources).inputs.zoneId).toBe(i.domain.hostedZoneId);
    expect(await valueOf(result.state.domainUrl as pulumi.Output<string>)).toBe(`https://${i.domain.domainName}/${i.domain.basePath}/`);
    const acl = one("aws:wafv2/webAcl:WebAcl", resources).inputs;
    expect(acl.rules.map((r: any) => r.statement.rateBasedStatement?.limit ?? r.name)).toEqual([i.waf.rateLimit, ...i.waf.managedRules]);
    // The WAF's logging: its own log group, kept and encrypted as asked, the key and signature headers redacted.
    expect(one("aws:cloudwatch/logGroup:LogGroup", resources, `${keyedFixture.name}-waf-logs`).inputs).toMatchObject({
        name: `aws-waf-logs-${i.stackName}`,
        retentionInDays: i.waf.logging.retentionInDays,
        kmsKeyId: i.waf.logging.kmsKeyId,
    });
    expect(one("aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration", resources).inputs.redactedFields).toEqual([
        { singleHeader: { name: "x-api-key" } },
        { singleHeader: { name: "authorization" } },
    ]);
});

test("IAMSecureRestApi built from the fixture: every input reached its resource", async () => {
    const { result, resources } = built.get(iamFixture.name)!;
    const i = iamFixture.inputs as Record<string, any>;
    expect(one("aws:apigateway/restApi:RestApi", resources).inputs.name).toBe(i.stackName);
    expect(one("aws:secretsmanager/secret:Secret", resources).inputs).toMatchObject({
        name: i.secretName,
        recoveryWindowInDays: i.secretRecoveryWindowInDays,
    });
    const role = one("aws:iam/role:Role", resources, iamFixture.name).inputs;
    expect(role.maxSessionDuration).toBe(i.maxSessionDuration);
    // trustAccountRoot false: only the user may assume the role.
    expect(
        JSON.parse(role.assumeRolePolicy)
            .Statement.map((s: any) => s.Principal.AWS)
            .flat(),
    ).toEqual([expect.stringMatching(/:user\//)]);
    const iamOps = operationsOf(one("aws:apigateway/restApi:RestApi", resources).inputs);
    expect(
        [...iamOps].map(([k, op]) => `${k.split(" ")[0]} ${op.security?.length ? Object.keys(op.security[0]).join("+") : "NONE"}`).sort(),
    ).toEqual(["GET sigv4", "OPTIONS NONE", "POST sigv4"]);
    expect(await valueOf(result.state.apiIamRoleArn as pulumi.Output<string>)).toBe(`arn:aws:iam::123456789012:role/${role.name}`);
    expect(Object.keys(await valueOf(result.state.routeUrls as pulumi.Output<Record<string, string>>))).toEqual(["/hello"]);
    // Access logs to the given Firehose stream, execution logs with data trace, and the account's CloudWatch role, as asked;
    // the strict preset fills in what was left out (metrics, tracing, the client certificate) and keeps what was given
    // (the level, the data trace, the user: createUser true; the web ACL given, so no managed one).
    expect(i.hardening).toBe("strict");
    const stage = one("aws:apigateway/stage:Stage", resources).inputs;
    expect(stage.accessLogSettings.destinationArn).toBe(i.accessLogs.destinationArn);
    expect(stage).toMatchObject({
        xrayTracingEnabled: true,
        clientCertificateId: one("aws:apigateway/clientCertificate:ClientCertificate", resources).id,
    });
    expect(resources.filter(r => r.type === "aws:cloudwatch/logGroup:LogGroup")).toEqual([]);
    expect(resources.filter(r => r.type === "aws:wafv2/webAcl:WebAcl")).toEqual([]);
    expect(one("aws:apigateway/methodSettings:MethodSettings", resources).inputs.settings).toEqual({
        loggingLevel: i.executionLogs.level,
        dataTraceEnabled: i.executionLogs.dataTrace,
        metricsEnabled: true,
    });
    expect(i.createUser).toBe(true);
    expect(one("aws:secretsmanager/secret:Secret", resources).inputs.kmsKeyId).toBe(i.secretKmsKeyId);
    expect(i.cloudWatchRole).toBe(true);
    expect(one("aws:apigateway/account:Account", resources).inputs.cloudwatchRoleArn).toMatch(/^arn:aws:iam::123456789012:role\//);
    // Edge security: CORS methods as given, the denied range, the EDGE domain, the given web ACL.
    expect(
        integrationOf(iamOps.get("OPTIONS /hello")!).responses.default.responseParameters[
            "method.response.header.Access-Control-Allow-Methods"
        ],
    ).toBe(`'OPTIONS,${i.cors.allowMethods.join(",")}'`);
    const statements = JSON.parse(one("aws:apigateway/restApi:RestApi", resources).inputs.policy).Statement;
    expect(statements.map((s: any) => s.Condition?.IpAddress?.["aws:SourceIp"])).toEqual([
        undefined,
        undefined,
        undefined,
        i.deniedSourceIps,
    ]);
    // The invokers, allowed on the stage by the resource policy.
    expect(statements[1]).toEqual({
        Effect: "Allow",
        Principal: { AWS: i.invokers },
        Action: "execute-api:Invoke",
        Resource: "execute-api:/prod/*/*",
    });
    // The invoker grant, on its route only; the component's own policy on the listed routes only.
    expect(statements[2]).toEqual({
        Effect: "Allow",
        Principal: { AWS: i.invokerGrants[0].principal },
        Action: "execute-api:Invoke",
        Resource: ["execute-api:/prod/GET/hello"],
    });
    expect(JSON.parse(one("aws:iam/policy:Policy", resources).inputs.policy).Statement[0].Resource).toEqual([
        "arn:aws:execute-api:us-east-1:123456789012:iam-api-id/prod/GET/hello",
        "arn:aws:execute-api:us-east-1:123456789012:iam-api-id/prod/POST/hello",
    ]);
    expect(one("aws:apigateway/domainName:DomainName", resources).inputs).toMatchObject({
        certificateArn: i.domain.certificateArn,
        endpointConfiguration: { types: i.domain.endpointType },
    });
    // accessKeyRotation generation 2, previous retired: only generation 2's access key.
    expect(resources.filter(r => r.type === "aws:iam/accessKey:AccessKey").map(r => r.name)).toEqual([
        `${iamFixture.name}-gen${i.accessKeyRotation.generation}`,
    ]);
    expect(one("aws:wafv2/webAclAssociation:WebAclAssociation", resources).inputs.webAclArn).toBe(i.webAclArn);
    expect(await valueOf(result.state.webAclArn as pulumi.Output<string>)).toBe(i.webAclArn);
});

test("SecureHttpApi built from the fixture: every input reached its resource", async () => {
    const { result, resources } = built.get(httpFixture.name)!;
    const i = httpFixture.inputs as Record<string, any>;
    const api = one("aws:apigatewayv2/api:Api", resources).inputs;
    expect(api).toMatchObject({
        name: i.apiName,
        description: i.description,
        protocolType: "HTTP",
        disableExecuteApiEndpoint: true,
        tags: i.tags,
    });
    const doc = JSON.parse(api.body);
    const op = (method: string, p: string) => doc.paths[p][method];
    // The component's JWT authorizer by default, with the route's scopes; the iam route; the Lambda and Cognito authorizers.
    expect(op("get", "/orders").security).toEqual([{ oidc: i.routes[0].authorizationScopes }]);
    expect([op("get", "/signed").security, op("post", "/signed").security]).toEqual([[{ sigv4: [] }], [{ sigv4: [] }]]);
    expect(op("put", "/partners/{id}").security).toEqual([{ "request-handler": [] }]);
    expect(op("get", "/internal/{proxy+}").security).toEqual([{ cognito: [] }]);
    const schemes = doc.components.securitySchemes;
    expect(schemes.oidc["x-amazon-apigateway-authorizer"].jwtConfiguration).toEqual({
        issuer: i.authorizer.issuer,
        audience: i.authorizer.audiences,
    });
    expect(schemes["request-handler"]["x-amazon-apigateway-authorizer"]).toMatchObject({
        identitySource: i.routes[2].authorizer.identitySources[0],
        authorizerResultTtlInSeconds: 0,
        enableSimpleResponses: false,
        authorizerPayloadFormatVersion: "2.0",
    });
    expect(schemes.cognito["x-amazon-apigateway-authorizer"].jwtConfiguration).toEqual({
        issuer: "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_SdkWire01",
        audience: i.routes[3].authorizer.audiences,
    });
    const internal = i.routes[3].integration;
    expect(op("get", "/internal/{proxy+}")["x-amazon-apigateway-integration"]).toEqual({
        type: "http_proxy",
        httpMethod: internal.httpMethod,
        uri: internal.uri,
        payloadFormatVersion: "1.0",
        connectionType: internal.connectionType,
        connectionId: internal.connectionId,
        timeoutInMillis: internal.timeoutMilliseconds,
        requestParameters: internal.requestParameters,
    });
    expect(doc["x-amazon-apigateway-cors"]).toMatchObject({
        allowOrigins: i.cors.allowOrigins,
        allowHeaders: i.cors.allowHeaders,
        maxAge: i.cors.maxAge,
    });
    expect(api.corsConfiguration).toEqual(doc["x-amazon-apigateway-cors"]);
    // lambdaPermissionScope METHOD: a permission per route key of the function, and the authorizer's (the same function).
    const permissions = resources
        .filter(r => r.type === "aws:lambda/permission:Permission")
        .map(r => r.inputs.sourceArn.split(":").pop())
        .sort();
    expect(permissions).toEqual([
        "http-api-id/authorizers/*",
        "http-api-id/v2/GET/orders",
        "http-api-id/v2/GET/signed",
        "http-api-id/v2/POST/signed",
        "http-api-id/v2/PUT/partners/*",
    ]);
    const stage = one("aws:apigatewayv2/stage:Stage", resources).inputs;
    expect(stage).toMatchObject({
        name: i.stageName,
        defaultRouteSettings: { throttlingBurstLimit: i.throttle.burstLimit, throttlingRateLimit: i.throttle.rateLimit },
        routeSettings: [{ routeKey: "GET /orders", throttlingBurstLimit: 3, throttlingRateLimit: 1 }],
        stageVariables: i.stageVariables,
    });
    expect(one("aws:cloudwatch/logGroup:LogGroup", resources).inputs.retentionInDays).toBe(i.accessLogs.retentionInDays);
    expect(one("aws:apigatewayv2/domainName:DomainName", resources).inputs).toMatchObject({
        domainName: i.domain.domainName,
        domainNameConfiguration: { certificateArn: i.domain.certificateArn, endpointType: "REGIONAL", securityPolicy: "TLS_1_2" },
        mutualTlsAuthentication: i.domain.mutualTls,
    });
    expect(one("aws:apigatewayv2/apiMapping:ApiMapping", resources).inputs.apiMappingKey).toBe(i.domain.basePath);
    expect(one("aws:route53/record:Record", resources).inputs.zoneId).toBe(i.domain.hostedZoneId);
    // The identity: the role trusts the user and the invoker (not the account root), the policy lists the one route.
    const role = one("aws:iam/role:Role", resources).inputs;
    expect(role).toMatchObject({ name: i.roleName, maxSessionDuration: i.maxSessionDuration });
    expect(JSON.parse(role.assumeRolePolicy).Statement[0].Principal.AWS).toEqual([expect.stringMatching(/:user\//), ...i.invokers]);
    expect(JSON.parse(one("aws:iam/policy:Policy", resources).inputs.policy).Statement[0].Resource).toEqual([
        "arn:aws:execute-api:us-east-1:123456789012:http-api-id/v2/GET/signed",
    ]);
    expect(one("aws:secretsmanager/secret:Secret", resources).inputs).toMatchObject({
        name: i.secretName,
        recoveryWindowInDays: i.secretRecoveryWindowInDays,
    });
    expect(resources.filter(r => r.type === "aws:iam/accessKey:AccessKey").map(r => r.name)).toEqual([
        httpFixture.name,
        `${httpFixture.name}-gen1`,
    ]);
    expect(await valueOf(result.state.domainUrl as pulumi.Output<string>)).toBe(`https://${i.domain.domainName}/${i.domain.basePath}/`);
    expect(Object.keys(await valueOf(result.state.routeUrls as pulumi.Output<Record<string, string>>)).sort()).toEqual([
        "/internal/{proxy+}",
        "/orders",
        "/partners/{id}",
        "/signed",
    ]);
});

test("SecureRestApi with clients and rotation built from the fixture: keys, plans and generations as asked", async () => {
    const { result, resources } = built.get(clientsFixture.name)!;
    const keys = Object.fromEntries(resources.filter(r => r.type === "aws:apigateway/apiKey:ApiKey").map(r => [r.name, r.inputs]));
    // rotation generation 2, previous retired: generation 1 disabled, generation 2 live.
    expect(Object.keys(keys).sort()).toEqual([
        "clients-api-client-mobile",
        "clients-api-client-partner",
        "clients-api-client-partner-gen1",
        "clients-api-gen1",
        "clients-api-gen2",
    ]);
    expect(keys["clients-api-gen1"].enabled).toBe(false);
    expect(keys["clients-api-gen2"]).toMatchObject({ name: "sdk-wire-clients-gen-2", enabled: true });
    expect(keys["clients-api-client-mobile"]).toMatchObject({ name: "sdk-wire-clients-mobile", enabled: true });
    // partner: disabled, rotating (generation 0 and 1 both present, the live one disabled as asked), own plan.
    expect(keys["clients-api-client-partner-gen1"]).toMatchObject({ enabled: false });
    const plans = resources
        .filter(r => r.type === "aws:apigateway/usagePlan:UsagePlan")
        .map(r => r.inputs.name)
        .sort();
    expect(plans).toEqual(["sdk-wire-clients-partner-usage-plan", "sdk-wire-clients-usage-plan"]);
    expect(await valueOf(result.state.clientApiKeyIds as pulumi.Output<Record<string, string>>)).toEqual({
        mobile: "clients-api-client-mobile-id",
        partner: "clients-api-client-partner-gen1-id",
    });
    expect(await isSecret(result.state.clientApiKeys as pulumi.Output<unknown>)).toBe(true);
    // audit: a RestApiAudit child expecting every key the component made (the retired generation disabled) and both plans.
    const audit = one("secure-api:index:RestApiAudit", resources);
    expect(audit.inputs.apiKeys).toEqual(
        resources.filter(r => r.type === "aws:apigateway/apiKey:ApiKey").map(r => ({ id: r.id, enabled: r.inputs.enabled !== false })),
    );
    expect(audit.inputs.usagePlanIds).toHaveLength(2);
    expect(audit.inputs.stageName).toBe("prod");
});

test("SecureRestApi with a definition built from the fixture: the file's operations, their bindings, the public one, a state machine route", async () => {
    const { resources } = built.get(definitionFixture.name)!;
    const i = definitionFixture.inputs as Record<string, any>;
    // The text each SDK's openApiDefinitionFromFile read.
    expect(i.openApiDefinition).toBe(
        fs.readFileSync(path.join(__dirname, "..", "..", "..", "test-support", "sdk-wire-openapi.yaml"), "utf8"),
    );
    expect(await valueOf(machine.urn)).toBe(fixture.stateMachine.urn);
    const api = one("aws:apigateway/restApi:RestApi", resources);
    const ops = operationsOf(api.inputs);
    expect(Object.fromEntries([...ops].map(([k, op]) => [k, op.security]))).toEqual({
        "GET /orders/{id}": [{ api_key: [] }],
        "POST /checkout": [{ api_key: [] }],
        "GET /health": [],
        "POST /flow": [{ api_key: [] }],
    });
    expect(integrationOf(ops.get("GET /orders/{id}")!).uri).toContain(":function:handler/invocations");
    // One integration role for the state machine both the operation and the route use.
    const role = one("aws:iam/role:Role", resources);
    expect(role.inputs.name).toBe("sdk-wire-definition-states-checkout");
    expect(JSON.parse(one("aws:iam/rolePolicy:RolePolicy", resources).inputs.policy).Statement).toEqual([
        { Effect: "Allow", Action: "states:StartSyncExecution", Resource: "arn:aws:states:us-east-1:123456789012:stateMachine:checkout" },
    ]);
    for (const key of ["POST /checkout", "POST /flow"])
        expect(integrationOf(ops.get(key)!).credentials).toBe("arn:aws:iam::123456789012:role/sdk-wire-definition-states-checkout");
    // Each stateMachineOptions reached its template: headers and request id/source IP, no path (checkout);
    // no query string, the user agent (the route).
    const template = (key: string) => integrationOf(ops.get(key)!).requestTemplates["application/json"] as string;
    expect([template("POST /checkout").includes("$params.header"), template("POST /checkout").includes("$params.path")]).toEqual([
        true,
        false,
    ]);
    expect(template("POST /checkout")).toMatch(/\$!context\.identity\.sourceIp[\s\S]*\$!context\.requestId/);
    expect([
        template("POST /flow").includes("$params.querystring"),
        template("POST /flow").includes("$!context.identity.userAgent"),
    ]).toEqual([false, true]);
    // The operation's throttle, as a route's: the stage's method settings.
    expect(
        resources.filter(r => r.type === "aws:apigateway/methodSettings:MethodSettings").map(r => [r.inputs.methodPath, r.inputs.settings]),
    ).toEqual([
        // Every method's execution logs: off in test mode (the account is not read).
        ["*/*", { dataTraceEnabled: false, loggingLevel: "OFF", metricsEnabled: false }],
        ["~1orders~1{id}/GET", expect.objectContaining({ throttlingBurstLimit: 3, throttlingRateLimit: 1.5 })],
    ]);
});

test.each(fixture.components.map(c => [c.type, c] as const))(
    "%s builds the same graph without per-property dependencies (the Go SDK sends none for the handler)",
    async (type, c) => {
        forgetClaimedStackNames();
        const name = `${c.name}-nodeps`;
        const inputs = await fromWire({ serialized: c.inputs, dependencies: {} });
        const before = world.resources.length;
        const result = await provider.construct(name, type, inputs, {});
        await valueOf(result.state.apiEndpoint as pulumi.Output<string>);
        await world.settle();
        const shape = (rs: Recorded[]) => rs.map(r => JSON.stringify([r.type, r.name, r.inputs])).sort();
        expect(shape(world.resources.slice(before)).map(s => s.split(name).join(c.name))).toEqual(shape(built.get(c.name)!.resources));
    },
);
