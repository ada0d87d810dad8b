// The audit's reads, through the AWS SDK's API Gateway client, against a
// recorded-response API Gateway (test-support/recorded-api-gateway.js) serving
// each shared case's snapshot as AWS answers it: the reads rebuild exactly the
// snapshot (pages followed, methods embedded, key values dropped, refusals
// recorded with their permission), so the audit of the live API is the case's.
// The Python client runs the same (client-python/tests/test_audit_read.py).
import * as fs from "fs";
import * as path from "path";
import { APIGatewayClient } from "@aws-sdk/client-api-gateway";
import { auditApis, compareApi, readLiveApi } from ".";

const { start, casesToServe, KEY_VALUE } = require("../../../test-support/recorded-api-gateway.js");
const DIR = path.join(__dirname, "..", "..", "..", "test-support", "audit-cases", "compare");
const files = fs
    .readdirSync(DIR)
    .filter(f => f.endsWith(".json"))
    .map(f => path.join(DIR, f));
const CREDENTIALS = { accessKeyId: "AKIARECORDED00000001", secretAccessKey: "recorded/0000000000000000000000000000001" };

describe("readLiveApi against recorded API Gateway answers", () => {
    it.each(files.map(f => [path.basename(f, ".json"), f]))("%s", async (_name, file) => {
        const c = JSON.parse(fs.readFileSync(file, "utf8"));
        const server = await start(casesToServe([file]));
        try {
            const snapshot = await readLiveApi(c.expectation, { region: "us-east-1", endpoint: server.url, credentials: CREDENTIALS });
            expect(snapshot).toEqual(c.snapshot);
            expect(compareApi(c.expectation, snapshot)).toEqual(c.audit);
            // Only reads; the export asked for with API Gateway's extensions, as JSON; methods embedded; no key value asked for.
            const requests = server.requests as { method: string; path: string; query: Record<string, string>; accept?: string }[];
            expect(requests.every(r => r.method === "GET")).toBe(true);
            for (const r of requests.filter(r => r.path.endsWith("/exports/oas30"))) {
                expect([r.query.extensions, r.accept]).toEqual(["integrations,authorizers", "application/json"]);
            }
            for (const r of requests.filter(r => r.path.endsWith("/resources"))) expect(r.query.embed).toBe("methods");
            for (const r of requests.filter(r => r.path.startsWith("/apikeys/"))) expect(r.query.includeValue).toBe("false");
            expect(JSON.stringify(snapshot)).not.toContain(KEY_VALUE);
        } finally {
            await server.close();
        }
    });

    it("follows every page of a paged answer (pages of two here)", async () => {
        const file = path.join(DIR, "clean-secure.json");
        const server = await start(casesToServe([file]));
        try {
            const c = JSON.parse(fs.readFileSync(file, "utf8"));
            const snapshot = await readLiveApi(c.expectation, { region: "us-east-1", endpoint: server.url, credentials: CREDENTIALS });
            expect(snapshot.resources?.map(r => r.path)).toEqual(["/", "/hello", "/orders", "/orders/{id}"]);
            const pages = (server.requests as { path: string; query: Record<string, string> }[]).filter(r => r.path.endsWith("/resources"));
            expect(pages.map(r => r.query.position)).toEqual([undefined, "2"]);
        } finally {
            await server.close();
        }
    });

    it("cannot reach API Gateway: one unread entry naming the endpoint and its variable, nothing else tried", async () => {
        const c = JSON.parse(fs.readFileSync(path.join(DIR, "clean-secure.json"), "utf8"));
        const client = new APIGatewayClient({
            region: "us-east-1",
            endpoint: "http://127.0.0.1:9",
            credentials: CREDENTIALS,
            maxAttempts: 1,
        });
        const [audit] = await auditApis([c.expectation], { client, endpoint: "http://127.0.0.1:9" });
        client.destroy();
        expect(audit.unread).toHaveLength(1);
        expect(audit.unread[0].what).toBe("REST API");
        expect(audit.unread[0].error).toMatch(
            /cannot connect to API Gateway at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\).*AWS_ENDPOINT_URL_API_GATEWAY/,
        );
        expect(audit.drift).toBe(false);
    });
});
