// The user's OpenAPI definition against the component's security. CDK's
// SpecRestApi, SST and @pulumi/aws-apigateway publish a definition as written,
// so an operation without `security` (or with a scheme API Gateway does not
// enforce, such as an http bearer scheme) is open to the internet. Here:
//   - every operation gets the component's security requirement (its key, or
//     AWS_IAM, plus the component's or the operation's authorizer), as routes do;
//   - an operation whose security is [] or allows anonymous callers ({}) is
//     refused, naming its path and method, unless publicOperations lists it
//     (then it is served with no authentication at all, and the document says
//     security: []);
//   - an operation whose security asks for something the component does not
//     enforce on it is refused: some requirement of its list must name only
//     schemes the component enforces there (so what is served is never weaker
//     than what the file says). A scheme of the file counts as the component's
//     when it is one: an apiKey scheme reading the x-api-key header is the key,
//     x-amazon-apigateway-authtype awsSigv4 is AWS_IAM; other types (http,
//     oauth2, openIdConnect) API Gateway does not enforce at all;
//   - document-level security: API Gateway ignores it ("important notes for
//     REST APIs"); here it applies to each operation without its own, as
//     OpenAPI says, and is checked as above;
//   - the definition's own authorizers (x-amazon-apigateway-authorizer) are
//     refused: the component's authorizer inputs grant the Lambda invoke permission
//     and check the configuration;
//   - API-level extensions that would weaken the component: a policy with an
//     Allow (the component writes every Allow; the file may add Deny statements,
//     which only narrow), an api key source other than the component's, the
//     endpoint configuration (endpointType and friends are inputs).
// The document then carries the component's security schemes only.
import type { InputChecker } from "../shared/inputErrors";
import { showValue } from "../shared/inputErrors";
import type { DocumentShare } from "../shared/openApiShare";
import type { Definition } from "../routes/openApiDefinition";
import { DEFINITION_FIELD } from "../routes/openApiDefinition";
import type { DefinitionRoute } from "../routes/definitionRoutes";
import type { AuthorizerSettings } from "./authorizers";
import { checkScopes } from "./authorizers";
import { MethodAuthorization, securityRequirement } from "./edgeInputs";
import { grantResource } from "./routeGrants";

/** The REST API extensions a definition may carry at its top level (API Gateway's OpenAPI extensions for REST APIs). */
const KEPT_EXTENSIONS = new Set([
    "x-amazon-apigateway-gateway-responses",
    "x-amazon-apigateway-request-validators",
    "x-amazon-apigateway-request-validator",
    "x-amazon-apigateway-documentation",
    "x-amazon-apigateway-binary-media-types",
    "x-amazon-apigateway-minimum-compression-size",
]);

export interface DefinitionExtensions {
    /** The definition's models and kept API-level extensions, as a share of the document. */
    readonly share?: DocumentShare;
    /** Deny statements of the definition's x-amazon-apigateway-policy, merged into the component's policy. */
    readonly policyDenies: readonly Record<string, unknown>[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What the definition brings at the API level, checked against what the component guarantees. */
export function definitionExtensions(
    definition: Definition | undefined,
    auth: MethodAuthorization,
    given: InputChecker,
): DefinitionExtensions {
    if (!definition) return { policyDenies: [] };
    const check = given.renamed(definition.fieldName);
    const extensions: Record<`x-amazon-apigateway-${string}`, unknown> = {};
    let policyDenies: Record<string, unknown>[] = [];
    for (const [key, value] of Object.entries(definition.extensions) as [`x-amazon-apigateway-${string}`, unknown][]) {
        const field = `${DEFINITION_FIELD}.${key}`;
        if (key === "x-amazon-apigateway-policy") {
            policyDenies = policyStatements(value, field, check);
        } else if (key === "x-amazon-apigateway-api-key-source") {
            if (!auth.apiKeyRequired)
                check.fail(field, value, "IAMSecureRestApi uses no API keys (every operation needs AWS_IAM); remove it");
            else if (value !== "HEADER")
                check.fail(
                    field,
                    value,
                    "must be HEADER, the component's: callers send the key in x-api-key (AUTHORIZER would let a Lambda choose it)",
                );
        } else if (key === "x-amazon-apigateway-endpoint-configuration") {
            check.fail(field, value, "the endpoint is the component's: use endpointType, vpcEndpointIds and disableExecuteApiEndpoint");
        } else if (KEPT_EXTENSIONS.has(key)) {
            extensions[key] = value;
        } else {
            check.fail(
                field,
                value,
                `is not an extension API Gateway imports for a REST API (${[...KEPT_EXTENSIONS].join(", ")}, or the component's inputs)`,
            );
        }
    }
    for (const [name, scheme] of Object.entries(definition.securitySchemes)) {
        if (scheme["x-amazon-apigateway-authorizer"] !== undefined) {
            check.fail(
                `${DEFINITION_FIELD}.components.securitySchemes.${name}`,
                "<authorizer>",
                "declare authorizers with the component's authorizer input (SecureRestApi) or operations.<operationId>.authorizer, " +
                    "so the component grants the Lambda invoke permission and checks them; then name it in the operation's security",
            );
        }
    }
    const schemas = definition.schemas;
    const share: DocumentShare | undefined =
        Object.keys(extensions).length || Object.keys(schemas).length ? { from: DEFINITION_FIELD, schemas, extensions } : undefined;
    return { share, policyDenies };
}

/** The statements of the definition's policy: Deny only (an Allow could open what the component's policy keeps closed). */
function policyStatements(value: unknown, field: string, check: InputChecker): Record<string, unknown>[] {
    let policy = value;
    if (typeof value === "string") {
        try {
            policy = JSON.parse(value);
        } catch {
            check.fail(field, value, "must be an IAM policy document (object or JSON text)");
            return [];
        }
    }
    const statements = isObject(policy) ? policy.Statement : undefined;
    const list = Array.isArray(statements) ? statements : isObject(statements) ? [statements] : undefined;
    if (!list) {
        check.fail(field, policy, "must be an IAM policy document with a Statement list");
        return [];
    }
    const denies: Record<string, unknown>[] = [];
    list.forEach((st, i) => {
        const at = `${field}.Statement[${i}]`;
        if (!isObject(st) || st.Effect !== "Deny") {
            check.fail(
                at,
                st,
                "only Deny statements are taken from the definition: the component writes every Allow (allowedSourceIps, vpcEndpointIds, invokers, invokerGrants), so the file cannot open what it keeps closed",
            );
            return;
        }
        if (st.Action === undefined || st.Resource === undefined) {
            check.fail(at, st, "needs Action and Resource (e.g. execute-api:Invoke on execute-api:/*)");
            return;
        }
        denies.push(st);
    });
    return denies;
}

/** The execute-api resources of the operations listed in publicOperations (any stage), for the resource policy's Allow. */
export function publicResources(routes: readonly DefinitionRoute[]): string[] {
    return routes.filter(r => r.openApi.public).map(r => `execute-api:/*/${grantResource(r.methods[0], r.path!)}`);
}

/** What a scheme of the file enforces in API Gateway, if anything. */
function schemeKind(scheme: Record<string, unknown> | undefined): "api_key" | "sigv4" | "authorizer" | "none" | undefined {
    if (!scheme) return undefined;
    if (scheme["x-amazon-apigateway-authorizer"] !== undefined) return "authorizer";
    const authtype = scheme["x-amazon-apigateway-authtype"];
    if (typeof authtype === "string" && authtype.toLowerCase() === "awssigv4") return "sigv4";
    if (scheme.type === "apiKey" && scheme.in === "header" && String(scheme.name).toLowerCase() === "x-api-key" && authtype === undefined)
        return "api_key";
    return "none";
}

/**
 * Checks each definition operation's security against what the component
 * enforces on it (see the top of this file) and returns the authorizers with
 * the OAuth scopes the file gives an operation's Cognito authorizer when its
 * binding names none. `indexOf` maps a definition route to its index among the component's routes.
 */
export function checkDefinitionSecurity(
    definition: Definition,
    routes: readonly DefinitionRoute[],
    indexOf: (r: DefinitionRoute) => number,
    auth: MethodAuthorization,
    authorizers: AuthorizerSettings | undefined,
    component: string,
    check: InputChecker,
): AuthorizerSettings | undefined {
    const byRoute = new Map(authorizers?.byRoute ?? []);
    for (const route of routes) {
        const op = route.definition;
        const key = `${op.method} ${op.path}`;
        const field = op.securityField;
        const i = indexOf(route);
        if (route.openApi.public) {
            if (route.authorizer !== undefined && route.authorizer !== null) {
                check.fail(
                    `${route.openApi.field}.authorizer`,
                    "<authorizer>",
                    `${key} is in publicOperations, served without authentication: an authorizer would not apply`,
                );
            }
            continue;
        }
        const security = op.security;
        if (security === undefined) continue;
        const authorizer = byRoute.get(i);
        const enforced = Object.keys(securityRequirement(auth, authorizer)[0] ?? {});
        const open = security.length === 0 || security.some(r => Object.keys(r).length === 0);
        if (open) {
            check.fail(
                field,
                security,
                `leaves ${key} open to anyone (${security.length === 0 ? "security: []" : "an empty requirement {}"}); ${component} requires ${enforced.join(" and ")} on every operation. ` +
                    `List "${key}" in publicOperations to serve it without authentication, or remove its security to have the component's applied`,
            );
            continue;
        }
        const reasons = new Map<string, string>();
        const enforces = (name: string): boolean => {
            const kind = schemeKind(definition.securitySchemes[name]);
            if (kind === undefined) {
                if (enforced.includes(name)) return true;
                reasons.set(name, "is not a security scheme of the definition or the component");
                return false;
            }
            if (kind === "api_key" || kind === "sigv4") {
                if (enforced.includes(kind)) return true;
                reasons.set(
                    name,
                    kind === "api_key"
                        ? `is an API key, which ${component} does not require here`
                        : `is AWS_IAM, which ${component} does not require here`,
                );
                return false;
            }
            if (kind === "none")
                reasons.set(name, "is a scheme API Gateway does not enforce (it enforces API keys, AWS_IAM and authorizers only)");
            return false;
        };
        const satisfied = security.find(r => Object.keys(r).every(enforces));
        if (!satisfied) {
            check.fail(
                field,
                security,
                `asks for what ${component} does not enforce on ${key}: ${[...reasons].map(([n, why]) => `${showValue(n)} ${why}`).join("; ")}. ` +
                    `It enforces ${enforced.join(" and ")}: name only those, remove security to have them applied, ` +
                    `bind an authorizer (operations.<operationId>.authorizer), or list "${key}" in publicOperations to serve it open`,
            );
            continue;
        }
        // The file's scopes for the operation's Cognito authorizer, when its binding gives none.
        const scopes = authorizer && satisfied[authorizer.name];
        if (authorizer && scopes?.length && authorizer.scopes.length === 0) {
            const spec = authorizers?.authorizers.get(authorizer.name);
            if (spec?.type !== "cognito")
                check.fail(field, security, `gives ${showValue(authorizer.name)} OAuth scopes, which only a cognito authorizer checks`);
            // The same rules as a route's authorizationScopes (printable, no space), named where the file gives them.
            else
                byRoute.set(i, {
                    name: authorizer.name,
                    scopes: checkScopes(scopes, `${field}[${security.indexOf(satisfied)}].${authorizer.name}`, spec, check),
                });
        } else if (authorizer && scopes?.length && JSON.stringify([...new Set(scopes)].sort()) !== JSON.stringify(authorizer.scopes)) {
            check.fail(
                field,
                security,
                `gives ${showValue(authorizer.name)} the scopes ${scopes.join(", ")}, but ${route.openApi.field}.authorizationScopes says ${authorizer.scopes.join(", ")}; keep one`,
            );
        }
    }
    return authorizers ? { ...authorizers, byRoute } : undefined;
}
