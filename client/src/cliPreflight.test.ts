// A CORS preflight (OPTIONS with Origin and Access-Control-Request-*), sent
// the way a browser sends it: no API key, no SigV4 signature, no AWS
// credentials anywhere. A component with `cors` answers it from an
// unauthenticated MOCK integration, played here by a recording server.
import { RecordingServer, Reply, startRecordingServer } from "../../test-support/recordingServer";
import { cli } from "./cliHarness.testutil";

jest.setTimeout(30_000);

const ORIGIN = "https://app.example.com";
let api: RecordingServer;
beforeAll(async () => {
    api = await startRecordingServer();
    // Like API Gateway with cors: OPTIONS is answered with the CORS headers; anything else needs the key.
    api.respond((req): Reply =>
        req.method === "OPTIONS"
            ? {
                  status: 204,
                  headers: {
                      "access-control-allow-origin": ORIGIN,
                      "access-control-allow-methods": "OPTIONS,GET,POST",
                      "access-control-allow-headers": "content-type,x-api-key",
                  },
              }
            : {
                  status: 403,
                  headers: { "content-type": "application/json", "access-control-allow-origin": ORIGIN },
                  body: '{"message":"Forbidden"}',
              },
    );
});
afterAll(() => api.close());

test("a preflight needs no credentials: sent without key or signature, answered 204 with the CORS headers", async () => {
    const run = await cli([
        "call",
        "-i",
        "-H",
        `Origin: ${ORIGIN}`,
        "-H",
        "Access-Control-Request-Method: POST",
        "-H",
        "Access-Control-Request-Headers: content-type,x-api-key",
        "OPTIONS",
        `${api.url}/prod/items`,
    ]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^HTTP\/1\.1 204/);
    expect(run.stdout.toLowerCase()).toContain(`access-control-allow-origin: ${ORIGIN}`);
    expect(run.stdout.toLowerCase()).toContain("access-control-allow-headers: content-type,x-api-key");
    const sent = api.last();
    expect(sent).toMatchObject({ method: "OPTIONS", url: "/prod/items" });
    expect(sent.headers).toMatchObject({ origin: ORIGIN, "access-control-request-method": "POST" });
    // Nothing that authenticates: the harness gives the CLI no key, no AWS credentials, no profile.
    expect(Object.keys(sent.headers).filter(h => h === "x-api-key" || h === "authorization" || h.startsWith("x-amz-"))).toEqual([]);
});

test("the same call with GET is refused (403, exit 1): only the preflight is open", async () => {
    const run = await cli(["call", "-H", `Origin: ${ORIGIN}`, "GET", `${api.url}/prod/items`]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('{"message":"Forbidden"}');
});
