// Building, authorizing and sending one HTTP request to a deployed API.
//
// SigV4 signs the path and query as the server receives them, so the request
// is built once in wire form (HttpRequest: encoded path, decoded query map)
// and both the signer and the sender read that same object. The query is
// re-serialized with RFC 3986 encoding, the same encoding the canonical
// request uses, so there is no second spelling of it to disagree with.
import { X509Certificate } from "crypto";
import * as http from "http";
import * as https from "https";
import * as tls from "tls";
import { HttpRequest, IHttpRequest } from "@smithy/protocol-http";
import { type Credentials, networkErrorCode } from "./awsConfig";
import { regionFromUrl, signRequest } from "./signer";

/** `x-api-key`; with `bearer` too for a SecureRestApi route that also has an authorizer. */
export type ApiKeyAuth = { apiKey: string; bearer?: string };
/**
 * `Authorization: Bearer TOKEN` (a Cognito ID or access token, a token for a
 * Lambda authorizer); a value that already has a scheme ("Bearer x",
 * "Basic x") is sent as given. `apiKey` as well when the route needs both.
 */
export type BearerAuth = { bearer: string; apiKey?: string };
export type IamAuth = {
    iam: Credentials;
    /** The API's region; else read from an execute-api URL. */
    region?: string;
    /** Sign as of this time instead of now (tests, reproducible examples). */
    signingDate?: Date;
    /** SigV4 signing name; `execute-api` (API Gateway) when absent. */
    service?: string;
};
export type Auth = ApiKeyAuth | BearerAuth | IamAuth;

/**
 * A client certificate for mutual TLS and/or the CA to trust the API's
 * certificate with, in PEM (the contents, not file names). `cert` and `key`
 * go together; `ca` replaces the default trust store.
 */
export interface ClientTls {
    cert?: string | Buffer;
    key?: string | Buffer;
    ca?: string | Buffer;
}

export interface RequestOptions {
    url: string | URL;
    /** HTTP method; GET when absent. */
    method?: string;
    body?: string | Uint8Array;
    headers?: Record<string, string>;
    /** Absent: the request goes out unauthenticated. */
    auth?: Auth;
}

export interface SendOptions {
    /** Give up after this many milliseconds; 30 s when absent. */
    timeoutMs?: number;
    /** Client certificate (mutual TLS) and trusted CA; https:// only. */
    tls?: ClientTls;
}

export interface CallOptions extends RequestOptions, SendOptions {}

export interface ApiResponse {
    status: number;
    statusText: string;
    /** Lower-case names; repeated headers joined with ", ". */
    headers: Record<string, string>;
    /** The body decoded as UTF-8, for text and JSON. */
    body: string;
    /** The body exactly as received (binary bodies: images, archives, …). */
    rawBody: Buffer;
    /** "1.1" */
    httpVersion: string;
    /** The headers as received: their case and order, repeats kept (what `curl -i` shows). */
    rawHeaders: [string, string][];
}

export const API_KEY_HEADER = "x-api-key";

/** RFC 3986 percent-encoding: everything but A–Z a–z 0–9 - _ . ~ */
export function rfc3986(text: string): string {
    return encodeURIComponent(text).replace(/[!'()*]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decodeComponent(text: string): string {
    try {
        return decodeURIComponent(text);
    } catch {
        return text; // a stray "%" stays literal, as servers treat it
    }
}

/**
 * Splits a query string (with or without "?") into a decoded map. "+" stays a
 * literal plus: SigV4 and API Gateway follow RFC 3986, not HTML forms.
 * Repeated names become arrays; a name without "=" has the value "".
 */
export function parseQuery(search: string): Record<string, string | string[]> {
    const query: Record<string, string | string[]> = {};
    for (const piece of search.replace(/^\?/, "").split("&")) {
        if (!piece) continue;
        const eq = piece.indexOf("=");
        const name = decodeComponent(eq < 0 ? piece : piece.slice(0, eq));
        const value = eq < 0 ? "" : decodeComponent(piece.slice(eq + 1));
        const prior = Object.prototype.hasOwnProperty.call(query, name) ? query[name] : undefined;
        query[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
    return query;
}

/** The wire form of a query map: "" or "?a=1&b=x%20y". */
export function formatQuery(query: IHttpRequest["query"]): string {
    const parts: string[] = [];
    for (const [name, value] of Object.entries(query ?? {})) {
        if (value === null || value === undefined) continue;
        for (const v of Array.isArray(value) ? value : [value]) parts.push(`${rfc3986(name)}=${rfc3986(v)}`);
    }
    return parts.length ? `?${parts.join("&")}` : "";
}

/** The URL a request goes to, as sent. */
export function requestUrl(request: IHttpRequest): string {
    const port = request.port ? `:${request.port}` : "";
    return `${request.protocol}//${request.hostname}${port}${request.path}${formatQuery(request.query)}`;
}

/**
 * The unauthenticated request in wire form. WHATWG URL parsing gives the path
 * exactly as it goes on the wire (non-ASCII percent-encoded as UTF-8, dot
 * segments resolved); the query is parsed into a map.
 */
export function buildHttpRequest(options: RequestOptions): HttpRequest {
    const url = typeof options.url === "string" ? new URL(options.url) : options.url;
    if (url.protocol !== "https:" && url.protocol !== "http:") {
        throw new Error(`unsupported URL scheme ${url.protocol} (use https:// or http://)`);
    }
    if (url.username || url.password) throw new Error("credentials in the URL are not supported");
    const method = (options.method ?? "GET").toUpperCase();
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(options.headers ?? {})) {
        if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new Error(`invalid header name ${JSON.stringify(name)}`);
        if (/[\r\n]/.test(value)) throw new Error(`header ${name} has a line break in its value`);
        headers[name.toLowerCase()] = value;
    }
    // Host is signed, so it must be the one the sender writes (port included when not the default).
    headers.host = url.host;
    return new HttpRequest({
        method,
        protocol: url.protocol,
        hostname: url.hostname,
        port: url.port ? Number(url.port) : undefined,
        path: url.pathname || "/",
        query: parseQuery(url.search),
        headers,
        body: options.body,
    });
}

/** Builds the request and adds the auth: the x-api-key header and/or a bearer token, or a SigV4 signature. */
export async function prepareRequest(options: RequestOptions): Promise<IHttpRequest> {
    const request = buildHttpRequest(options);
    const auth = options.auth;
    if (!auth) return request;
    if (!("iam" in auth)) {
        if (auth.apiKey === undefined && auth.bearer === undefined) throw new Error("auth needs apiKey, bearer or iam");
        if (auth.apiKey !== undefined) request.headers[API_KEY_HEADER] = headerSafeApiKey(auth.apiKey);
        if (auth.bearer !== undefined) request.headers.authorization = bearerAuthorization(auth.bearer);
        return request;
    }
    if ((auth as Partial<BearerAuth>).bearer !== undefined || (auth as Partial<ApiKeyAuth>).apiKey !== undefined) {
        throw new Error("auth: iam signs the request (its own Authorization header); it cannot be combined with bearer or apiKey");
    }
    const region = auth.region ?? regionFromUrl(options.url);
    if (!region) {
        throw new Error(`cannot tell the API's region from ${request.hostname} (not an execute-api host): give the region`);
    }
    return signRequest(request, { credentials: auth.iam, region, service: auth.service, signingDate: auth.signingDate });
}

/**
 * The key without surrounding white space: a key piped from a file or
 * `echo` ends with a newline, which HTTP forbids in a header value. Anything
 * else that does not fit a header is refused without showing the key.
 */
export function headerSafeApiKey(apiKey: string): string {
    const key = apiKey.trim();
    if (!key) throw new Error("the API key is empty");
    if (!/^[\x21-\x7e]+$/.test(key)) {
        throw new Error(
            "the API key contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the key is not shown)",
        );
    }
    return key;
}

/** The Authorization value for a bearer token; never shows the token when it refuses one. */
export function bearerAuthorization(token: string): string {
    const value = token.trim();
    if (!value) throw new Error("the bearer token is empty");
    if (/^[\x21-\x7e]+$/.test(value)) return `Bearer ${value}`;
    // Already "Scheme credentials" (Bearer, Basic, a Lambda authorizer's own): sent as given.
    if (/^[!#$%&'*+.^_`|~0-9A-Za-z-]+ [\x21-\x7e]+$/.test(value)) return value;
    throw new Error(
        "the bearer token contains white space, control or non-ASCII characters, which an HTTP header cannot carry (the token is not shown)",
    );
}

// The API's certificate is not one the client trusts.
const UNTRUSTED =
    /^(SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|CERT_UNTRUSTED|CERT_HAS_EXPIRED|CERT_NOT_YET_VALID|ERR_TLS_CERT_ALTNAME_INVALID)$/;
// The handshake failed: a TLS alert from the server, e.g. no or an unaccepted client certificate.
const HANDSHAKE = /^(EPROTO|ERR_SSL_.*)$/;

/** The TLS context options, checked before anything is sent; an error names the problem, never the key. */
export function checkClientTls(options: ClientTls): void {
    if (Boolean(options.cert) !== Boolean(options.key)) throw new Error("a client certificate needs both cert and key");
    const reason = (e: unknown) => ((e as { message?: string }).message ?? String(e)).replace(/\s+/g, " ");
    try {
        tls.createSecureContext({ cert: options.cert, key: options.key });
    } catch (e) {
        throw new Error(`cannot use the client certificate and key: ${reason(e)}`);
    }
    if (options.ca !== undefined) {
        // Node skips PEM blocks that are not certificates, so a wrong file would go unnoticed.
        try {
            new X509Certificate(options.ca);
            tls.createSecureContext({ ca: options.ca });
        } catch (e) {
            throw new Error(`cannot use the CA certificate: ${reason(e)}`);
        }
    }
}

/** Why the API could not be reached, naming where it was looked for. */
function connectionError(request: IHttpRequest, error: Error, tlsOptions?: ClientTls): Error {
    const origin = `${request.protocol}//${request.hostname}${request.port ? `:${request.port}` : ""}`;
    const errorCode = (error as { code?: unknown }).code;
    const tlsCode = typeof errorCode === "string" ? errorCode : "";
    if (UNTRUSTED.test(tlsCode)) {
        return Object.assign(
            new Error(
                `the API's certificate at ${origin} is not trusted (${tlsCode}): check the URL, or give the CA that issued it (--cacert)`,
                { cause: error },
            ),
            { code: tlsCode },
        );
    }
    if (HANDSHAKE.test(tlsCode)) {
        const why = tlsOptions?.cert
            ? "the server did not accept the client certificate (--cert/--key): check that a CA in the domain's truststore issued it and that it has not expired"
            : "the server may require a client certificate (mutual TLS): give one with --cert and --key";
        return Object.assign(new Error(`the TLS handshake with the API at ${origin} failed (${tlsCode}): ${why}`, { cause: error }), {
            code: tlsCode,
        });
    }
    const code = networkErrorCode(error);
    if (!code) return error;
    if (code === "ECONNRESET" && request.protocol === "https:" && tlsOptions?.cert) {
        // TLS 1.3: the server checks the client certificate after the client has finished its part of the handshake and hangs up.
        return Object.assign(
            new Error(
                `the API at ${origin} closed the connection (ECONNRESET): the server may not have accepted the client certificate (--cert/--key): ` +
                    "check that a CA in the domain's truststore issued it and that it has not expired",
                { cause: error },
            ),
            { code },
        );
    }
    return Object.assign(
        new Error(
            `cannot connect to the API at ${origin} (${code}): check the URL ` +
                "(--endpoint-url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)",
            { cause: error },
        ),
        { code },
    );
}

/** Sends a prepared request exactly as it is; no redirects are followed (a signature covers one host). */
export function sendRequest(request: IHttpRequest, options: SendOptions = {}): Promise<ApiResponse> {
    const clientTls = options.tls;
    if (clientTls) {
        if (request.protocol !== "https:") return Promise.reject(new Error("a client certificate or CA (tls) needs an https:// URL"));
        try {
            checkClientTls(clientTls);
        } catch (e) {
            return Promise.reject(e as Error);
        }
    }
    const body: Buffer | undefined =
        request.body === undefined || request.body === null
            ? undefined
            : typeof request.body === "string"
              ? Buffer.from(request.body, "utf8")
              : Buffer.from(request.body as Uint8Array);
    // Added after signing and never signed: proxies may rewrite them.
    const headers: Record<string, string> = { ...request.headers, "user-agent": "secure-api-client" };
    if (body) headers["content-length"] = String(body.length);
    const transport = request.protocol === "https:" ? https : http;
    const timeoutMs = options.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
        const req = transport.request(
            {
                method: request.method,
                hostname: request.hostname.replace(/^\[(.*)\]$/, "$1"),
                port: request.port,
                path: request.path + formatQuery(request.query),
                headers,
                timeout: timeoutMs,
                ...(clientTls ? { cert: clientTls.cert, key: clientTls.key, ca: clientTls.ca } : {}),
            },
            res => {
                const chunks: Buffer[] = [];
                res.on("data", (d: Buffer) => chunks.push(d));
                res.on("error", reject);
                res.on("end", () => {
                    const out: Record<string, string> = {};
                    for (const [name, value] of Object.entries(res.headers)) {
                        if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
                    }
                    const rawHeaders: [string, string][] = [];
                    for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) rawHeaders.push([res.rawHeaders[i], res.rawHeaders[i + 1]]);
                    const rawBody = Buffer.concat(chunks);
                    resolve({
                        status: res.statusCode ?? 0,
                        statusText: res.statusMessage ?? "",
                        headers: out,
                        body: rawBody.toString("utf8"),
                        rawBody,
                        httpVersion: res.httpVersion,
                        rawHeaders,
                    });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error(`no response from ${request.hostname} within ${timeoutMs} ms`)));
        req.on("error", e => reject(connectionError(request, e, clientTls)));
        req.end(body);
    });
}

/** Calls the API once and returns the response, whatever its status. */
export async function callApi(options: CallOptions): Promise<ApiResponse> {
    return sendRequest(await prepareRequest(options), { timeoutMs: options.timeoutMs, tls: options.tls });
}
