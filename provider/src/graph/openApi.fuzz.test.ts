// The OpenAPI renderer under random route models and features (issue 24): every
// accepted model renders a document that is valid OpenAPI 3.0 (swagger-parser),
// has every path and method of the model with the component's security (only
// CORS preflights without), keeps path templates as the model has them, renders
// the same text whatever the order of the routes, and stays under API Gateway's
// 6 MB body limit. Seeded and bounded (test-support/fuzz.ts).
import SwaggerParser from "@apidevtools/swagger-parser";
import * as fc from "fast-check";
import { fuzzParams } from "../../../test-support/fuzz";
import { InputChecker } from "../shared/inputErrors";
import { HttpValues } from "../shared/schema-types";
import { buildRouteModel, RouteSpec } from "../routes/routeModel";
import { authorizationShare, endpointShare, MethodAuthorization, securityRequirement } from "../edge/edgeInputs";
import { corsSettings, corsShare } from "../edge/cors";
import { policyShare } from "../edge/resourcePolicy";
import { apiOptionsShare } from "./apiOptions";
import { OPENAPI_BODY_LIMIT, openApiDocument, operationKey, renderDocument } from "./openApi";

type R = RouteSpec<string, { type: string; requestTemplates?: Record<string, string> }>;
const arn = (fn: string) =>
    `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${fn}/invocations`;
const AUTHS: MethodAuthorization[] = [
    { authorization: "NONE", apiKeyRequired: true },
    { authorization: "AWS_IAM", apiKeyRequired: false },
];

const segment = fc.oneof(
    fc.constantFrom("users", "a", "{id}", "{proxy+}", "v1.0", "x_y", "-"),
    fc.stringMatching(/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,8}$/),
);
const route: fc.Arbitrary<R> = fc
    .record({
        path: fc.array(segment, { maxLength: 4 }).map(s => `/${s.join("/")}`),
        methods: fc.uniqueArray(fc.constantFrom(...HttpValues.filter(m => m !== "OPTIONS")), { minLength: 1, maxLength: 3 }),
        target: fc.oneof(
            fc.constantFrom("fn", "other").map(h => ({ handler: h })),
            fc.constant({ integration: { type: "MOCK", requestTemplates: { "application/json": '{"statusCode": 200}' } } }),
        ),
    })
    .map(({ target, ...r }) => ({ ...r, ...target }));
const features = fc.record({
    auth: fc.constantFrom(...AUTHS),
    cors: fc.boolean(),
    binary: fc.option(fc.constantFrom<string[]>(["image/png"], ["*/*"]), { nil: undefined }),
    disable: fc.boolean(),
});

function render(routes: R[], f: { auth: MethodAuthorization; cors: boolean; binary?: string[]; disable: boolean }) {
    const check = new InputChecker("T");
    const model = buildRouteModel(routes, check);
    const cors = f.cors ? corsSettings({ allowOrigins: ["https://a.example.com"] }, routes, ["content-type"], check) : undefined;
    if (check.failed) return undefined;
    const text = renderDocument(
        openApiDocument({
            title: "api-stack",
            model,
            target: m =>
                m.target.kind === "lambda"
                    ? { lambda: arn(m.target.handler) }
                    : { integration: (m.target as { integration: unknown }).integration as never },
            security: () => securityRequirement(f.auth),
            shares: [
                authorizationShare(f.auth),
                cors && corsShare(cors, model),
                policyShare(undefined),
                endpointShare(f.disable, undefined),
                apiOptionsShare({ binaryMediaTypes: f.binary }),
            ],
        }),
    );
    return { model, text };
}

test("property: accepted models render valid OpenAPI with every method secured, order-independent, under 6 MB", async () => {
    let rendered = 0;
    await fc.assert(
        fc.asyncProperty(fc.array(route, { minLength: 1, maxLength: 6 }), features, fc.nat(), async (routes, f, rot) => {
            const out = render(routes, f);
            if (!out) return;
            rendered++;
            const { model, text } = out;
            expect(Buffer.byteLength(text)).toBeLessThan(OPENAPI_BODY_LIMIT);
            const doc = JSON.parse(text);
            await SwaggerParser.validate(JSON.parse(text));
            const security = securityRequirement(f.auth);
            for (const m of model.methods) {
                const op = doc.paths[m.path]?.[operationKey(m.method)];
                expect(op).toBeDefined();
                expect(op.security).toEqual(security);
            }
            // Nothing beyond the model's paths, and only preflights (OPTIONS) go without the security requirement.
            expect(Object.keys(doc.paths).sort()).toEqual([...model.paths].sort());
            for (const [p, ops] of Object.entries(doc.paths as Record<string, Record<string, { security?: unknown }>>)) {
                for (const [k, op] of Object.entries(ops)) {
                    if (k === "parameters") continue;
                    if (k === "options") expect(f.cors).toBe(true);
                    else expect(op.security).toEqual(security);
                    expect(p).toBe(p.trim());
                }
            }
            const shifted = routes.map((_, i) => routes[(i + rot) % routes.length]);
            expect(render(shifted, f)?.text).toBe(text);
        }),
        fuzzParams(25),
    );
    expect(rendered).toBeGreaterThan(5);
});
