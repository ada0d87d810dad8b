// A user's own OpenAPI definition (openApiDefinition), read into plain data
// the route model and the renderer take: its operations (path, method, the
// operation as written, its own integration, the security it asks for), its
// models and its API-level extensions. Pure: no Pulumi, no AWS.
//
// Accepted: an OpenAPI 3.0.x object, or its text as JSON or YAML (the yaml
// package; YAML 1.2 reads JSON too). Swagger 2.0 arrives here converted to
// OpenAPI 3.0 (swagger2.ts: the provider converts it before construction; an
// in-process program awaits convertSwagger2), and its errors then name the
// fields as the Swagger file writes them; unconverted, it is refused with that
// way out. OpenAPI 3.1 is refused (API Gateway imports 2.0 and 3.0 only).
//
// Refused, naming where (API Gateway's "important notes for REST APIs", and
// what PutRestApi would reject or silently change):
//   - a $ref outside the document (a file or URL): the import cannot follow it;
//     local $refs other than to components/schemas are inlined here, since API
//     Gateway takes only models by reference (e.g. not "#/components/responses/X");
//   - a model (components.schemas) name that is not alphanumeric ("Model names
//     can only contain alphanumeric characters");
//   - `discriminator` in any schema ("not supported in any schema object");
//   - the TRACE method (API Gateway has no TRACE);
//   - a path API Gateway cannot create (routeModel.ts pathSegments: partial-segment
//     or misplaced greedy parameters, characters outside its set);
//   - a `servers` entry with a base path: PutRestApi ignores it (basepath=ignore),
//     so the API would be served without the prefix the file promises; put the
//     prefix in the paths or use domain.basePath. Host-only servers are dropped:
//     the component's outputs say where the API is served;
//   - two operations with one operationId.
import { parse as parseYaml } from "yaml";
import { InputChecker, showValue } from "../shared/inputErrors";
import type { Http } from "../shared/schema-types";
import { uniqueParameters } from "../shared/openApiShare";
import { normalizePath, pathSegments } from "./routeModel";
import { isSwagger2, swaggerField, wasSwagger2 } from "./swagger2";

export const DEFINITION_FIELD = "openApiDefinition";

/** OpenAPI's operation keys and the method each stands for. */
const OPERATION_METHODS: Readonly<Record<string, Http>> = {
    get: "GET",
    put: "PUT",
    post: "POST",
    delete: "DELETE",
    options: "OPTIONS",
    head: "HEAD",
    patch: "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
};
/** Path item keys that are not operations (OpenAPI 3.0 path item object). */
const PATH_ITEM_FIELDS = new Set(["summary", "description", "parameters", "servers", "$ref"]);
const MODEL_NAME = /^[A-Za-z0-9]+$/;
const SCHEMA_REF = "#/components/schemas/";

/** One operation of the definition, as the route model takes it. */
export interface DefinitionOperation {
    readonly path: string;
    readonly method: Http;
    readonly operationId?: string;
    /** Where it is, for errors: openApiDefinition.paths["/orders"].get */
    readonly field: string;
    /** The operation as written (local $refs but models inlined, path-level parameters folded in), without security and integration. */
    readonly operation: Record<string, unknown>;
    /** Its x-amazon-apigateway-integration, when it has one. */
    readonly integration?: Record<string, unknown>;
    /** The security it asks for: its own, else the document's (applied per operation, which API Gateway does not do); undefined when neither says. */
    readonly security?: readonly Record<string, readonly string[]>[];
    /** Where that security is written: the operation's, or the document's. */
    readonly securityField: string;
}

export interface Definition {
    readonly operations: readonly DefinitionOperation[];
    /** components.schemas: API Gateway's models. */
    readonly schemas: Readonly<Record<string, unknown>>;
    /** components.securitySchemes as written (edge/definitionSecurity.ts decides what each enforces). */
    readonly securitySchemes: Readonly<Record<string, Record<string, unknown>>>;
    /** Top-level x-amazon-apigateway-* extensions. */
    readonly extensions: Readonly<Record<`x-amazon-apigateway-${string}`, unknown>>;
    readonly info: { readonly version?: string; readonly description?: string };
    /** A field of the document as the user's file writes it (a converted Swagger 2.0 file's own names), for errors. */
    readonly fieldName: (field: string) => string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A JSON-pointer-ish field name: paths["/a/{id}"].get */
const at = (base: string, key: string) =>
    /^[A-Za-z_$][\w$-]*$/.test(key) && !key.includes("-") ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;

/** The definition as an object: given as one, or parsed from JSON or YAML text. Undefined (reported) when unreadable. */
export function definitionObject(value: unknown, check: InputChecker): Record<string, unknown> | undefined {
    let doc = value;
    if (typeof value === "string") {
        try {
            doc = parseYaml(value, { maxAliasCount: 1000 });
        } catch (e) {
            check.fail(
                DEFINITION_FIELD,
                `<${value.length} characters>`,
                `is not valid JSON or YAML: ${(e as Error).message.split("\n")[0]}`,
            );
            return undefined;
        }
    }
    if (!isObject(doc)) {
        check.fail(DEFINITION_FIELD, doc, "must be an OpenAPI 3.0 (or Swagger 2.0) document: an object, or its text as JSON or YAML");
        return undefined;
    }
    return doc;
}

/**
 * Reads an OpenAPI 3.0 definition (object or text). Every problem is reported
 * to `check`, each naming where it is; what is returned holds only what passed.
 */
export function readDefinition(value: unknown, given: InputChecker): Definition | undefined {
    const doc = definitionObject(value, given);
    if (!doc) return undefined;
    if (isSwagger2(doc)) {
        given.fail(
            `${DEFINITION_FIELD}.swagger`,
            doc.swagger,
            "is Swagger 2.0, which the provider converts to OpenAPI 3.0 before construction; a component constructed " +
                "in-process takes it converted: openApiDefinition: await convertSwagger2(definition)",
        );
        return undefined;
    }
    // A converted Swagger 2.0 file: errors name its fields as it writes them (definitions, basePath, ...).
    const fieldName = wasSwagger2(doc) ? swaggerField : (field: string) => field;
    const check = given.renamed(fieldName);
    const version = doc.openapi;
    if (typeof version !== "string" || !/^3\.0\.\d+$/.test(version)) {
        check.fail(
            `${DEFINITION_FIELD}.openapi`,
            version,
            "must be an OpenAPI 3.0.x version (API Gateway imports OpenAPI 3.0 and Swagger 2.0, not 3.1)",
        );
        return undefined;
    }
    const components = isObject(doc.components) ? doc.components : {};
    const schemas = isObject(components.schemas) ? components.schemas : {};
    for (const [name, schema] of Object.entries(schemas)) {
        const field = at(`${DEFINITION_FIELD}.components.schemas`, name);
        if (!MODEL_NAME.test(name)) check.fail(field, name, "is not a name API Gateway accepts for a model: letters and digits only");
        checkSchema(schema, field, check);
    }
    const resolve = resolver(doc, check);
    checkServers(doc.servers, `${DEFINITION_FIELD}.servers`, check);

    const operations: DefinitionOperation[] = [];
    const operationIds = new Map<string, string>();
    const rootSecurity = doc.security;
    const paths = doc.paths;
    if (!isObject(paths)) {
        check.fail(`${DEFINITION_FIELD}.paths`, paths, "must be an object of paths, each with its operations");
    } else {
        const seenPaths = new Map<string, string>();
        for (const [rawPath, rawItem] of Object.entries(paths)) {
            const pathField = at(`${DEFINITION_FIELD}.paths`, rawPath);
            if (rawPath.startsWith("x-")) continue; // a specification extension of the paths object
            try {
                pathSegments(rawPath);
            } catch (e) {
                check.fail(pathField, rawPath, `is not a path API Gateway can create: ${(e as Error).message}`);
                continue;
            }
            const path = normalizePath(rawPath);
            const twin = seenPaths.get(path);
            if (twin !== undefined) {
                check.fail(pathField, rawPath, `is the path ${showValue(twin)} again (a trailing "/" is dropped)`);
                continue;
            }
            seenPaths.set(path, rawPath);
            const item = resolve(rawItem, pathField) as Record<string, unknown> | undefined;
            if (!isObject(item)) {
                check.fail(pathField, rawItem, "must be a path item object with operations");
                continue;
            }
            checkServers(item.servers, `${pathField}.servers`, check);
            const shared = Array.isArray(item.parameters) ? (item.parameters as unknown[]) : [];
            for (const [key, rawOp] of Object.entries(item)) {
                if (PATH_ITEM_FIELDS.has(key) || (key.startsWith("x-") && !(key in OPERATION_METHODS))) continue;
                const field = at(pathField, key);
                const method = OPERATION_METHODS[key];
                if (!method) {
                    check.fail(
                        field,
                        key,
                        key === "trace"
                            ? "API Gateway has no TRACE method"
                            : `is not an operation (${Object.keys(OPERATION_METHODS).join(", ")})`,
                    );
                    continue;
                }
                if (!isObject(rawOp)) {
                    check.fail(field, rawOp, "must be an operation object");
                    continue;
                }
                const op = rawOp as Record<string, unknown>;
                checkServers(op.servers, `${field}.servers`, check);
                if (op["x-amazon-apigateway-auth"] !== undefined) {
                    check.fail(
                        `${field}.x-amazon-apigateway-auth`,
                        op["x-amazon-apigateway-auth"],
                        "the component decides each operation's authorization (its key or AWS_IAM, and authorizers); remove it",
                    );
                }
                const {
                    security,
                    servers: _servers,
                    "x-amazon-apigateway-integration": integration,
                    "x-amazon-apigateway-auth": _auth,
                    ...rest
                } = op;
                const operation = resolve(rest, field) as Record<string, unknown>;
                const parameters = mergeParameters(
                    shared.map((p, i) => resolve(p, `${pathField}.parameters[${i}]`)),
                    operation.parameters,
                );
                if (parameters) operation.parameters = parameters;
                else delete operation.parameters;
                for (const [k, v] of Object.entries(operation)) checkSchemas(v, `${field}.${k}`, check);
                const operationId = typeof op.operationId === "string" ? op.operationId : undefined;
                if (op.operationId !== undefined && operationId === undefined)
                    check.fail(`${field}.operationId`, op.operationId, "must be a string");
                if (operationId !== undefined) {
                    const first = operationIds.get(operationId);
                    if (first)
                        check.fail(`${field}.operationId`, operationId, `is also the operationId of ${first}; operationIds must be unique`);
                    else operationIds.set(operationId, field);
                }
                if (integration !== undefined && !isObject(integration)) {
                    check.fail(`${field}.x-amazon-apigateway-integration`, integration, "must be an object");
                }
                const effective = security !== undefined ? security : rootSecurity;
                const securityField = security !== undefined ? `${field}.security` : `${DEFINITION_FIELD}.security`;
                const checkedSecurity = checkSecurity(effective, securityField, check);
                operations.push({
                    path,
                    method,
                    operationId,
                    field,
                    operation,
                    integration: isObject(integration)
                        ? (resolve(integration, `${field}.x-amazon-apigateway-integration`) as Record<string, unknown>)
                        : undefined,
                    security: checkedSecurity,
                    securityField,
                });
            }
        }
    }
    const securitySchemes: Record<string, Record<string, unknown>> = {};
    if (isObject(components.securitySchemes)) {
        for (const [name, scheme] of Object.entries(components.securitySchemes)) {
            const resolved = resolve(scheme, at(`${DEFINITION_FIELD}.components.securitySchemes`, name));
            if (isObject(resolved)) securitySchemes[name] = resolved;
        }
    }
    const extensions = Object.fromEntries(
        Object.entries(doc).filter(([k]) => k.startsWith("x-amazon-apigateway-")),
    ) as Definition["extensions"];
    const info = isObject(doc.info) ? doc.info : {};
    // What failed is reported; the rest is returned, so the checks after this one report their problems too.
    return {
        operations,
        schemas,
        securitySchemes,
        extensions,
        info: {
            version: typeof info.version === "string" ? info.version : undefined,
            description: typeof info.description === "string" ? info.description : undefined,
        },
        fieldName,
    };
}

/** Security requirements as OpenAPI writes them: a list of { scheme: scopes }. */
function checkSecurity(value: unknown, field: string, check: InputChecker): Record<string, string[]>[] | undefined {
    if (value === undefined || value === null) return undefined;
    const ok =
        Array.isArray(value) &&
        value.every(r => isObject(r) && Object.values(r).every(s => Array.isArray(s) && s.every(x => typeof x === "string")));
    if (!ok) {
        check.fail(field, value, "must be a list of security requirements such as [{ api_key: [] }]");
        return undefined;
    }
    return value as Record<string, string[]>[];
}

/**
 * A path's parameters and an operation's, as one list: the operation's win for
 * the same name and location (OpenAPI's rule), since the renderer writes no path-level parameters.
 */
function mergeParameters(shared: unknown[], own: unknown): unknown[] | undefined {
    const list = uniqueParameters([...shared, ...(Array.isArray(own) ? own : [])]);
    return list.length ? list : undefined;
}

/** Refuses the server forms API Gateway would not serve as written (see the top of this file). */
function checkServers(servers: unknown, field: string, check: InputChecker): void {
    if (servers === undefined) return;
    if (!Array.isArray(servers)) {
        check.fail(field, servers, "must be a list of servers");
        return;
    }
    servers.forEach((s, i) => {
        const f = `${field}[${i}]`;
        if (!isObject(s) || typeof s.url !== "string") {
            check.fail(f, s, "must be a server object with a url");
            return;
        }
        if (s["x-amazon-apigateway-endpoint-configuration"] !== undefined) {
            check.fail(
                `${f}.x-amazon-apigateway-endpoint-configuration`,
                s["x-amazon-apigateway-endpoint-configuration"],
                "the endpoint is the component's: use endpointType, vpcEndpointIds and disableExecuteApiEndpoint",
            );
        }
        // Server variables take their defaults (OpenAPI: the value used when none is given).
        const vars = isObject(s.variables) ? s.variables : {};
        const url = s.url.replace(/\{([^}]+)\}/g, (_m, name: string) => {
            const v = vars[name];
            return isObject(v) && typeof v.default === "string" ? v.default : "x";
        });
        let basePath: string;
        try {
            basePath = new URL(url, "https://host.invalid").pathname;
        } catch {
            check.fail(`${f}.url`, s.url, "is not a URL");
            return;
        }
        if (basePath !== "/" && basePath !== "") {
            check.fail(
                `${f}.url`,
                s.url,
                `has the base path ${showValue(basePath)}, which PutRestApi ignores: the API would be served without it. ` +
                    "Put the prefix in the paths, or serve the stage under it with domain.basePath",
            );
        }
    });
}

/** Refuses schema keywords API Gateway cannot import, wherever a schema sits in an operation. */
function checkSchemas(value: unknown, field: string, check: InputChecker): void {
    if (Array.isArray(value)) value.forEach((v, i) => checkSchemas(v, `${field}[${i}]`, check));
    else if (isObject(value)) {
        for (const [k, v] of Object.entries(value)) {
            if (k === "schema") checkSchema(v, `${field}.schema`, check);
            else checkSchemas(v, at(field, k), check);
        }
    }
}

function checkSchema(schema: unknown, field: string, check: InputChecker): void {
    if (Array.isArray(schema)) schema.forEach((s, i) => checkSchema(s, `${field}[${i}]`, check));
    if (!isObject(schema)) return;
    if (schema.discriminator !== undefined) {
        check.fail(`${field}.discriminator`, schema.discriminator, "API Gateway does not support discriminator in any schema; remove it");
    }
    for (const [k, v] of Object.entries(schema))
        if (k !== "example" && k !== "enum" && k !== "default") checkSchema(v, at(field, k), check);
}

/**
 * Inlines local $refs except to models (components/schemas, which API Gateway
 * resolves itself), refuses external ones and cycles. Returns a copy.
 */
function resolver(doc: Record<string, unknown>, check: InputChecker): (value: unknown, field: string) => unknown {
    const pointer = (ref: string): unknown => {
        let node: unknown = doc;
        for (const raw of ref.slice(2).split("/")) {
            const key = decodeURIComponent(raw).replace(/~1/g, "/").replace(/~0/g, "~");
            if (!isObject(node) && !Array.isArray(node)) return undefined;
            node = (node as Record<string, unknown>)[key];
        }
        return node;
    };
    // A path item is resolved before its operations are: a problem is reported once, however often its place is walked.
    const reported = new Set<string>();
    const fail = (field: string, ref: string, reason: string) => {
        if (reported.has(`${field}\u0000${reason}`)) return;
        reported.add(`${field}\u0000${reason}`);
        check.fail(field, ref, reason);
    };
    const walk = (value: unknown, field: string, seen: readonly string[]): unknown => {
        if (Array.isArray(value)) return value.map((v, i) => walk(v, `${field}[${i}]`, seen));
        if (!isObject(value)) return value;
        const ref = value.$ref;
        if (typeof ref === "string") {
            if (!ref.startsWith("#/")) {
                fail(`${field}.$ref`, ref, "refers outside the definition; API Gateway imports one self-contained document");
                return undefined;
            }
            if (ref.startsWith(SCHEMA_REF)) {
                const name = ref.slice(SCHEMA_REF.length);
                if (pointer(ref) === undefined) fail(`${field}.$ref`, ref, "names no model of components.schemas");
                else if (!MODEL_NAME.test(name))
                    fail(`${field}.$ref`, ref, "names a model API Gateway cannot create (letters and digits only)");
                return { ...value };
            }
            if (seen.includes(ref)) {
                fail(`${field}.$ref`, ref, "refers to itself; API Gateway's import cannot follow a cycle");
                return undefined;
            }
            const target = pointer(ref);
            if (target === undefined) {
                fail(`${field}.$ref`, ref, "points at nothing in the definition");
                return undefined;
            }
            return walk(target, field, [...seen, ref]);
        }
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, at(field, k), seen)]));
    };
    return (value, field) => walk(value, field, []);
}
