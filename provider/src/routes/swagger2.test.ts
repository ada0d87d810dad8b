// Swagger 2.0 → OpenAPI 3.0 (swagger2openapi) as the component takes it: API
// Gateway's extensions survive as written, Swagger's shapes become OpenAPI
// 3.0's, anything else passes untouched, and errors name the Swagger fields.
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { InputChecker, InputError } from "../shared/inputErrors";
import { readDefinition } from "./openApiDefinition";
import { convertSwagger2, swaggerField, wasSwagger2 } from "./swagger2";

const PETS = fs.readFileSync(path.join(__dirname, "__fixtures__", "pets-swagger2.yaml"), "utf8");

test("API Gateway's extensions survive as written; body parameters, models and security definitions become OpenAPI 3.0's", async () => {
    const source = parseYaml(PETS);
    const doc = (await convertSwagger2(PETS)) as Record<string, any>;
    expect(doc.openapi).toBe("3.0.0");
    expect(doc.swagger).toBeUndefined();
    expect(wasSwagger2(doc)).toBe(true);
    // Every x-amazon-apigateway-* extension, at the top and in each operation, is unchanged.
    expect(doc["x-amazon-apigateway-request-validators"]).toEqual(source["x-amazon-apigateway-request-validators"]);
    expect(doc["x-amazon-apigateway-gateway-responses"]).toEqual(source["x-amazon-apigateway-gateway-responses"]);
    for (const [p, item] of Object.entries<Record<string, any>>(source.paths))
        for (const [method, op] of Object.entries<Record<string, any>>(item))
            for (const key of Object.keys(op).filter(k => k.startsWith("x-amazon-apigateway-")))
                expect([p, method, key, doc.paths[p][method][key]]).toEqual([p, method, key, op[key]]);
    expect(doc.paths["/pets"].get["x-amazon-apigateway-integration"].responses.default.responseTemplates["application/json"]).toContain(
        "#foreach($pet in $input.path('$'))",
    );
    expect(doc.paths["/{proxy+}"]["x-amazon-apigateway-any-method"]["x-amazon-apigateway-integration"].type).toBe("mock");
    // Swagger's shapes in OpenAPI 3.0's.
    expect(doc.components.schemas.Pet.properties.tag).toEqual({ type: "string", nullable: true });
    expect(doc.components.securitySchemes).toEqual(source.securityDefinitions);
    expect(doc.paths["/pets"].post.requestBody).toEqual({
        required: true,
        content: { "application/json": { schema: { $ref: "#/components/schemas/Pet" } } },
    });
    expect(doc.paths["/pets/{petId}"].get.parameters).toEqual([{ name: "petId", in: "path", required: true, schema: { type: "integer" } }]);
    expect(doc.paths["/pets/{petId}"].get.responses["200"].content).toEqual({
        "application/json": { schema: { $ref: "#/components/schemas/Pet" } },
    });
    // host and schemes become a host-only server (the component drops it: its outputs say where the API is served).
    expect(doc.servers).toEqual([{ url: "https://pets.example.com" }]);
    expect(JSON.stringify(doc)).not.toMatch(/x-s2o-/);
});

test("an object converts too, and is not changed; OpenAPI 3.0, text that is not Swagger and unreadable text pass as they came", async () => {
    const source = parseYaml(PETS);
    const before = JSON.stringify(source);
    expect(((await convertSwagger2(source)) as Record<string, unknown>).openapi).toBe("3.0.0");
    expect(JSON.stringify(source)).toBe(before);
    const openapi = { openapi: "3.0.3", info: { title: "t", version: "1" }, paths: {} };
    expect(await convertSwagger2(openapi)).toBe(openapi);
    expect(wasSwagger2(openapi)).toBe(false);
    for (const text of ["openapi: 3.0.3\npaths: {}\n", "{ not: [yaml", ""]) expect(await convertSwagger2(text)).toBe(text);
    expect(await convertSwagger2(42)).toBe(42);
});

test("a Swagger 2.0 document the converter cannot take is an input error naming openApiDefinition", async () => {
    const body = (name: string) => ({ name, in: "body", schema: { type: "object" } });
    const bad = {
        swagger: "2.0",
        info: { title: "t", version: "1" },
        paths: { "/a": { post: { parameters: [body("a"), body("b")], responses: {} } } },
    };
    const error = await convertSwagger2(bad, 'SecureRestApi "api"').then(
        () => undefined,
        e => e,
    );
    expect(error).toBeInstanceOf(InputError);
    expect(error.message).toMatch(
        /^SecureRestApi "api": openApiDefinition\.swagger "2\.0" is invalid: cannot be converted to OpenAPI 3\.0: Operation post:\/a has multiple requestBodies$/,
    );
});

test("errors about a converted file name its Swagger 2.0 fields; unconverted, it is refused with the way out", async () => {
    const doc = await convertSwagger2({
        swagger: "2.0",
        info: { title: "t", version: "1" },
        host: "h.example.com",
        basePath: "/v1",
        paths: {
            "/a": {
                post: {
                    parameters: [{ name: "b", in: "body", schema: { type: "object", discriminator: "kind" } }],
                    responses: { "200": { description: "ok", schema: { $ref: "#/definitions/Bad_Name" } } },
                },
            },
        },
        definitions: { Bad_Name: { type: "object" } },
    });
    const check = new InputChecker('SecureRestApi "api"');
    readDefinition(doc, check);
    const fields = (() => {
        try {
            check.throwIfFailed();
        } catch (e) {
            return (e as InputError).problems.map(p => p.field);
        }
        return [];
    })();
    expect(fields.sort()).toEqual(
        [
            "openApiDefinition.basePath",
            "openApiDefinition.definitions.Bad_Name",
            'openApiDefinition.paths["/a"].post.parameters[in: body].schema.discriminator',
            'openApiDefinition.paths["/a"].post.responses["200"].schema.$ref',
        ].sort(),
    );

    const unconverted = new InputChecker('SecureRestApi "api"');
    expect(readDefinition(PETS, unconverted)).toBeUndefined();
    expect(() => unconverted.throwIfFailed()).toThrow(
        /openApiDefinition\.swagger "2\.0" is invalid: is Swagger 2\.0, .*in-process takes it converted: openApiDefinition: await convertSwagger2\(definition\)/,
    );
});

test.each([
    ["openApiDefinition.components.schemas.Pet", "openApiDefinition.definitions.Pet"],
    ["openApiDefinition.components.securitySchemes.sigv4", "openApiDefinition.securityDefinitions.sigv4"],
    ["openApiDefinition.servers[0].url", "openApiDefinition.basePath"],
    ['openApiDefinition.paths["/a"].get.requestBody', 'openApiDefinition.paths["/a"].get.parameters[in: body]'],
    [
        'openApiDefinition.paths["/a"].get.responses.default.content["application/json"].schema',
        'openApiDefinition.paths["/a"].get.responses.default.schema',
    ],
    ['openApiDefinition.paths["/a"].get.security', 'openApiDefinition.paths["/a"].get.security'],
])("swaggerField(%s) = %s", (field, expected) => expect(swaggerField(field)).toBe(expected));
