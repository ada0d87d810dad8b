// What may be shown of a request: header values that grant access are
// replaced, whatever else is printed (e.g. under --verbose).

/** Lower-case names of headers whose values are never shown. */
export const SECRET_HEADERS: ReadonlySet<string> = new Set(["x-api-key", "authorization", "x-amz-security-token", "proxy-authorization"]);

export const REDACTED = "[redacted]";

export function redactHeaders(headers: Record<string, string>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) out[name] = SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value;
    return out;
}
