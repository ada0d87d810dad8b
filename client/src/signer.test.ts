// AWS's published SigV4 test suite (aws-sig-v4-test-suite, 2015 edition),
// typed in from its .req and .authz files. The vectors go through our signer
// module, and where the request is plain ASCII also through the URL-based
// request builder the client uses, so both layers are held to AWS's answers.
import { HttpRequest } from "@smithy/protocol-http";
import { buildHttpRequest } from "./request";
import { regionFromUrl, signRequest } from "./signer";

const SUITE = {
    credentials: { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" },
    region: "us-east-1",
    service: "service",
    signingDate: new Date("2015-08-30T12:36:00Z"), // 20150830T123600Z
};
const CREDENTIAL = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request";

interface Vector {
    name: string;
    /** The .req file's request line and body. */
    method: string;
    target: string;
    headers?: Record<string, string>;
    body?: string;
    sessionToken?: string;
    authorization: string;
}

const VECTORS: Vector[] = [
    {
        name: "get-vanilla",
        method: "GET",
        target: "/",
        authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31`,
    },
    {
        name: "get-vanilla-query-order-key-case",
        method: "GET",
        target: "/?Param2=value2&Param1=value1",
        authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500`,
    },
    {
        name: "post-x-www-form-urlencoded",
        method: "POST",
        target: "/",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: "Param1=value1",
        authorization: `${CREDENTIAL}, SignedHeaders=content-type;host;x-amz-date, Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a`,
    },
    {
        name: "post-sts-token/post-sts-header-before",
        method: "POST",
        target: "/",
        sessionToken:
            "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YUuwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQcHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/oLxBA==",
        authorization: `${CREDENTIAL}, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=85d96828115b5dc0cfc3bd16ad9e210dd772bbebba041836c64533a82be05ead`,
    },
];

function sign(request: HttpRequest, sessionToken?: string) {
    return signRequest(request, { ...SUITE, credentials: { ...SUITE.credentials, sessionToken } });
}

describe("signRequest against AWS's SigV4 test suite", () => {
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
            hostname: "example.amazonaws.com",
            path,
            query,
            // The suite's X-Amz-Date header is left to the signer, which writes it from signingDate.
            headers: { ...v.headers, Host: "example.amazonaws.com" },
            body: v.body,
        });
        const signed = await sign(request, v.sessionToken);
        expect(signed.headers.authorization).toBe(v.authorization);
        expect(signed.headers["x-amz-date"]).toBe("20150830T123600Z");
        if (v.sessionToken) expect(signed.headers["x-amz-security-token"]).toBe(v.sessionToken);
    });

    it.each(VECTORS)("$name: the same request built from its URL signs the same", async v => {
        const request = buildHttpRequest({ url: `https://example.amazonaws.com${v.target}`, method: v.method, headers: v.headers, body: v.body });
        expect((await sign(request, v.sessionToken)).headers.authorization).toBe(v.authorization);
    });

    it("get-utf8: a raw UTF-8 path is percent-encoded once in the canonical request", async () => {
        // This vector's wire path is the raw character; the client itself
        // always sends it percent-encoded (see request.test.ts).
        const request = new HttpRequest({
            method: "GET",
            protocol: "https:",
            hostname: "example.amazonaws.com",
            path: "/ሴ",
            headers: { host: "example.amazonaws.com" },
        });
        expect((await sign(request)).headers.authorization).toBe(
            `${CREDENTIAL}, SignedHeaders=host;x-amz-date, Signature=8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85`,
        );
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

    it.each(["https://api.example.com/prod", "http://127.0.0.1:8080/", "https://execute-api.eu-west-1.amazonaws.com.evil.example/", "not a url"])(
        "%s has no region",
        url => expect(regionFromUrl(url)).toBeUndefined(),
    );
});
