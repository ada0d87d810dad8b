// Outputs describe what AWS serves (issue 24, rule 3): a custom domain's URL
// outputs name the host and base path API Gateway serves, so the inputs AWS
// would treat otherwise are refused (domain.ts, with the AWS rule cited there).
import { InputChecker } from "../shared/inputErrors";
import { domainSettings, hostnameProblem } from "./domain";

const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/11111111-2222-3333-4444-555555555555";
const problems = (domain: Record<string, unknown>) => {
    const check = new InputChecker('SecureRestApi "api"');
    domainSettings({ certificateArn: CERT, ...domain } as never, "EDGE", "us-east-1", check);
    try {
        check.throwIfFailed();
        return undefined;
    } catch (e) {
        return (e as Error).message;
    }
};

test("a domain name with upper-case letters is refused, naming the lower-case one", () => {
    expect(problems({ domainName: "API.Example.com" })).toBe(
        'SecureRestApi "api": domain.domainName "API.Example.com" is invalid: must be in lower case ("api.example.com"): ' +
            "API Gateway does not accept upper-case letters in a custom domain name",
    );
    expect(hostnameProblem("api.example.com")).toBeUndefined();
});

test('basePath "(none)" is API Gateway\'s empty base path: refused, the URL would not be served', () => {
    expect(problems({ domainName: "api.example.com", basePath: "(none)" })).toBe(
        'SecureRestApi "api": domain.basePath "(none)" is invalid: is API Gateway\'s name for no base path (the stage would be served at the domain\'s root); leave basePath out instead',
    );
    expect(problems({ domainName: "api.example.com", basePath: "(v1)" })).toBeUndefined();
});
