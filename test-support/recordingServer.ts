// A local HTTP server on 127.0.0.1 that records every request exactly as it
// arrived (raw request target, headers, body bytes) and answers with whatever
// the test says. One per test file; it stands in for API Gateway.
import * as http from "http";
import { AddressInfo } from "net";

export interface RecordedRequest {
    method: string;
    /** The raw request target: path and query as they were on the wire. */
    url: string;
    /** Lower-case names, repeated headers joined with ", ". */
    headers: Record<string, string>;
    body: Buffer;
}

export interface Reply {
    status: number;
    headers?: Record<string, string>;
    /** Text is sent as UTF-8; a Buffer byte for byte. */
    body?: string | Buffer;
    /** Wait this long before answering (timeouts). */
    delayMs?: number;
}

export type Responder = (request: RecordedRequest) => Reply;

export interface RecordingServer {
    /** e.g. http://127.0.0.1:41234 */
    url: string;
    /** e.g. 127.0.0.1:41234, the Host header clients send */
    host: string;
    requests: RecordedRequest[];
    /** The latest request; fails when there is none. */
    last(): RecordedRequest;
    /** Answer following requests with this; the default is 200 {"ok":true}. */
    respond(responder: Responder): void;
    reset(): void;
    close(): Promise<void>;
}

const DEFAULT: Responder = () => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"ok":true}' });

export async function startRecordingServer(): Promise<RecordingServer> {
    const requests: RecordedRequest[] = [];
    let responder = DEFAULT;
    const timers = new Set<NodeJS.Timeout>();
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (d: Buffer) => chunks.push(d));
        req.on("end", () => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(req.headers)) {
                if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
            }
            const recorded = { method: req.method ?? "", url: req.url ?? "", headers, body: Buffer.concat(chunks) };
            requests.push(recorded);
            const reply = responder(recorded);
            const send = () => {
                res.writeHead(reply.status, reply.headers);
                res.end(reply.body ?? "");
            };
            if (reply.delayMs) {
                const t = setTimeout(() => {
                    timers.delete(t);
                    if (!res.destroyed) send();
                }, reply.delayMs);
                timers.add(t);
            } else {
                send();
            }
        });
    });
    await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        host: `127.0.0.1:${port}`,
        requests,
        last() {
            const r = requests[requests.length - 1];
            if (!r) throw new Error("the server has received no request");
            return r;
        },
        respond(r) {
            responder = r;
        },
        reset() {
            requests.length = 0;
            responder = DEFAULT;
        },
        close() {
            for (const t of timers) clearTimeout(t);
            // Node's agent keeps connections alive; close them or close() waits.
            server.closeAllConnections();
            return new Promise<void>((resolve, reject) => server.close(e => (e ? reject(e) : resolve())));
        },
    };
}
