// Lambda permissions never collide (issue 24, rule 2): over random routes served
// by functions whose Pulumi names repeat or look like the component's own
// prefixes ("test-f", "invoke-f"), every planned permission has its own Pulumi
// name and, per function, its own statement id within Lambda's rule (1-100 of
// letters, digits, "-", "_"). Seeded and bounded (test-support/fuzz.ts).
import * as fc from "fast-check";
import { installMocks } from "../../../test-support/pulumiMocks";
import { fuzzParams } from "../../../test-support/fuzz";

installMocks();
import * as aws from "@pulumi/aws";
import { InputChecker } from "../shared/inputErrors";
import { HttpValues } from "../shared/schema-types";
import { buildRouteModel } from "../routes/routeModel";
import { planLambdaPermissions } from "./lambdaPermissions";

const NAMES = ["f", "f", "test-f", "invoke-f", "f-1", "x/y", "f".repeat(70)];
// Functions with the same Pulumi name are distinct resources (under different parents in a real program).
const functions = NAMES.map(
    n =>
        new aws.lambda.Function(n, {
            role: "arn:aws:iam::123456789012:role/r",
            runtime: "nodejs20.x",
            handler: "index.handler",
            code: undefined as never,
        }),
);

const route = fc.record({
    path: fc.array(fc.constantFrom("a", "b", "{id}", "users", "x_y"), { maxLength: 3 }).map(s => `/${s.join("/")}`),
    methods: fc.uniqueArray(fc.constantFrom(...HttpValues), { minLength: 1, maxLength: 2 }),
    handler: fc.constantFrom(...functions),
});

test("property: permission names and per-function statement ids are unique and valid", () => {
    let planned = 0;
    fc.assert(
        fc.property(
            fc.array(route, { minLength: 1, maxLength: 8 }),
            fc.constantFrom("STAGE", "METHOD"),
            fc.constantFrom("s", "proj-dev", "a.b", "s".repeat(128)),
            (routes, scope, stackName) => {
                const check = new InputChecker("T");
                const model = buildRouteModel(routes, check);
                if (check.failed) return;
                const plans = planLambdaPermissions(model.methods as Parameters<typeof planLambdaPermissions>[0], {
                    stackName,
                    stageName: "prod",
                    scope: scope as "STAGE" | "METHOD",
                });
                planned += plans.length;
                const keys = plans.map(p => p.key);
                expect(new Set(keys).size).toBe(keys.length);
                const sids = plans.map(p => `${p.functionKey}\u0000${p.statementId}`);
                expect(new Set(sids).size).toBe(sids.length);
                // One function key per distinct function, even when two share a Pulumi name.
                const byFunction = new Map<unknown, Set<string>>();
                for (const p of plans) byFunction.set(p.handler, (byFunction.get(p.handler) ?? new Set()).add(p.functionKey));
                const functionKeys = [...byFunction.values()].map(s => [...s]);
                for (const k of functionKeys) expect(k).toHaveLength(1);
                expect(new Set(functionKeys.flat()).size).toBe(functionKeys.length);
                for (const p of plans) expect(p.statementId).toMatch(/^[A-Za-z0-9_-]{1,100}$/);
            },
        ),
        fuzzParams(400),
    );
    expect(planned).toBeGreaterThan(0);
});
