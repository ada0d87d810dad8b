// Request validation at the edge: API Gateway checks a route's body against a
// JSON Schema model and its required query strings and headers before the
// request reaches the integration, and answers 400 with the reason
// (BAD_REQUEST_BODY / BAD_REQUEST_PARAMETERS) without invoking anything. All of
// it is a share of the API's document: models under components.schemas, the
// validators under x-amazon-apigateway-request-validators, each operation's
// requestBody/parameters and x-amazon-apigateway-request-validator, and the two
// gateway responses (with the CORS headers when cors is set, so a browser can
// read the 400).
import { createHash } from "crypto";
import type { InputChecker } from "../shared/inputErrors";
import type { DocumentShare, OpenApiOperation } from "../shared/openApiShare";
import type { RequestValidationInputs } from "../shared/schema-types";
import { routeField } from "../routes/routeModel";
// A header or query string name: RFC 9110 token characters, as cors.ts checks header names.
import { HEADER_NAME as PARAM_NAME } from "./cors";

/** API Gateway's model schema size limit: 400 KB (Amazon API Gateway quotas, "Model size"). */
export const MODEL_SCHEMA_LIMIT = 400 * 1024;

export interface ValidationSpec {
    readonly bodySchema?: Record<string, unknown>;
    readonly requiredQueryStrings: readonly string[];
    readonly requiredHeaders: readonly string[];
}

/** Each route's validation, by its index in `routes`; undefined when no route asks for any. */
export function requestValidationSettings(routes: unknown, check: InputChecker): ReadonlyMap<number, ValidationSpec> | undefined {
    const out = new Map<number, ValidationSpec>();
    (Array.isArray(routes) ? routes : []).forEach((route: { requestValidation?: RequestValidationInputs } | null, i) => {
        const v = route && typeof route === "object" ? route.requestValidation : undefined;
        if (v === undefined || v === null) return;
        const field = `${routeField(route, i)}.requestValidation`;
        if (typeof v !== "object" || Array.isArray(v)) {
            check.fail(field, v, "must be an object with bodySchema, requiredQueryStrings or requiredHeaders");
            return;
        }
        const body = v.bodySchema;
        if (body !== undefined && (typeof body !== "object" || body === null || Array.isArray(body))) {
            check.fail(`${field}.bodySchema`, body, 'must be a JSON Schema object, e.g. { type: "object", required: ["name"] }');
        } else if (body !== undefined) {
            let size = 0;
            try {
                size = Buffer.byteLength(JSON.stringify(body));
            } catch {
                check.fail(`${field}.bodySchema`, "<schema>", "must be plain JSON data (no cycles)");
            }
            if (size > MODEL_SCHEMA_LIMIT)
                check.fail(`${field}.bodySchema`, `${size} bytes`, `is over API Gateway's model size limit of ${MODEL_SCHEMA_LIMIT} bytes`);
        }
        const names = (list: unknown, name: string): string[] => {
            if (list === undefined) return [];
            if (!Array.isArray(list)) {
                check.fail(`${field}.${name}`, list, "must be a list of names");
                return [];
            }
            list.forEach((n, j) => {
                if (typeof n !== "string" || !PARAM_NAME.test(n)) check.fail(`${field}.${name}[${j}]`, n, "is not a valid parameter name");
            });
            return [...new Set(list as string[])].sort();
        };
        const requiredQueryStrings = names(v.requiredQueryStrings, "requiredQueryStrings");
        const requiredHeaders = names(v.requiredHeaders, "requiredHeaders");
        if (body === undefined && requiredQueryStrings.length === 0 && requiredHeaders.length === 0) {
            check.fail(field, v, "asks for nothing: give bodySchema, requiredQueryStrings or requiredHeaders");
            return;
        }
        out.set(i, { bodySchema: body as Record<string, unknown> | undefined, requiredQueryStrings, requiredHeaders });
    });
    return out.size ? out : undefined;
}

const VALIDATORS = {
    body: { validateRequestBody: true, validateRequestParameters: false },
    params: { validateRequestBody: false, validateRequestParameters: true },
    all: { validateRequestBody: true, validateRequestParameters: true },
} as const;

/**
 * A model name API Gateway accepts (alphanumeric) for a method's body, unique
 * per method: its method and path letters, then a hash of the method key so
 * that "/a-b" and "/ab" never share one.
 */
export function modelName(methodKey: string): string {
    return `${methodKey.replace(/[^A-Za-z0-9]/g, "")}${createHash("sha256").update(methodKey).digest("hex").slice(0, 8)}Body`;
}

/** What validation adds to one route operation. */
export function validatedOperation(spec: ValidationSpec, methodKey: string): OpenApiOperation {
    const params = [
        ...spec.requiredQueryStrings.map(name => ({ name, in: "query", required: true, schema: { type: "string" } })),
        ...spec.requiredHeaders.map(name => ({ name, in: "header", required: true, schema: { type: "string" } })),
    ];
    const hasParams = params.length > 0;
    return {
        ...(hasParams ? { parameters: params } : {}),
        ...(spec.bodySchema
            ? {
                  requestBody: {
                      required: true,
                      content: { "application/json": { schema: { $ref: `#/components/schemas/${modelName(methodKey)}` } } },
                  },
              }
            : {}),
        "x-amazon-apigateway-request-validator": spec.bodySchema ? (hasParams ? "all" : "body") : "params",
    };
}

/** The document-level share: the models, the validators, and 400 answers carrying the reason (and CORS headers). */
export function validationShare(
    specs: ReadonlyMap<number, ValidationSpec>,
    methodsOfRoute: (route: number) => readonly string[],
    /** With cors, the CORS headers of API Gateway's own responses (cors.ts gatewayResponseParameters). */
    corsParameters: Record<string, string> | undefined,
): DocumentShare {
    const schemas: Record<string, unknown> = {};
    for (const [route, spec] of specs) {
        if (!spec.bodySchema) continue;
        for (const key of methodsOfRoute(route)) schemas[modelName(key)] = spec.bodySchema;
    }
    const answer = {
        ...(corsParameters ? { responseParameters: corsParameters } : {}),
        responseTemplates: { "application/json": '{"message": "$context.error.validationErrorString"}' },
    };
    return {
        from: "request validation",
        schemas,
        extensions: {
            "x-amazon-apigateway-request-validators": VALIDATORS,
            "x-amazon-apigateway-gateway-responses": {
                BAD_REQUEST_BODY: { statusCode: 400, ...answer },
                BAD_REQUEST_PARAMETERS: { statusCode: 400, ...answer },
            },
        },
    };
}
