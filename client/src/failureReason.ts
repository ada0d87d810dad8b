// The one line the CLI writes to stderr when the API answers HTTP >= 400.
// API Gateway's bodies are terse and alike for different causes, so the line
// says what the cause most likely is, given the kind of auth that was sent.
// REST APIs and HTTP APIs (SecureHttpApi) answer differently: an unknown route
// is 403 "Missing Authentication Token" on a REST API and 404 "Not Found" on an
// HTTP API; a JWT without the route's scope, a Lambda authorizer's "false" and
// an IAM policy that does not allow the route are a bare 403 "Forbidden" there.
import { STATUS_CODES } from "http";

/** What the request carried: a key, a bearer token, both, a SigV4 signature or nothing. */
export type AuthMode = "api-key" | "bearer" | "api-key+bearer" | "iam" | "none";

export function oneLine(text: string, max = 200): string {
    const flat = text.replace(/\s+/g, " ").trim();
    return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** API Gateway's error bodies are {"message": "..."} (or "Message"). */
function apiGatewayMessage(body: string): string | undefined {
    try {
        const parsed = JSON.parse(body) as unknown;
        if (parsed && typeof parsed === "object") {
            const record = parsed as Record<string, unknown>;
            const message = record.message ?? record.Message;
            if (typeof message === "string" && message.trim()) return message;
        }
    } catch {
        /* not JSON */
    }
    return undefined;
}

/**
 * One line saying why a call failed. `route` ("GET /prod/items") is the
 * method and path that were sent.
 *
 * API Gateway answers "Missing Authentication Token" both to a request
 * without credentials and to any request for a path or method the stage does
 * not have; when credentials were sent, only the second can be the cause.
 */
export function failureReason(status: number, body: string, mode: AuthMode, statusText = "", route?: string): string {
    const message = apiGatewayMessage(body);
    const theRoute = route ? `the route ${route}` : "the route";
    const withKey = mode === "api-key" || mode === "api-key+bearer";
    const withBearer = mode === "bearer" || mode === "api-key+bearer";
    // An authorizer (Cognito or Lambda) answers 401 {"message":"Unauthorized"}.
    if (status === 401 && (!message || /^unauthorized\.?$/i.test(message.trim()))) {
        if (withBearer) {
            return "401: the bearer token was rejected by the API's authorizer (expired, from another issuer, user pool or app client, or an ID token where the route wants an access token with scopes)";
        }
        return "401: the route has an authorizer and no bearer token was sent (use --bearer or SECURE_API_BEARER)";
    }
    if (status === 403 && withBearer && message && /^user is not authorized to access this resource/i.test(message.trim())) {
        return `403: the API's authorizer denied this token for ${theRoute}`;
    }
    if (status === 403) {
        const missingToken = /^missing authentication token\.?$/i.test(message?.trim() ?? "");
        const generic = !message || missingToken || /^forbidden\.?$/i.test(message.trim());
        if (missingToken && mode !== "none") {
            return `403: ${theRoute} probably does not exist in the stage (API Gateway answers "Missing Authentication Token" for an unknown path or method; credentials were sent)`;
        }
        if (withKey && generic) return "403: missing or invalid API key";
        if (mode === "bearer" && generic)
            return (
                `403: forbidden: the token lacks a scope ${theRoute} requires, or the API's Lambda authorizer denied it; ` +
                "if the API also needs an API key, add --api-key, --api-key-param, --stack-output or SECURE_API_KEY"
            );
        if (mode === "iam") {
            if (message && /is not authorized to perform/i.test(message)) {
                return "403: these credentials may not invoke this API (check its execute-api:Invoke policy, or use --role-arn)";
            }
            if (message && /^forbidden\.?$/i.test(message.trim())) {
                // An HTTP API answers a policy that does not allow the route this way too.
                return `403: request signature rejected, or these credentials may not invoke ${theRoute} (check credentials, region, clock, and the execute-api:Invoke policy, or use --role-arn)`;
            }
            if (generic || /signature|security token|expired|credential/i.test(message ?? "")) {
                return "403: request signature rejected (check credentials, region, clock)";
            }
        }
        if (mode === "none" && generic) {
            return `403: no credentials were sent (use an API key option, --bearer, --iam or --iam-secret), or ${theRoute} does not exist`;
        }
    }
    // An HTTP API answers a route or stage it does not have with 404 {"message":"Not Found"}.
    if (status === 404 && message && /^not found\.?$/i.test(message.trim())) {
        return `404: ${theRoute} does not exist in the API (an HTTP API answers "Not Found" for an unknown path, method or stage)`;
    }
    return oneLine(`${status}: ${message ?? (statusText || STATUS_CODES[status] || "HTTP error")}`);
}
