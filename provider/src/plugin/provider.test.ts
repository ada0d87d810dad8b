import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { parse as parseYaml } from "yaml";
import { installMocks, isKnown, isSecret, valueOf } from "../../../test-support/pulumiMocks";
import { asConstructInputs, toWire } from "../../../test-support/wireForm";
import SwaggerParser from "@apidevtools/swagger-parser";

const world = installMocks();
jest.setTimeout(60_000);
import * as aws from "@pulumi/aws";
import { Provider } from "./provider";
import { SecureRestApi } from "../components/secureRestApi";
import { IAMSecureRestApi } from "../components/iamSecureRestApi";
import { SecureHttpApi } from "../components/secureHttpApi";
import { forgetClaimedStackNames } from "../components/sharedInputs";

const provider = new Provider();
let fn: aws.lambda.Function;
beforeAll(async () => {
    fn = await world.lambda("fn");
});
beforeEach(() => forgetClaimedStackNames());

const KEY = "0123456789abcdefghijKLMNOP";
const sdkInputs = () => ({
    stackName: "wire",
    stageName: "v1",
    routes: [
        { path: "/", methods: ["GET"], handler: fn },
        { path: "/items/{id}", methods: ["GET", "PUT"], handler: fn },
        { path: "/ping", methods: ["GET"], integration: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } },
    ],
    throttle: { burstLimit: 10, rateLimit: 5 },
    apiKeyValue: pulumi.secret(KEY),
    tags: { app: "wire" },
});

/** Registers through `register`, returning what it added, names made relative to `name`. */
async function graphOf(name: string, register: () => Promise<unknown> | unknown) {
    await world.settle();
    const before = world.resources.length;
    await register();
    await world.settle();
    return world.resources
        .slice(before)
        .map(r =>
            JSON.stringify([r.type, r.name.split(name).join("N"), r.inputs, r.secretInputs])
                .split(name)
                .join("N"),
        )
        .sort();
}

test("GetSchema serves schema.yaml as JSON", async () => {
    const served = JSON.parse(await provider.getSchema());
    const source = parseYaml(fs.readFileSync(path.join(__dirname, "..", "..", "..", "schema.yaml"), "utf8"));
    expect(served).toEqual(source);
    expect(Object.keys(served.resources).sort()).toEqual([
        "secure-api:index:IAMSecureRestApi",
        "secure-api:index:RestApiAudit",
        "secure-api:index:SecureHttpApi",
        "secure-api:index:SecureRestApi",
    ]);
});

test("the provider version is the package version", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    expect(provider.version).toBe(pkg.version);
});

test("an unknown token is a clear error naming what is served", async () => {
    await expect(provider.construct("x", "secure-api:index:Nope", {}, {})).rejects.toThrow(
        "unknown resource type secure-api:index:Nope: the secure-api provider serves secure-api:index:SecureRestApi, secure-api:index:IAMSecureRestApi, secure-api:index:SecureHttpApi",
    );
});

test("the wire form really wraps routes in an Output and sends the handler as a resource reference", async () => {
    const wire = await toWire(sdkInputs());
    const fnUrn = await valueOf(fn.urn);
    expect(wire.dependencies.routes).toEqual([fnUrn]);
    const handler = (wire.serialized.routes as any[])[0].handler;
    expect(handler).toMatchObject({ "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: fnUrn });
    const received = await asConstructInputs(sdkInputs());
    expect(pulumi.Output.isInstance(received.routes)).toBe(true);
    expect(pulumi.Output.isInstance(received.apiKeyValue)).toBe(true);
});

/** The inputs of each kind: SecureHttpApi has no API key and no MOCK integration (HTTP APIs have none). */
const inputsOf = (kind: string) => {
    if (kind === "SecureRestApi") return sdkInputs();
    if (kind === "IAMSecureRestApi") return { ...sdkInputs(), apiKeyValue: undefined, useRole: true };
    const { routes, ...rest } = sdkInputs();
    const http = {
        path: "/ping",
        methods: ["GET"],
        integration: { type: "HTTP_PROXY", uri: "https://backend.example.com/ping", httpMethod: "GET" },
    };
    return { ...rest, apiKeyValue: undefined, routes: [routes[0], routes[1], http] };
};

test.each([
    ["SecureRestApi", SecureRestApi],
    ["IAMSecureRestApi", IAMSecureRestApi],
    ["SecureHttpApi", SecureHttpApi],
])("construct of %s with SDK wire inputs yields that component and the same graph as the class", async (kind, Cls) => {
    const inputs = inputsOf(kind);
    const direct = await graphOf(`d${kind}`, () => {
        const c = new (Cls as any)(`d${kind}`, { ...inputs, stackName: `${inputs.stackName}-${kind}` });
        return valueOf(c.apiEndpoint);
    });
    forgetClaimedStackNames();
    let result: Awaited<ReturnType<Provider["construct"]>> | undefined;
    const viaProvider = await graphOf(`p${kind}`, async () => {
        const wire = await asConstructInputs({ ...inputs, stackName: `${inputs.stackName}-${kind}` });
        result = await provider.construct(`p${kind}`, `secure-api:index:${kind}`, wire, {});
        return valueOf(result.state.apiEndpoint);
    });
    expect(viaProvider).toEqual(direct.map(s => s.split(`d${kind}`).join(`p${kind}`)));
    // The graph is not empty: a RestApi with its OpenAPI body, the deployment, stage, plan and their children.
    expect(viaProvider.length).toBeGreaterThanOrEqual(9);

    const urn = await valueOf(result!.urn);
    expect(urn).toMatch(new RegExp(`::secure-api:index:${kind}::p${kind}$`));
    const outputs = Object.keys(JSON.parse(await provider.getSchema()).resources[`secure-api:index:${kind}`].properties);
    expect(Object.keys(result!.state).sort()).toEqual(outputs.sort());
    expect(await valueOf(result!.state.apiEndpoint as pulumi.Output<string>)).toBe(
        `https://p${kind}-id.execute-api.us-east-1.amazonaws.com/v1/`,
    );
    if (kind === "SecureRestApi") {
        expect(await isSecret(result!.state.apiKey as pulumi.Output<string>)).toBe(true);
        expect(await valueOf(result!.state.apiKey as pulumi.Output<string>)).toBe(KEY);
    }
});

test("bad input through construct becomes a property error naming each field", async () => {
    const wire = await asConstructInputs({
        ...sdkInputs(),
        stackName: "bad",
        routes: [{ path: "/a//b", methods: ["FETCH"], handler: fn }],
    });
    const error = await provider.construct("bad", "secure-api:index:SecureRestApi", wire, {}).then(
        () => undefined,
        e => e,
    );
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect(error.errors).toEqual([
        { propertyPath: "routes[0].path", reason: 'routes[0].path "/a//b" is invalid: empty path segment ("//")' },
    ]);
});

test("a bad apiKeyValue sent as a secret, as every SDK sends it, is a property error naming apiKeyValue, never the value; nothing is registered", async () => {
    const bad = "short-key-123";
    const wire = await asConstructInputs({ ...sdkInputs(), stackName: "badkey", apiKeyValue: pulumi.secret(bad) });
    expect(pulumi.Output.isInstance(wire.apiKeyValue)).toBe(true);
    await world.settle();
    const before = world.resources.length;
    const error = await provider.construct("badkey", "secure-api:index:SecureRestApi", wire, {}).then(
        () => undefined,
        e => e,
    );
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect(error.errors).toEqual([
        {
            propertyPath: "apiKeyValue",
            reason: "apiKeyValue [secret] is invalid: must be 20 to 128 characters (API Gateway's rule); it has 13",
        },
    ]);
    expect(JSON.stringify(error.errors) + error.message).not.toContain(bad);
    await world.settle();
    expect(world.resources.length).toBe(before);
});

test("an apiKeyValue not known yet (a preview) still constructs; the key stays unknown and secret", async () => {
    const unknownKey = new (pulumi.Output as unknown as new (...a: unknown[]) => unknown)(
        new Set(),
        Promise.resolve(undefined),
        Promise.resolve(false),
        Promise.resolve(true),
        Promise.resolve([]),
    ) as unknown as string;
    const result = await provider.construct(
        "later",
        "secure-api:index:SecureRestApi",
        { ...(await asConstructInputs({ ...sdkInputs(), stackName: "later" })), apiKeyValue: unknownKey },
        {},
    );
    expect(await isSecret(result.state.apiKey as pulumi.Output<string>)).toBe(true);
    expect(await isKnown(result.state.apiKey as pulumi.Output<string>)).toBe(false);
});

test("a plain input that is unknown at construction is a clear error, not a crash", async () => {
    const unknownStage = new (pulumi.Output as unknown as new (...a: unknown[]) => unknown)(
        new Set(),
        Promise.resolve("x"),
        Promise.resolve(false),
        Promise.resolve(false),
        Promise.resolve([]),
    ) as unknown as string;
    const error = await provider
        .construct("unk", "secure-api:index:SecureRestApi", { ...sdkInputs(), stackName: "unk", stageName: unknownStage }, {})
        .then(
            () => undefined,
            e => e,
        );
    expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
    expect(error.errors[0].propertyPath).toBe("stageName");
    expect(error.message).toMatch(/stageName .* must be known when the component is constructed/);
});

describe("a Swagger 2.0 openApiDefinition, as every SDK sends it (text read from a file)", () => {
    const PETS = fs.readFileSync(path.join(__dirname, "..", "routes", "__fixtures__", "pets-swagger2.yaml"), "utf8");

    test("is converted before construction: every operation secured, the file's extensions kept, a valid OpenAPI 3.0 document", async () => {
        const wire = await asConstructInputs({
            stackName: "pets",
            apiKeyValue: pulumi.secret(KEY),
            openApiDefinition: PETS,
            operations: { getPet: { handler: fn }, createPet: { integration: { type: "MOCK" } } },
            publicOperations: ["GET /health"],
        });
        const result = await provider.construct("pets", "secure-api:index:SecureRestApi", wire, {});
        const doc = JSON.parse(await valueOf(result.state.openApiDocument as pulumi.Output<string>));
        const security = Object.entries<Record<string, { security: unknown }>>(doc.paths).flatMap(([p, ops]) =>
            Object.entries(ops).map(([m, op]) => [`${m} ${p}`, op.security]),
        );
        expect(Object.fromEntries(security)).toEqual({
            "get /pets": [{ api_key: [] }],
            "post /pets": [{ api_key: [] }],
            "get /pets/{petId}": [{ api_key: [] }],
            "get /health": [],
            "x-amazon-apigateway-any-method /{proxy+}": [{ api_key: [] }],
        });
        expect(doc.openapi).toMatch(/^3\.0\./);
        expect(doc.paths["/pets"].get["x-amazon-apigateway-integration"]).toMatchObject({
            type: "http",
            uri: "https://petstore.example.com/pets",
        });
        expect(doc.paths["/pets/{petId}"].get["x-amazon-apigateway-integration"]).toMatchObject({ type: "aws_proxy" });
        expect(doc.paths["/pets"].post["x-amazon-apigateway-request-validator"]).toBe("body");
        expect(doc.paths["/pets"].post.requestBody.content["application/json"].schema).toEqual({ $ref: "#/components/schemas/Pet" });
        expect(doc["x-amazon-apigateway-request-validators"].body).toEqual({ validateRequestBody: true, validateRequestParameters: false });
        expect(doc["x-amazon-apigateway-gateway-responses"].MISSING_AUTHENTICATION_TOKEN.statusCode).toBe(404);
        expect(doc.components.schemas.Pet.required).toEqual(["name"]);
        await expect(SwaggerParser.validate(doc)).resolves.toBeDefined();
    });

    test("its errors name the Swagger file's own fields and each path and method, all at once; nothing is registered", async () => {
        const file = PETS.replace("basePath: /\n", "basePath: /v1\n")
            .replace(
                "    post:\n      operationId: createPet\n      security: [{ api_key: [] }]",
                "    post:\n      operationId: createPet\n      security: []",
            )
            .replace("  Pet:\n", "  Pet_v1: { type: object }\n  Pet:\n");
        const wire = await asConstructInputs({ stackName: "badpets", apiKeyValue: pulumi.secret(KEY), openApiDefinition: file });
        await world.settle();
        const before = world.resources.length;
        const error = await provider.construct("badpets", "secure-api:index:SecureRestApi", wire, {}).then(
            () => undefined,
            e => e,
        );
        expect(pulumi.InputPropertiesError.isInstance(error)).toBe(true);
        expect(error.errors.map((e: { propertyPath: string }) => e.propertyPath).sort()).toEqual(
            [
                "openApiDefinition.basePath",
                "openApiDefinition.definitions.Pet_v1",
                // security: [] without publicOperations, here and in /health.
                'openApiDefinition.paths["/pets"].post.security',
                'openApiDefinition.paths["/health"].get.security',
                // No integration and no binding in operations.
                'openApiDefinition.paths["/pets"].post',
                'openApiDefinition.paths["/pets/{petId}"].get',
            ].sort(),
        );
        expect(error.message).toMatch(/POST \/pets/);
        await world.settle();
        expect(world.resources.length).toBe(before);
    });
});
