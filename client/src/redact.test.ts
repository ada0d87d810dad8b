import { REDACTED, redactHeaders } from "./redact";

describe("redactHeaders", () => {
    it("hides the values that grant access, whatever their case, and keeps the rest", () => {
        expect(
            redactHeaders({
                "x-api-key": "k",
                Authorization: "AWS4-HMAC-SHA256 Credential=…",
                "X-Amz-Security-Token": "t",
                "proxy-authorization": "p",
                "x-amz-date": "20150830T123600Z",
                host: "h",
            }),
        ).toEqual({
            "x-api-key": REDACTED,
            Authorization: REDACTED,
            "X-Amz-Security-Token": REDACTED,
            "proxy-authorization": REDACTED,
            "x-amz-date": "20150830T123600Z",
            host: "h",
        });
    });
});
