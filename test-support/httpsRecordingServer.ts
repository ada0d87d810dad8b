// An HTTPS version of the recording server (recordingServer.ts) for mutual
// TLS: it presents a certificate for 127.0.0.1 and, like an API Gateway custom
// domain with a truststore, completes the handshake only with a client
// certificate issued by the given CA. Each request is recorded with the
// subject CN of the certificate it came with.
import * as https from "https";
import { AddressInfo } from "net";
import type { TLSSocket } from "tls";
import type { RecordedRequest } from "./recordingServer";

export interface MtlsRecordedRequest extends RecordedRequest {
    /** CN of the client certificate the connection presented. */
    clientCertCN?: string;
}

export interface HttpsRecordingServer {
    /** e.g. https://127.0.0.1:41234 */
    url: string;
    requests: MtlsRecordedRequest[];
    /** Handshakes that failed (no or an untrusted client certificate), with the reason. */
    tlsErrors: string[];
    last(): MtlsRecordedRequest;
    reset(): void;
    close(): Promise<void>;
}

export interface HttpsServerOptions {
    cert: Buffer;
    key: Buffer;
    /** The CA client certificates must come from. */
    clientCa: Buffer;
    /** false: a client certificate is asked for but not required. */
    requireClientCert?: boolean;
}

export async function startHttpsRecordingServer(options: HttpsServerOptions): Promise<HttpsRecordingServer> {
    const requests: MtlsRecordedRequest[] = [];
    const tlsErrors: string[] = [];
    const server = https.createServer(
        {
            cert: options.cert,
            key: options.key,
            ca: options.clientCa,
            requestCert: true,
            rejectUnauthorized: options.requireClientCert ?? true,
        },
        (req, res) => {
            const chunks: Buffer[] = [];
            req.on("data", (d: Buffer) => chunks.push(d));
            req.on("end", () => {
                const headers: Record<string, string> = {};
                for (const [name, value] of Object.entries(req.headers)) {
                    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
                }
                const peer = (req.socket as TLSSocket).getPeerCertificate();
                const cn = peer?.subject?.CN;
                requests.push({
                    method: req.method ?? "",
                    url: req.url ?? "",
                    headers,
                    body: Buffer.concat(chunks),
                    clientCertCN: Array.isArray(cn) ? cn.join(",") : cn || undefined,
                });
                res.writeHead(200, { "content-type": "application/json" });
                res.end('{"ok":true}');
            });
        },
    );
    server.on("tlsClientError", e => tlsErrors.push((e as NodeJS.ErrnoException).code ?? e.message));
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `https://127.0.0.1:${port}`,
        requests,
        tlsErrors,
        last() {
            const r = requests[requests.length - 1];
            if (!r) throw new Error("the server has received no request");
            return r;
        },
        reset() {
            requests.length = 0;
            tlsErrors.length = 0;
        },
        close() {
            server.closeAllConnections();
            return new Promise<void>((resolve, reject) => server.close(e => (e ? reject(e) : resolve())));
        },
    };
}
