// Every operation of an API in one canonical form, whichever way it was read:
// from an OpenAPI document (the component's, or the stage's export) or from
// the draft API's methods (GetResources with methods embedded, GetAuthorizers).
// Security schemes are recognised by what they are (API Gateway's extensions),
// never by their names, so an export naming a scheme differently from the
// document is not drift. Integrations are compared by where they point.
import type { AuthorizerLive, OpenApiDocument, ResourceLive } from "./types";

export type Authorization = "NONE" | "AWS_IAM" | "COGNITO_USER_POOLS" | "CUSTOM";

export interface AuthorizerIdentity {
    readonly name: string;
    /** COGNITO_USER_POOLS, TOKEN or REQUEST. */
    readonly type: string;
    readonly providerARNs: readonly string[];
    readonly authorizerUri: string;
    readonly identitySource: string;
}

export interface OperationSecurity {
    readonly apiKey: boolean;
    readonly authorization: Authorization;
    readonly authorizer?: AuthorizerIdentity;
    readonly scopes: readonly string[];
}

/** Where an operation sends requests. */
export interface IntegrationTarget {
    readonly type: string;
    readonly uri: string;
    readonly httpMethod: string;
    readonly credentials: string;
    readonly connectionType: string;
    readonly connectionId: string;
}

export interface Operation {
    /** "GET /orders", "ANY /{proxy+}". */
    readonly key: string;
    readonly security: OperationSecurity;
    readonly integration?: IntegrationTarget;
}

const OPERATION_KEYS: Record<string, string> = {
    get: "GET",
    put: "PUT",
    post: "POST",
    delete: "DELETE",
    options: "OPTIONS",
    head: "HEAD",
    patch: "PATCH",
    "x-amazon-apigateway-any-method": "ANY",
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === "string" ? v : "");
const sortedUnique = (values: readonly string[]): string[] => [...new Set(values)].sort();

/** "a, b" and "a,b" are one identity source list. */
function identitySources(value: unknown): string {
    return str(value)
        .split(",")
        .map(s => s.trim())
        .filter(Boolean)
        .join(",");
}

/** An integration's target with API Gateway's defaults filled in; a mock points nowhere. */
export function integrationTarget(raw: unknown): IntegrationTarget | undefined {
    if (!isObject(raw)) return undefined;
    const type = str(raw.type).toLowerCase();
    if (type === "mock") return { type, uri: "", httpMethod: "", credentials: "", connectionType: "", connectionId: "" };
    return {
        type,
        uri: str(raw.uri),
        httpMethod: str(raw.httpMethod).toUpperCase(),
        credentials: str(raw.credentials),
        connectionType: (str(raw.connectionType) || "INTERNET").toUpperCase(),
        connectionId: str(raw.connectionId),
    };
}

/** One line naming an integration's target, for reports. */
export function describeIntegration(t: IntegrationTarget | undefined): string {
    if (!t) return "no integration";
    if (t.type === "mock") return "mock";
    const parts = [t.type, t.httpMethod, t.uri].filter(Boolean);
    if (t.connectionType === "VPC_LINK") parts.push(`via VPC link ${t.connectionId}`);
    if (t.credentials) parts.push(`as ${t.credentials}`);
    return parts.join(" ");
}

type SchemeKind = { kind: "apiKey" } | { kind: "iam" } | { kind: "authorizer"; identity: AuthorizerIdentity } | { kind: "unknown" };

/** What a security scheme of the document is, as API Gateway's import reads it. */
function schemeKind(name: string, scheme: unknown): SchemeKind {
    if (!isObject(scheme)) return { kind: "unknown" };
    const authorizer = scheme["x-amazon-apigateway-authorizer"];
    const authType = str(scheme["x-amazon-apigateway-authtype"]).toLowerCase();
    const header = str(scheme.name);
    if (isObject(authorizer) || authType === "cognito_user_pools" || authType === "custom") {
        const a = isObject(authorizer) ? authorizer : {};
        const rawType = str(a.type).toLowerCase() || (authType === "cognito_user_pools" ? "cognito_user_pools" : "token");
        const type = rawType === "cognito_user_pools" ? "COGNITO_USER_POOLS" : rawType.toUpperCase();
        // A token or Cognito authorizer reads the scheme's header unless it names its identity source.
        const source = str(a.identitySource) || (type === "REQUEST" || !header ? "" : `method.request.header.${header}`);
        return {
            kind: "authorizer",
            identity: {
                name,
                type,
                providerARNs: sortedUnique(Array.isArray(a.providerARNs) ? a.providerARNs.map(str) : []),
                authorizerUri: str(a.authorizerUri),
                identitySource: identitySources(source),
            },
        };
    }
    if (authType === "awssigv4") return { kind: "iam" };
    if (str(scheme.type) === "apiKey" && str(scheme.in) === "header" && header.toLowerCase() === "x-api-key") return { kind: "apiKey" };
    return { kind: "unknown" };
}

/** The security of one operation: every scheme its requirements name (API Gateway puts them all on one method). */
function documentSecurity(doc: OpenApiDocument, op: Record<string, unknown>): OperationSecurity {
    const components = isObject(doc.components) ? doc.components : {};
    const schemes: Record<string, unknown> = {
        ...(isObject(doc.securityDefinitions) ? doc.securityDefinitions : {}),
        ...(isObject(components.securitySchemes) ? components.securitySchemes : {}),
    };
    const requirements = Array.isArray(op.security) ? op.security : Array.isArray(doc.security) ? doc.security : [];
    let apiKey = false;
    let authorization: Authorization = "NONE";
    let authorizer: AuthorizerIdentity | undefined;
    const scopes: string[] = [];
    for (const requirement of requirements) {
        if (!isObject(requirement)) continue;
        for (const name of Object.keys(requirement).sort()) {
            const kind = schemeKind(name, schemes[name]);
            if (kind.kind === "apiKey") apiKey = true;
            else if (kind.kind === "iam") authorization = "AWS_IAM";
            else if (kind.kind === "authorizer") {
                authorizer = kind.identity;
                const given = requirement[name];
                if (Array.isArray(given)) scopes.push(...given.map(str));
            } else {
                // A scheme API Gateway would not recognise: kept, by name, so it is never mistaken for "open".
                authorizer = { name, type: "UNKNOWN", providerARNs: [], authorizerUri: "", identitySource: "" };
            }
        }
    }
    // API Gateway's other spelling of IAM and NONE: x-amazon-apigateway-auth on the operation.
    const auth = op["x-amazon-apigateway-auth"];
    if (isObject(auth) && str(auth.type).toUpperCase() === "AWS_IAM") authorization = "AWS_IAM";
    if (authorizer && authorization !== "AWS_IAM")
        authorization = authorizer.type === "COGNITO_USER_POOLS" ? "COGNITO_USER_POOLS" : "CUSTOM";
    if (authorization === "AWS_IAM") authorizer = undefined;
    return { apiKey, authorization, authorizer, scopes: authorizer ? sortedUnique(scopes) : [] };
}

/** Every operation of a document, by key, in sorted order. */
export function operationsFromDocument(doc: OpenApiDocument): Map<string, Operation> {
    const ops = new Map<string, Operation>();
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const path of Object.keys(paths).sort()) {
        const item = paths[path];
        if (!isObject(item)) continue;
        for (const [name, method] of Object.entries(OPERATION_KEYS)) {
            const op = item[name];
            if (!isObject(op)) continue;
            const key = `${method} ${path}`;
            ops.set(key, {
                key,
                security: documentSecurity(doc, op),
                integration: integrationTarget(op["x-amazon-apigateway-integration"]),
            });
        }
    }
    return sortOperations(ops);
}

/**
 * Whether an export carries API Gateway's integration extension, as asked (some endpoints ignore the request for it,
 * or write no operation OpenAPI's way). An export without paths has nothing to carry it.
 */
export function exportHasExtensions(doc: OpenApiDocument): boolean {
    const paths = isObject(doc.paths) ? doc.paths : {};
    for (const item of Object.values(paths)) {
        if (!isObject(item)) continue;
        for (const name of Object.keys(OPERATION_KEYS)) {
            const op = item[name];
            if (isObject(op) && isObject(op["x-amazon-apigateway-integration"])) return true;
        }
    }
    return Object.keys(paths).length === 0;
}

/** Every method of the draft API, by key, in sorted order. */
export function operationsFromResources(
    resources: readonly ResourceLive[],
    authorizers: readonly AuthorizerLive[],
): Map<string, Operation> {
    const byId = new Map(authorizers.map(a => [a.id, a]));
    const ops = new Map<string, Operation>();
    for (const resource of resources) {
        for (const [method, m] of Object.entries(resource.resourceMethods ?? {})) {
            const key = `${method.toUpperCase()} ${resource.path}`;
            const type = (m.authorizationType ?? "NONE").toUpperCase();
            const a = m.authorizerId === undefined ? undefined : byId.get(m.authorizerId);
            const authorizer: AuthorizerIdentity | undefined =
                type === "COGNITO_USER_POOLS" || type === "CUSTOM"
                    ? {
                          name: a?.name ?? m.authorizerId ?? "",
                          type: (a?.type ?? (type === "CUSTOM" ? "TOKEN" : type)).toUpperCase(),
                          providerARNs: sortedUnique(a?.providerARNs ?? []),
                          authorizerUri: a?.authorizerUri ?? "",
                          identitySource: identitySources(a?.identitySource),
                      }
                    : undefined;
            const authorization: Authorization =
                type === "AWS_IAM" || type === "COGNITO_USER_POOLS" || type === "CUSTOM" ? (type as Authorization) : "NONE";
            ops.set(key, {
                key,
                security: {
                    apiKey: m.apiKeyRequired === true,
                    authorization,
                    authorizer,
                    scopes: authorizer ? sortedUnique(m.authorizationScopes ?? []) : [],
                },
                integration: integrationTarget(m.methodIntegration),
            });
        }
    }
    return sortOperations(ops);
}

/** By path, then method: the order reports list operations in. */
function sortOperations(ops: Map<string, Operation>): Map<string, Operation> {
    const split = (key: string) => {
        const i = key.indexOf(" ");
        return [key.slice(i + 1), key.slice(0, i)];
    };
    const keys = [...ops.keys()].sort((a, b) => {
        const [pa, ma] = split(a);
        const [pb, mb] = split(b);
        return pa < pb ? -1 : pa > pb ? 1 : ma < mb ? -1 : ma > mb ? 1 : 0;
    });
    return new Map(keys.map(k => [k, ops.get(k)!]));
}

/** "api-key + cognito:pool [orders/read]", "iam", "none". */
export function describeSecurity(s: OperationSecurity): string {
    const parts: string[] = [];
    if (s.apiKey) parts.push("api-key");
    if (s.authorization === "AWS_IAM") parts.push("iam");
    if (s.authorizer) {
        const kind = s.authorizer.type === "COGNITO_USER_POOLS" ? "cognito" : s.authorizer.type.toLowerCase();
        parts.push(`${kind}:${s.authorizer.name}${s.scopes.length ? ` [${s.scopes.join(" ")}]` : ""}`);
    }
    return parts.length ? parts.join(" + ") : "none";
}

/** An authorizer as a report names it: its type and what it checks with. */
export function describeAuthorizer(a: AuthorizerIdentity | undefined): string {
    if (!a) return "no authorizer";
    const what = a.type === "COGNITO_USER_POOLS" ? `user pools ${a.providerARNs.join(", ")}` : a.authorizerUri;
    return `${a.name} (${a.type} ${what}${a.identitySource ? `, from ${a.identitySource}` : ""})`;
}

/** Whether two authorizers decide the same way (their names may differ). */
export function sameAuthorizer(a: AuthorizerIdentity, b: AuthorizerIdentity): boolean {
    return (
        a.type === b.type &&
        a.authorizerUri === b.authorizerUri &&
        a.identitySource === b.identitySource &&
        a.providerARNs.join(",") === b.providerARNs.join(",")
    );
}

export function sameIntegration(a: IntegrationTarget | undefined, b: IntegrationTarget | undefined): boolean {
    return describeIntegration(a) === describeIntegration(b) && a?.connectionId === b?.connectionId && a?.credentials === b?.credentials;
}
