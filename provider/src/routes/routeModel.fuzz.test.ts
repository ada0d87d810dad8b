// The route model under random and adversarial routes (issue 24): it only ever
// reports its own input errors naming a field, and every model it accepts
// yields paths API Gateway accepts and names that never repeat. Seeded and
// bounded (test-support/fuzz.ts).
import * as fc from "fast-check";
import { adversarialString, fuzzParams, onlyInputErrors, wireValue } from "../../../test-support/fuzz";
import { InputChecker } from "../shared/inputErrors";
import { HttpValues } from "../shared/schema-types";
import { buildRouteModel, normalizePath, sourceArnSuffix } from "./routeModel";
import { methodSettingsPath } from "../stage/methodSettings";

const LABEL = 'SecureRestApi "api"';
// A segment API Gateway accepts as a path part: letters, digits, "." "_" "-", or a whole {param} / {param+}.
const PATH_PART = /^([A-Za-z0-9._-]+|\{[A-Za-z0-9._-]+\+?\})$/;

const segment = fc.oneof(
    { arbitrary: fc.constantFrom("users", "a", "A", "{id}", "{key}", "{proxy+}", "v1.0", "_", "-"), weight: 6 },
    { arbitrary: fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,11}$/), weight: 3 },
    { arbitrary: fc.constantFrom(".", "..", "", "{", "}", "{a}{b}", "x y", "é", "a+b", "{a+}", "{}"), weight: 1 },
);
const path = fc.oneof(
    { arbitrary: fc.array(segment, { maxLength: 4 }).map(s => `/${s.join("/")}`), weight: 20 },
    { arbitrary: fc.array(segment, { maxLength: 3 }).map(s => `/${s.join("/")}/`), weight: 1 },
    { arbitrary: adversarialString, weight: 1 },
    { arbitrary: wireValue, weight: 1 },
);
const method = fc.oneof(
    { arbitrary: fc.constantFrom(...HttpValues), weight: 30 },
    { arbitrary: fc.constantFrom("get", "FETCH", ""), weight: 1 },
    { arbitrary: wireValue, weight: 1 },
);
const target = fc.oneof(
    { arbitrary: fc.constantFrom({ handler: "h1" }, { handler: "h2" }, { integration: { type: "MOCK" } }), weight: 8 },
    {
        arbitrary: fc.constantFrom(
            {},
            { handler: null },
            { handler: "h1", integration: { type: "MOCK" } },
            { integration: null, handler: undefined },
        ),
        weight: 1,
    },
);
const route = fc.oneof(
    {
        arbitrary: fc
            .tuple(
                fc.record(
                    {
                        path: fc.option(path, { nil: undefined }),
                        methods: fc.oneof(
                            { arbitrary: fc.array(method, { minLength: 1, maxLength: 3 }), weight: 20 },
                            { arbitrary: wireValue, weight: 1 },
                        ),
                    },
                    { requiredKeys: [] },
                ),
                target,
            )
            .map(([r, t]) => ({ ...r, ...t })),
        weight: 20,
    },
    { arbitrary: wireValue, weight: 1 },
);
const routes = fc.oneof({ arbitrary: fc.array(route, { maxLength: 5 }), weight: 20 }, { arbitrary: wireValue, weight: 1 });

test("property: any routes give a model or the model's own input errors naming routes[...] fields", () => {
    let accepted = 0;
    fc.assert(
        fc.property(routes, rs => {
            const check = new InputChecker(LABEL);
            let model: ReturnType<typeof buildRouteModel> | undefined;
            const err = onlyInputErrors(LABEL, () => {
                model = buildRouteModel(rs as never, check);
                check.throwIfFailed();
            });
            if (err) {
                for (const p of err.problems) expect(p.field).toMatch(/^routes(\[\d+\](\.path|\.methods(\[\d+\])?)?)?$/);
                return;
            }
            accepted++;
            const m = model!;
            // Paths API Gateway accepts; every resource's parent exists before it.
            const seen = new Set(["/"]);
            for (const r of m.resources) {
                expect(r.pathPart).toMatch(PATH_PART);
                expect(seen.has(r.parentPath)).toBe(true);
                seen.add(r.path);
            }
            for (const p of m.paths) {
                expect(
                    p === "/" ||
                        p
                            .split("/")
                            .slice(1)
                            .every(s => PATH_PART.test(s)),
                ).toBe(true);
                expect(normalizePath(p)).toBe(p);
            }
            // Names derived from path and method never repeat: method keys, the child names
            // "{name}-{METHOD}{path}" and "{name}{path}", stage method-settings paths, execute-api ARN suffixes per method.
            const distinct = (xs: string[]) => expect(new Set(xs).size).toBe(xs.length);
            distinct(m.methods.map(x => x.key));
            distinct(m.methods.map(x => `api-${x.method}${x.path}`));
            distinct(m.resources.map(r => `api${r.path}`));
            distinct(
                m.methods.filter(x => x.method !== "ANY").map(x => methodSettingsPath(x.path, x.method as Exclude<typeof x.method, "ANY">)),
            );
            for (const x of m.methods) expect(sourceArnSuffix("prod", x.method, x.path)).not.toMatch(/\s/);
        }),
        fuzzParams(2000),
    );
    expect(accepted).toBeGreaterThan(100);
});

test("property: the model does not depend on the order routes come in", () => {
    const valid = fc.array(
        fc.record({
            path: fc.array(fc.stringMatching(/^[a-c]{1,2}$/), { maxLength: 3 }).map(s => `/${s.join("/")}`),
            methods: fc.uniqueArray(fc.constantFrom(...HttpValues), { minLength: 1, maxLength: 2 }),
            integration: fc.constant({ type: "MOCK" }),
        }),
        { maxLength: 6 },
    );
    fc.assert(
        fc.property(valid, fc.nat(), (rs, rot) => {
            const a = new InputChecker(LABEL);
            const b = new InputChecker(LABEL);
            const shifted = rs.map((_, i) => rs[(i + rot) % rs.length]);
            const ma = buildRouteModel(rs, a);
            const mb = buildRouteModel(shifted, b);
            expect(a.failed).toBe(b.failed);
            if (!a.failed) {
                expect(mb.resources).toEqual(ma.resources);
                expect(mb.methods.map(x => x.key)).toEqual(ma.methods.map(x => x.key));
            }
        }),
        fuzzParams(500),
    );
});
