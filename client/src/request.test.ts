// The client against a local server that records what arrives: the API key
// header, and SigV4 signatures recomputed from the received request with
// @smithy/signature-v4 (test-support/sigv4Check.ts), for a query string, a
// JSON body, non-ASCII and pre-encoded paths and temporary credentials.
import { Sha256 } from "@aws-crypto/sha256-js";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";
import { RecordingServer, startRecordingServer } from "../../test-support/recordingServer";
import { expectedAuthorization, signedHeaderNames } from "../../test-support/sigv4Check";
import { buildHttpRequest, callApi, formatQuery, parseQuery, prepareRequest, requestUrl } from "./request";

// Made-up credentials: nothing here reaches AWS.
const CREDENTIALS = { accessKeyId: "AKIDLOCALTEST0000001", secretAccessKey: "local/test/secret/0000000000000000000000" };
const REGION = "eu-west-1";

let server: RecordingServer;
beforeAll(async () => {
    server = await startRecordingServer();
});
afterAll(() => server.close());
beforeEach(() => server.reset());

async function expectValidSignature(credentials: { accessKeyId: string; secretAccessKey: string } = CREDENTIALS) {
    const received = server.last();
    expect(received.headers.authorization).toMatch(
        new RegExp(`^AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/\\d{8}/${REGION}/execute-api/aws4_request, `),
    );
    expect(signedHeaderNames(received.headers.authorization)).toEqual(expect.arrayContaining(["host", "x-amz-date"]));
    expect(received.headers.authorization).toBe(await expectedAuthorization(received, { credentials, region: REGION }));
}

describe("API key mode", () => {
    it("sends the key in x-api-key and returns status, headers and body", async () => {
        server.respond(() => ({ status: 201, headers: { "content-type": "application/json", "x-trace": "t1" }, body: '{"id":7}' }));
        const response = await callApi({
            url: `${server.url}/prod/items`,
            method: "post",
            body: '{"a":1}',
            auth: { apiKey: "k".repeat(40) },
        });
        expect(response).toEqual({
            status: 201,
            statusText: "Created",
            headers: expect.objectContaining({ "content-type": "application/json", "x-trace": "t1" }),
            body: '{"id":7}',
            rawBody: Buffer.from('{"id":7}'),
            httpVersion: "1.1",
            rawHeaders: expect.arrayContaining([["x-trace", "t1"]]),
        });
        const received = server.last();
        expect(received.method).toBe("POST");
        expect(received.url).toBe("/prod/items");
        expect(received.headers["x-api-key"]).toBe("k".repeat(40));
        expect(received.headers.authorization).toBeUndefined();
        expect(received.body.toString()).toBe('{"a":1}');
        expect(received.headers["content-length"]).toBe("7");
    });

    it("trims white space around the key (a key piped from a file ends with a newline)", async () => {
        await callApi({ url: `${server.url}/prod/`, auth: { apiKey: ` ${"k".repeat(40)}\r\n` } });
        expect(server.last().headers["x-api-key"]).toBe("k".repeat(40));
    });

    it.each([
        ["a line break inside", `${"k".repeat(20)}\n${"k".repeat(20)}`],
        ["a control character", `${"k".repeat(40)}\u0007`],
        ["only white space", " \n"],
    ])("refuses a key with %s, without showing it", async (_, apiKey) => {
        const error = (await callApi({ url: `${server.url}/prod/`, auth: { apiKey } }).catch((e: Error) => e)) as Error;
        expect(error.message).toMatch(
            /^the API key (is empty|contains white space, control or non-ASCII characters, which an HTTP header cannot carry \(the key is not shown\))$/,
        );
        expect(error.message).not.toContain("k".repeat(20));
        expect(server.requests).toHaveLength(0);
    });

    it("sends nothing secret without auth", async () => {
        await callApi({ url: `${server.url}/prod/` });
        expect(server.last().headers["x-api-key"]).toBeUndefined();
        expect(server.last().headers.authorization).toBeUndefined();
    });

    it("returns error statuses instead of throwing", async () => {
        server.respond(() => ({ status: 403, body: '{"message":"Forbidden"}' }));
        const response = await callApi({ url: `${server.url}/prod/`, auth: { apiKey: "wrong-key-wrong-key-1" } });
        expect(response.status).toBe(403);
        expect(response.body).toBe('{"message":"Forbidden"}');
    });
});

describe("IAM mode: the signature matches the request that arrived", () => {
    it("signs a query string (unsorted, repeated, spaces, plus, reserved and non-ASCII characters)", async () => {
        await callApi({
            url: `${server.url}/prod/items?b=2&a=1&a=0&q=hello%20world&plus=1+1&sym=%24%26%3D&empty&uni=ü`,
            auth: { iam: CREDENTIALS, region: REGION },
        });
        // On the wire the query is RFC 3986-encoded, the canonical request's own encoding.
        expect(server.last().url).toBe("/prod/items?b=2&a=1&a=0&q=hello%20world&plus=1%2B1&sym=%24%26%3D&empty=&uni=%C3%BC");
        await expectValidSignature();
    });

    it("signs a JSON body and its content type", async () => {
        const body = JSON.stringify({ name: "Zoë", tags: ["a", "b"], n: 1 });
        await callApi({
            url: `${server.url}/prod/items`,
            method: "PUT",
            body,
            headers: { "Content-Type": "application/json" },
            auth: { iam: CREDENTIALS, region: REGION },
        });
        const received = server.last();
        expect(received.body.toString("utf8")).toBe(body);
        expect(signedHeaderNames(received.headers.authorization)).toContain("content-type");
        await expectValidSignature();
    });

    it("signs a binary body byte for byte", async () => {
        const body = Uint8Array.from([0, 255, 128, 10, 13, 0x7f]);
        await callApi({ url: `${server.url}/prod/blob`, method: "POST", body, auth: { iam: CREDENTIALS, region: REGION } });
        expect([...server.last().body]).toEqual([...body]);
        await expectValidSignature();
    });

    it("signs a non-ASCII path in its percent-encoded wire form", async () => {
        await callApi({ url: `${server.url}/prod/café/ሴ/a b`, auth: { iam: CREDENTIALS, region: REGION } });
        expect(server.last().url).toBe("/prod/caf%C3%A9/%E1%88%B4/a%20b");
        await expectValidSignature();
    });

    it("keeps an already-encoded path as given (an encoded slash stays one segment)", async () => {
        await callApi({ url: `${server.url}/prod/users/a%2Fb/%C3%A9`, auth: { iam: CREDENTIALS, region: REGION } });
        expect(server.last().url).toBe("/prod/users/a%2Fb/%C3%A9");
        await expectValidSignature();
    });

    it("signs the session token of temporary credentials", async () => {
        const temporary = { ...CREDENTIALS, sessionToken: "FwoGZXIvYXdzEXAMPLE//session+token==" };
        await callApi({ url: `${server.url}/prod/`, auth: { iam: temporary, region: REGION } });
        const received = server.last();
        expect(received.headers["x-amz-security-token"]).toBe(temporary.sessionToken);
        expect(signedHeaderNames(received.headers.authorization)).toContain("x-amz-security-token");
        await expectValidSignature();
    });

    it("with a fixed signing date, sends exactly what SignatureV4 computes for the hand-built canonical request", async () => {
        const signingDate = new Date("2015-08-30T12:36:00Z");
        await callApi({
            url: `${server.url}/prod/caf%C3%A9?z=9&a=x%20y`,
            method: "POST",
            body: '{"k":"v"}',
            headers: { "content-type": "application/json" },
            auth: { iam: CREDENTIALS, region: REGION, signingDate },
        });
        const received = server.last();
        expect(received.headers["x-amz-date"]).toBe("20150830T123600Z");
        const port = Number(server.host.split(":")[1]);
        const independent = await new SignatureV4({
            service: "execute-api",
            region: REGION,
            credentials: CREDENTIALS,
            sha256: Sha256,
            applyChecksum: false,
        }).sign(
            new HttpRequest({
                method: "POST",
                protocol: "http:",
                hostname: "127.0.0.1",
                port,
                path: "/prod/caf%C3%A9",
                query: { z: "9", a: "x y" },
                headers: { host: server.host, "content-type": "application/json" },
                body: '{"k":"v"}',
            }),
            { signingDate },
        );
        expect(received.headers.authorization).toBe(independent.headers.authorization);
        expect(received.headers.authorization).toMatch(
            /^AWS4-HMAC-SHA256 Credential=AKIDLOCALTEST0000001\/20150830\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
        );
    });

    it("the check is not vacuous: the same signature fails for another path or body", async () => {
        await callApi({ url: `${server.url}/prod/a?x=1`, method: "POST", body: "one", auth: { iam: CREDENTIALS, region: REGION } });
        const received = server.last();
        const good = await expectedAuthorization(received, { credentials: CREDENTIALS, region: REGION });
        expect(received.headers.authorization).toBe(good);
        expect(await expectedAuthorization({ ...received, url: "/prod/b?x=1" }, { credentials: CREDENTIALS, region: REGION })).not.toBe(
            good,
        );
        expect(await expectedAuthorization({ ...received, url: "/prod/a?x=2" }, { credentials: CREDENTIALS, region: REGION })).not.toBe(
            good,
        );
        expect(
            await expectedAuthorization({ ...received, body: Buffer.from("two") }, { credentials: CREDENTIALS, region: REGION }),
        ).not.toBe(good);
        expect(await expectedAuthorization(received, { credentials: CREDENTIALS, region: "us-east-1" })).not.toBe(good);
    });

    it("takes the region from an execute-api URL", async () => {
        const request = await prepareRequest({
            url: "https://abc123.execute-api.ap-south-1.amazonaws.com/prod/",
            auth: { iam: CREDENTIALS },
        });
        expect(request.headers.authorization).toContain("/ap-south-1/execute-api/aws4_request");
        expect(request.headers.host).toBe("abc123.execute-api.ap-south-1.amazonaws.com");
    });

    it("refuses to guess a region for other hosts", async () => {
        await expect(callApi({ url: `${server.url}/prod/`, auth: { iam: CREDENTIALS } })).rejects.toThrow(
            "cannot tell the API's region from 127.0.0.1 (not an execute-api host): give the region",
        );
        expect(server.requests).toHaveLength(0);
    });
});

describe("sending", () => {
    it("gives up after the timeout", async () => {
        server.respond(() => ({ status: 200, delayMs: 5000 }));
        await expect(callApi({ url: `${server.url}/slow`, timeoutMs: 200 })).rejects.toThrow("no response from 127.0.0.1 within 200 ms");
    });

    it("rejects URLs it cannot send", () => {
        expect(() => buildHttpRequest({ url: "ftp://example.com/x" })).toThrow("unsupported URL scheme ftp:");
        expect(() => buildHttpRequest({ url: "https://u:p@example.com/x" })).toThrow("credentials in the URL are not supported");
        expect(() => buildHttpRequest({ url: "https://example.com/", headers: { "bad name": "x" } })).toThrow(
            'invalid header name "bad name"',
        );
        expect(() => buildHttpRequest({ url: "https://example.com/", headers: { a: "x\r\nInjected: 1" } })).toThrow("line break");
    });

    it("keeps a binary response byte for byte in rawBody (all 256 byte values)", async () => {
        const bytes = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
        server.respond(() => ({ status: 200, headers: { "content-type": "application/octet-stream" }, body: bytes }));
        const response = await callApi({ url: `${server.url}/prod/blob` });
        expect(response.rawBody.equals(bytes)).toBe(true);
    });

    it("names the API's origin when it cannot connect, and says the AWS endpoint overrides do not apply", async () => {
        const closed = await startRecordingServer();
        await closed.close();
        await expect(callApi({ url: `${closed.url}/prod/x` })).rejects.toThrow(
            `cannot connect to the API at ${closed.url} (ECONNREFUSED): check the URL (--endpoint-url and AWS_ENDPOINT_URL_* apply only to the AWS lookups, not to the API)`,
        );
    });

    it("reports the URL as sent", () => {
        expect(requestUrl(buildHttpRequest({ url: "https://h.example:8443/a/../b/ü?x=a+b" }))).toBe(
            "https://h.example:8443/b/%C3%BC?x=a%2Bb",
        );
    });
});

describe("query strings", () => {
    it("parses names and values with RFC 3986 decoding", () => {
        expect(parseQuery("?a=1&b=x%20y&a=2&c&d=&e=1+1&f=%E2%9C%93&g=%zz")).toEqual({
            a: ["1", "2"],
            b: "x y",
            c: "",
            d: "",
            e: "1+1",
            f: "✓",
            g: "%zz",
        });
    });

    it("formats them back with RFC 3986 encoding", () => {
        expect(formatQuery({ a: ["1", "2"], b: "x y", "k!": "(*)'~", n: null })).toBe("?a=1&a=2&b=x%20y&k%21=%28%2A%29%27~");
        expect(formatQuery({})).toBe("");
    });
});
