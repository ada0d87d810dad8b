// Route grants and the mutual TLS truststore URI under random and adversarial
// input: the checks only ever report input errors naming a field, every grant
// they accept is a route the API answers with IAM and renders an execute-api
// resource without braces, and policies stay valid JSON. Seeded and bounded
// (test-support/fuzz.ts).
import * as fc from "fast-check";
import { adversarialString, fuzzParams, onlyInputErrors, wireValue } from "../../../test-support/fuzz";
import { InputChecker } from "../shared/inputErrors";
import { HttpValues } from "../shared/schema-types";
import { routeGrants } from "./routeGrants";
import { invokersSettings } from "./invokers";
import { resourcePolicyDocument } from "./resourcePolicy";
import { truststoreUriProblem } from "./domain";

const LABEL = 'IAMSecureRestApi "api"';
const ROUTES = [
    { path: "/", methods: ["GET"] },
    { path: "/orders", methods: ["GET", "POST"] },
    { path: "/orders/{id}", methods: ["GET", "DELETE"] },
    { path: "/files/{proxy+}", methods: ["ANY"] },
];
const PATHS = ["/", "/orders", "/orders/", "/orders/{id}", "/files/{proxy+}"];
const grant = fc.oneof(
    { arbitrary: fc.record({ method: fc.constantFrom(...HttpValues), path: fc.constantFrom(...PATHS) }), weight: 10 },
    {
        arbitrary: fc.record({ method: fc.oneof(fc.constantFrom("get", ""), wireValue), path: fc.oneof(adversarialString, wireValue) }),
        weight: 1,
    },
    { arbitrary: wireValue, weight: 1 },
);
const grants = fc.oneof({ arbitrary: fc.array(grant, { maxLength: 6 }), weight: 8 }, { arbitrary: wireValue, weight: 1 });
const principal = fc.oneof(
    { arbitrary: fc.constantFrom("111122223333", "arn:aws:iam::123456789012:role/r", "arn:aws-cn:iam::123456789012:user/p/u"), weight: 8 },
    { arbitrary: wireValue, weight: 1 },
);

test("grants: only input errors naming a field; accepted grants are IAM routes rendered without braces", () => {
    fc.assert(
        fc.property(grants, value => {
            const check = new InputChecker(LABEL);
            let accepted: ReturnType<typeof routeGrants>;
            onlyInputErrors(LABEL, () => {
                accepted = routeGrants("policyRoutes", value, ROUTES, check);
                check.throwIfFailed();
            });
            if (check.failed || accepted === undefined) return;
            for (const g of accepted) {
                expect(g.resource).toMatch(/^(\*|[A-Z]+)\/[A-Za-z0-9._*/-]*$/);
                expect(g.resource).not.toMatch(/[{}]/);
            }
            expect(new Set(accepted.map(g => g.resource)).size).toBe(accepted.length);
        }),
        fuzzParams(400),
    );
});

test("invokerGrants: only input errors; an accepted set renders a JSON policy with one statement per grant", () => {
    const entry = fc.oneof({ arbitrary: fc.record({ principal, routes: grants }), weight: 8 }, { arbitrary: wireValue, weight: 1 });
    fc.assert(
        fc.property(
            fc.option(fc.array(principal, { maxLength: 3 }), { nil: undefined }),
            fc.array(entry, { maxLength: 4 }),
            (invokers, value) => {
                const check = new InputChecker(LABEL);
                let settings: ReturnType<typeof invokersSettings>;
                onlyInputErrors(LABEL, () => {
                    settings = invokersSettings(invokers, value, ROUTES, check);
                    check.throwIfFailed();
                });
                if (check.failed || settings === undefined) return;
                const doc = resourcePolicyDocument({ allow: "none", invokers: { ...settings, stageName: "prod" } });
                const statements = doc === undefined ? [] : JSON.parse(doc).Statement;
                expect(statements).toHaveLength((settings.principals.length ? 1 : 0) + settings.grants.length);
            },
        ),
        fuzzParams(300),
    );
});

test("truststoreUriProblem: a reason or nothing, never a throw; accepted URIs are s3://bucket/key", () => {
    const bucket = fc.stringMatching(/^[a-z0-9][a-z0-9.-]{1,20}[a-z0-9]$/);
    const uri = fc.oneof(
        { arbitrary: fc.tuple(bucket, fc.string({ minLength: 1, maxLength: 30 })).map(([b, k]) => `s3://${b}/${k}`), weight: 4 },
        { arbitrary: adversarialString, weight: 1 },
        { arbitrary: wireValue, weight: 1 },
    );
    fc.assert(
        fc.property(uri, u => {
            const problem = truststoreUriProblem(u);
            if (problem === undefined) expect(u).toMatch(/^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+/s);
            else expect(typeof problem).toBe("string");
        }),
        fuzzParams(500),
    );
});
