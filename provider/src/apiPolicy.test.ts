// A PRIVATE API's resource policy stays within API Gateway's 8,192 characters:
// checked at construction when the VPC endpoint ids are plain, else when they
// resolve, before the RestApi that takes the policy can be created.
import * as pulumi from "@pulumi/pulumi";
import { installMocks } from "../../test-support/pulumiMocks";

installMocks();
import { API_POLICY_MAX_CHARS, privateApiPolicy, privateApiPolicyDocument } from "./apiPolicy";
import { InputChecker } from "./inputErrors";

/** The rejection of an output's value; its other promises (isKnown, ...) are settled too, so nothing is left unhandled. */
function failureOf(o: pulumi.Input<string>): Promise<unknown> {
    const out = o as unknown as { isKnown: Promise<unknown>; isSecret: Promise<unknown>; allResources(): Promise<unknown>; promise(): Promise<unknown> };
    for (const p of [out.isKnown, out.isSecret, out.allResources()]) p.catch(() => undefined);
    return out.promise().then(() => undefined, e => e);
}

const ids = (n: number) => Array.from({ length: n }, (_, i) => `vpce-${String(i).padStart(17, "0")}`);
/** The most endpoint ids of this length whose policy fits. */
let fits = 1;
while (privateApiPolicyDocument(ids(fits + 1)).length <= API_POLICY_MAX_CHARS) fits++;

test("the policy allows execute-api:Invoke only from the given VPC endpoints", () => {
    expect(JSON.parse(privateApiPolicyDocument(["vpce-1", "vpce-2"])).Statement).toEqual([{
        Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*",
        Condition: { StringEquals: { "aws:SourceVpce": ["vpce-1", "vpce-2"] } },
    }]);
});

test("plain ids: accepted while the policy fits in 8,192 characters, reported at construction past it", () => {
    expect(fits).toBeGreaterThan(300);
    const ok = new InputChecker("SecureRestApi \"p\"");
    expect(privateApiPolicy(ids(fits), ok)).toBe(privateApiPolicyDocument(ids(fits)));
    expect(ok.failed).toBe(false);
    const bad = new InputChecker("SecureRestApi \"p\"");
    privateApiPolicy(ids(fits + 1), bad);
    expect(() => bad.throwIfFailed()).toThrow(new RegExp(`^SecureRestApi "p": vpcEndpointIds \\["vpce-0+",.*\\.\\.\\. is invalid: the PRIVATE API's resource policy would be ${
        privateApiPolicyDocument(ids(fits + 1)).length} characters with ${fits + 1} VPC endpoints, more than API Gateway's limit of 8192$`));
});

test("ids that are outputs: the policy fails when they resolve, naming the field, so the RestApi taking it is never created", async () => {
    const check = new InputChecker("SecureRestApi \"p\"");
    const error = await failureOf(privateApiPolicy(pulumi.output(ids(fits + 1)), check));
    expect(check.failed).toBe(false);
    expect(pulumi.RunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/^SecureRestApi "p": vpcEndpointIds \[.* is invalid: the PRIVATE API's resource policy would be \d+ characters with \d+ VPC endpoints/);
    const fine = privateApiPolicy(pulumi.output(ids(2)), check) as pulumi.Output<string>;
    expect(await (fine as unknown as { promise(): Promise<string> }).promise()).toBe(privateApiPolicyDocument(ids(2)));
});
