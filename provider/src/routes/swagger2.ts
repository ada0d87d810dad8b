// A Swagger 2.0 openApiDefinition, converted to OpenAPI 3.0 before the
// component reads it (routes/openApiDefinition.ts reads OpenAPI 3.0 only).
//
// The converter is swagger2openapi (the reference converter of the OpenAPI
// tooling; what it changes is listed in docs/openapi.md). It is asynchronous
// (a promise, even with nothing to resolve), while a component's checks run
// synchronously at construction, so the conversion runs before the component:
// the provider does it for every SDK (plugin/resources.ts preparedInputs), and
// TypeScript programs constructing a component in-process await
// convertSwagger2 themselves. API Gateway's x-amazon-apigateway-* extensions
// are copied as written (integrations, policy, validators, gateway responses;
// x-amazon-apigateway-any-method is converted like any other operation).
// External $refs are not fetched (resolve: false): the component then refuses
// them, naming where, as for OpenAPI 3.0.
//
// Errors name the Swagger 2.0 fields the user wrote (definitions, not
// components.schemas; basePath, not servers): swaggerField.
import { parse as parseYaml } from "yaml";
import { InputError } from "../shared/inputErrors";

const FIELD = "openApiDefinition";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a definition object is Swagger 2.0. */
export const isSwagger2 = (doc: Record<string, unknown>) => doc.swagger === "2.0" || doc.swagger === 2;

/** The OpenAPI 3.0 documents convertSwagger2 made: their errors name the Swagger 2.0 fields. */
const converted = new WeakSet<object>();

/** Whether this document is convertSwagger2's conversion of a Swagger 2.0 definition. */
export const wasSwagger2 = (doc: object) => converted.has(doc);

/**
 * A Swagger 2.0 definition (an object, or its JSON or YAML text) as an OpenAPI
 * 3.0 object; anything else is returned as it came (the component reads and
 * checks it). Refuses, as an input error naming openApiDefinition, a Swagger
 * 2.0 document the converter cannot convert.
 */
export async function convertSwagger2(definition: unknown, label = "convertSwagger2"): Promise<unknown> {
    let doc: unknown = definition;
    if (typeof definition === "string") {
        try {
            doc = parseYaml(definition, { maxAliasCount: 1000 });
        } catch {
            return definition; // unreadable: the component says so
        }
    }
    if (!isObject(doc) || !isSwagger2(doc)) return definition;
    // Loaded only when a Swagger 2.0 definition arrives: plugin start-up does not pay for it.
    const { convertObj } = await import("swagger2openapi");
    let openapi: unknown;
    try {
        // patch: fixes what the converter knows how to (e.g. a missing parameter type); direct: the document alone.
        openapi = await convertObj(doc as never, { patch: true, resolve: false, direct: true } as never);
    } catch (e) {
        throw new InputError(label, `${FIELD}.swagger`, "2.0", `cannot be converted to OpenAPI 3.0: ${(e as Error).message}`);
    }
    if (!isObject(openapi)) throw new InputError(label, `${FIELD}.swagger`, "2.0", "the conversion to OpenAPI 3.0 gave no document");
    converted.add(openapi);
    return openapi;
}

/** The converted document's field names, as the Swagger 2.0 file writes them (for errors). */
const SWAGGER_FIELDS: readonly [RegExp, string][] = [
    [/^(openApiDefinition)\.components\.schemas\b/, "$1.definitions"],
    [/^(openApiDefinition)\.components\.securitySchemes\b/, "$1.securityDefinitions"],
    [/^(openApiDefinition)\.components\.parameters\b/, "$1.parameters"],
    [/^(openApiDefinition)\.components\.responses\b/, "$1.responses"],
    // host + basePath become servers: a base path the API would not be served under is basePath's.
    [/^(openApiDefinition)\.servers\[\d+\](\.url)?$/, "$1.basePath"],
    [/\.requestBody\.content\[[^\]]*\]\.schema\b/, ".parameters[in: body].schema"],
    [/\.requestBody\b/, ".parameters[in: body]"],
    [/(\.responses(?:\.\w+|\[[^\]]*\]))\.content\[[^\]]*\]\.schema\b/, "$1.schema"],
];

export function swaggerField(field: string): string {
    return SWAGGER_FIELDS.reduce((f, [pattern, replacement]) => f.replace(pattern, replacement), field);
}
