// Recomputes a request's SigV4 Authorization the way the receiving side does:
// from the request as it arrived (raw path, query, the headers named in
// SignedHeaders, body bytes, X-Amz-Date), with AWS's own signer. A client that
// signs something other than what it sends fails this check.
import { Sha256 } from "@aws-crypto/sha256-js";
import { SignatureV4 } from "@smithy/signature-v4";
import type { RecordedRequest } from "./recordingServer";

export interface SigningSecrets {
    accessKeyId: string;
    secretAccessKey: string;
}

/** "20150830T123600Z" → Date */
export function parseAmzDate(value: string): Date {
    const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
    if (!m) throw new Error(`not an X-Amz-Date: ${value}`);
    return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
}

export function signedHeaderNames(authorization: string): string[] {
    const m = /SignedHeaders=([^,\s]+)/.exec(authorization);
    if (!m) throw new Error("no SignedHeaders in the Authorization header");
    return m[1].split(";");
}

/** The Authorization header the receiver expects for this recorded request. */
export async function expectedAuthorization(
    recorded: RecordedRequest,
    options: { credentials: SigningSecrets; region: string; service?: string },
): Promise<string> {
    const authorization = recorded.headers.authorization;
    if (!authorization) throw new Error("the request has no Authorization header");
    const headers: Record<string, string> = {};
    for (const name of signedHeaderNames(authorization)) {
        if (recorded.headers[name] === undefined) throw new Error(`signed header ${name} did not arrive`);
        headers[name] = recorded.headers[name];
    }
    const q = recorded.url.indexOf("?");
    const path = q < 0 ? recorded.url : recorded.url.slice(0, q);
    const query: Record<string, string | string[]> = {};
    for (const pair of (q < 0 ? "" : recorded.url.slice(q + 1)).split("&").filter(Boolean)) {
        const eq = pair.indexOf("=");
        const name = decodeURIComponent(eq < 0 ? pair : pair.slice(0, eq));
        const value = eq < 0 ? "" : decodeURIComponent(pair.slice(eq + 1));
        const prior = query[name];
        query[name] = prior === undefined ? value : Array.isArray(prior) ? [...prior, value] : [prior, value];
    }
    const signer = new SignatureV4({
        service: options.service ?? "execute-api",
        region: options.region,
        credentials: { ...options.credentials, sessionToken: recorded.headers["x-amz-security-token"] },
        sha256: Sha256,
        applyChecksum: false,
    });
    const [hostname, port] = recorded.headers.host.split(":");
    const signed = await signer.sign(
        {
            method: recorded.method,
            protocol: "http:",
            hostname,
            port: port ? Number(port) : undefined,
            path,
            query,
            headers,
            body: recorded.body.length ? recorded.body : undefined,
        },
        { signingDate: parseAmzDate(recorded.headers["x-amz-date"]) },
    );
    return signed.headers.authorization;
}
