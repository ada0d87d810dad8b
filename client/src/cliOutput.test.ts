// What `secure-api call` writes, following curl: stdout is the response body
// alone and byte for byte (so `| jq .` and `> file.bin` work), `-i` puts the
// status line and headers first, and HTTP >= 400 exits 1 with the body still
// on stdout (curl --fail-with-body).
import { cli, KEY, useCliWorld } from "./cliHarness.testutil";

jest.setTimeout(60_000);

const world = useCliWorld();

describe("stdout is the response body", () => {
    it("a JSON body alone, no status line, nothing added: it parses as JSON (| jq .)", async () => {
        world.api.respond(() => ({ status: 200, headers: { "content-type": "application/json" }, body: '{"items":[1,2]}' }));
        const run = await cli(["call", "--api-key", KEY, "GET", world.url()]);
        expect(run).toMatchObject({ code: 0, stdout: '{"items":[1,2]}', stderr: "" });
        expect(JSON.parse(run.stdout)).toEqual({ items: [1, 2] });
    });

    it("a binary body (bytes 00..FF) comes out as the same 256 bytes", async () => {
        const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        world.api.respond(() => ({ status: 200, headers: { "content-type": "application/octet-stream" }, body: bytes }));
        const run = await cli(["call", "--api-key", KEY, "GET", world.url("/prod/blob")]);
        expect(run.code).toBe(0);
        expect(run.stdoutBytes).toHaveLength(256);
        expect(run.stdoutBytes.equals(bytes)).toBe(true);
    });

    it("an empty body writes nothing", async () => {
        world.api.respond(() => ({ status: 204 }));
        const run = await cli(["call", "--api-key", KEY, "DELETE", world.url("/prod/items/1")]);
        expect(run).toMatchObject({ code: 0, stdout: "", stderr: "" });
    });
});

describe("-i / --include", () => {
    it("writes the status line and the headers as received, a blank line, then the body (as curl -i)", async () => {
        world.api.respond(() => ({
            status: 201,
            headers: { "Content-Type": "application/json", "X-Amzn-RequestId": "r-1" },
            body: '{"id":7}',
        }));
        const run = await cli(["call", "--api-key", KEY, "-i", "POST", world.url("/prod/items"), "-d", "{}"]);
        expect(run.code).toBe(0);
        const [head, body] = run.stdout.split("\r\n\r\n");
        const lines = head.split("\r\n");
        expect(lines[0]).toBe("HTTP/1.1 201 Created");
        expect(lines).toEqual(expect.arrayContaining(["Content-Type: application/json", "X-Amzn-RequestId: r-1"]));
        expect(body).toBe('{"id":7}');
    });

    it("keeps a binary body intact after the headers", async () => {
        const bytes = Buffer.from([0, 0xff, 0x0d, 0x0a, 0x80]);
        world.api.respond(() => ({ status: 200, body: bytes }));
        const run = await cli(["call", "--api-key", KEY, "--include", "GET", world.url()]);
        expect(run.stdoutBytes.subarray(run.stdoutBytes.length - bytes.length).equals(bytes)).toBe(true);
        expect(run.stdout.startsWith("HTTP/1.1 200 OK\r\n")).toBe(true);
    });
});

describe("HTTP >= 400 (curl --fail-with-body)", () => {
    it("exits 1, the body stays on stdout and one reason line goes to stderr", async () => {
        world.api.respond(() => ({ status: 404, headers: { "content-type": "application/json" }, body: '{"error":"no item 9"}' }));
        const run = await cli(["call", "--api-key", KEY, "GET", world.url("/prod/items/9")]);
        expect(run).toMatchObject({ code: 1, stdout: '{"error":"no item 9"}', stderr: "404: Not Found\n" });
    });

    it("with -i the status line shows the error too", async () => {
        world.api.respond(() => ({ status: 500, body: '{"message":"Internal server error"}' }));
        const run = await cli(["call", "--api-key", KEY, "-i", "GET", world.url()]);
        expect(run.code).toBe(1);
        expect(run.stdout).toMatch(/^HTTP\/1\.1 500 Internal Server Error\r\n[\s\S]*\r\n\r\n\{"message":"Internal server error"\}$/);
    });
});
