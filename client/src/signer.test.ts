// AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015 edition),
// from test-support/sigv4-suite.json, which the Python client's tests read
// too. The vectors go through our signer module, and where the request is
// plain ASCII also through the URL-based request builder the client uses, so
// both layers are held to AWS's answers.
import { HttpRequest } from "@smithy/protocol-http";
import SUITE_FILE from "../../test-support/sigv4-suite.json";
import { buildHttpRequest } from "./request";
import { regionFromUrl, signRequest } from "./signer";

interface Vector {
    name: string;
    /** The .req file's request line and body. */
    method: string;
    target: string;
    headers?: Record<string, string>;
    body?: string;
    sessionToken?: string;
    /** A raw non-ASCII path neither client sends as is: signer only. */
    rawPath?: boolean;
    authorization: string;
}

const SUITE = {
    credentials: SUITE_FILE.credentials,
    region: SUITE_FILE.region,
    service: SUITE_FILE.service,
    signingDate: new Date(SUITE_FILE.signingDate),
};
const VECTORS: Vector[] = SUITE_FILE.vectors;
const URL_VECTORS = VECTORS.filter(v => !v.rawPath);

function sign(request: HttpRequest, sessionToken?: string) {
    return signRequest(request, { ...SUITE, credentials: { ...SUITE.credentials, sessionToken } });
}

describe("signRequest against AWS's SigV4 test suite", () => {
    it("reads every vector of the shared file", () => {
        expect(VECTORS.map(v => v.name)).toEqual([
            "get-vanilla",
            "get-vanilla-query-order-key-case",
            "post-x-www-form-urlencoded",
            "post-sts-token/post-sts-header-before",
            "get-utf8",
        ]);
    });

    it.each(VECTORS)("$name: the suite's request signs to the suite's Authorization", async v => {
        const [path, search = ""] = v.target.split("?");
        const query: Record<string, string> = {};
        for (const pair of search.split("&").filter(Boolean)) {
            const [k, val] = pair.split("=");
            query[k] = val;
        }
        const request = new HttpRequest({
            method: v.method,
            protocol: "https:",
            hostname: SUITE_FILE.host,
            path,
            query,
            // The suite's X-Amz-Date header is left to the signer, which writes it from signingDate.
            headers: { ...v.headers, Host: SUITE_FILE.host },
            body: v.body,
        });
        const signed = await sign(request, v.sessionToken);
        expect(signed.headers.authorization).toBe(v.authorization);
        expect(signed.headers["x-amz-date"]).toBe(SUITE_FILE.amzDate);
        if (v.sessionToken) expect(signed.headers["x-amz-security-token"]).toBe(v.sessionToken);
    });

    it.each(URL_VECTORS)("$name: the same request built from its URL signs the same", async v => {
        const request = buildHttpRequest({
            url: `https://${SUITE_FILE.host}${v.target}`,
            method: v.method,
            headers: v.headers,
            body: v.body,
        });
        expect((await sign(request, v.sessionToken)).headers.authorization).toBe(v.authorization);
    });

    it("signs for execute-api when no service is named", async () => {
        const request = buildHttpRequest({ url: "https://abc123.execute-api.eu-west-1.amazonaws.com/prod/" });
        const signed = await signRequest(request, { credentials: SUITE.credentials, region: "eu-west-1", signingDate: SUITE.signingDate });
        expect(signed.headers.authorization).toContain("Credential=AKIDEXAMPLE/20150830/eu-west-1/execute-api/aws4_request");
        expect(signed.headers["x-amz-content-sha256"]).toBeUndefined();
    });

    it("leaves the request it was given unchanged", async () => {
        const request = buildHttpRequest({ url: "https://example.amazonaws.com/" });
        await sign(request);
        expect(request.headers.authorization).toBeUndefined();
    });
});

describe("regionFromUrl", () => {
    it.each([
        ["https://abc123.execute-api.eu-west-1.amazonaws.com/prod/x", "eu-west-1"],
        ["https://abc123.execute-api.us-gov-west-1.amazonaws.com/", "us-gov-west-1"],
        ["https://abc123.execute-api.cn-north-1.amazonaws.com.cn/prod", "cn-north-1"],
        ["https://abc123-vpce-0123456789abcdef0.execute-api.ap-southeast-2.amazonaws.com/prod", "ap-southeast-2"],
        ["https://vpce-0123-abcd.execute-api.us-east-2.vpce.amazonaws.com/prod", "us-east-2"],
    ])("%s → %s", (url, region) => expect(regionFromUrl(url)).toBe(region));

    it.each([
        "https://api.example.com/prod",
        "http://127.0.0.1:8080/",
        "https://execute-api.eu-west-1.amazonaws.com.evil.example/",
        "not a url",
    ])("%s has no region", url => expect(regionFromUrl(url)).toBeUndefined());
});
