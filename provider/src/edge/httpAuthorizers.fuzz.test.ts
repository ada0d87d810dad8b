// SecureHttpApi's authorization and CORS checks under random and adversarial
// input: they only ever report input errors naming a field, and whatever they
// accept renders a document in which every route operation has exactly one
// security requirement naming a scheme the document declares, scopes only on
// JWT routes, and no ANY, $default or OPTIONS route beside cors (where it would
// take the browser's preflight). Seeded and bounded (test-support/fuzz.ts).
import * as fc from "fast-check";
import { installMocks } from "../../../test-support/pulumiMocks";
import { adversarialString, fuzzParams, onlyInputErrors, wireValue } from "../../../test-support/fuzz";

installMocks();
import * as aws from "@pulumi/aws";
import { InputChecker } from "../shared/inputErrors";
import { buildRouteModel, DEFAULT_ROUTE } from "../routes/routeModel";
import { HttpValues } from "../shared/schema-types";
import { httpAuthSettings, httpAuthShare, httpSecurityRequirement, ResolvedHttpAuthorizer } from "./httpAuthorizers";
import { httpCorsSettings } from "./httpCors";
import { httpRoutesShare } from "../graph/httpApiDocument";
import { assembleDocument } from "../graph/openApi";

const LABEL = 'SecureHttpApi "api"';
const fn = new aws.lambda.Function("auth", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "index.handler" });
const POOL = "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Abc123";

const goodAuthorizer = fc.oneof(
    fc.constant({ type: "iam" }),
    fc.record({
        type: fc.constant("jwt"),
        issuer: fc.constantFrom("https://issuer.example.com/", "https://login.example.org/tenant/v2.0"),
        audiences: fc.uniqueArray(fc.constantFrom("a", "b", "web"), { minLength: 1, maxLength: 3 }),
        name: fc.option(fc.constantFrom("oidc", "jwt", "partner"), { nil: undefined }),
    }),
    fc.record({ type: fc.constant("cognito"), userPoolArns: fc.constant([POOL]), audiences: fc.constant(["client"]) }),
    fc.record({
        type: fc.constant("request"),
        function: fc.constant(fn),
        identitySources: fc.option(fc.constantFrom(["$request.header.X-Token"], ["$request.querystring.t", "$context.identity.sourceIp"]), {
            nil: undefined,
        }),
        resultTtlInSeconds: fc.option(fc.integer({ min: 0, max: 3600 }), { nil: undefined }),
        simpleResponses: fc.option(fc.boolean(), { nil: undefined }),
    }),
);
// Mostly well-formed authorizers, some with a field of any shape, some anything at all.
const authorizer = fc.oneof(
    { arbitrary: goodAuthorizer, weight: 16 },
    {
        arbitrary: fc
            .tuple(goodAuthorizer, fc.constantFrom("issuer", "audiences", "identitySources", "type", "name", "userPoolArns"), wireValue)
            .map(([a, k, v]) => ({ ...a, [k]: v })),
        weight: 3,
    },
    { arbitrary: wireValue, weight: 1 },
);
const route = fc
    .record({
        path: fc.oneof(
            { arbitrary: fc.constantFrom("/", "/orders", "/orders/{id}", "/files/{proxy+}", DEFAULT_ROUTE), weight: 12 },
            { arbitrary: adversarialString, weight: 1 },
        ),
        methods: fc.oneof(
            { arbitrary: fc.subarray(["GET", "POST", "PUT", "DELETE"], { minLength: 1 }), weight: 12 },
            { arbitrary: fc.subarray([...HttpValues], { minLength: 1 }), weight: 3 },
            { arbitrary: wireValue, weight: 1 },
        ),
        handler: fc.constant(fn),
        authorizer: fc.option(authorizer, { nil: undefined, freq: 2 }),
        authorizationScopes: fc.option(
            fc.oneof({ arbitrary: fc.constant(["orders/read"]), weight: 4 }, { arbitrary: wireValue, weight: 1 }),
            { nil: undefined, freq: 2 },
        ),
        strayScopes: fc.integer({ min: 0, max: 9 }).map(n => n === 0),
    })
    // The catch-all answers every method, as its route must say; scopes mostly where a JWT authorizer reads them.
    .map(({ strayScopes, ...r }) => {
        const jwt = ["jwt", "cognito"].includes((r.authorizer as { type?: unknown } | undefined)?.type as string);
        return {
            ...r,
            methods: r.path === DEFAULT_ROUTE && Array.isArray(r.methods) ? ["ANY"] : r.methods,
            authorizationScopes: jwt || strayScopes ? r.authorizationScopes : undefined,
        };
    });
const cors = fc.option(
    fc.oneof({ arbitrary: fc.constant({ allowOrigins: ["https://app.example.com"] }), weight: 4 }, { arbitrary: wireValue, weight: 1 }),
    { nil: undefined, freq: 2 },
);

test("authorization and CORS: only input errors naming a field; what is accepted renders one declared scheme per operation", () => {
    fc.assert(
        fc.property(
            fc.option(authorizer, { nil: undefined }),
            fc.uniqueArray(route, { selector: r => r.path, minLength: 1, maxLength: 4 }),
            cors,
            (fallback, routes, corsInput) => {
                const check = new InputChecker(LABEL);
                let rendered: Record<string, any> | undefined;
                onlyInputErrors(LABEL, () => {
                    const model = buildRouteModel(routes as never, check, "routes", { catchAll: true });
                    const auth = httpAuthSettings(fallback as never, routes, check);
                    const c = httpCorsSettings(corsInput as never, routes, ["authorization"], check);
                    check.throwIfFailed();
                    if (c) {
                        for (const m of model.methods) expect(["ANY", "OPTIONS"]).not.toContain(m.method);
                    }
                    const resolved: Record<string, ResolvedHttpAuthorizer> = Object.fromEntries(
                        [...auth.authorizers].map(([n, a]) => [
                            n,
                            {
                                issuer: typeof a.issuer === "string" ? a.issuer : undefined,
                                userPoolArn: typeof a.userPoolArn === "string" ? a.userPoolArn : undefined,
                                audiences: Array.isArray(a.audiences) ? (a.audiences as string[]) : undefined,
                                invokeArn: a.function ? "arn:aws:apigateway:us-east-1:lambda:path/x/invocations" : undefined,
                            },
                        ]),
                    );
                    rendered = assembleDocument({ title: "t" }, [
                        httpRoutesShare({
                            model,
                            target: () => ({ lambda: "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/f/invocations" }),
                            security: m => httpSecurityRequirement(auth.byRoute.get(m.route)!),
                        }),
                        httpAuthShare(auth, resolved, LABEL),
                    ]);
                });
                if (!rendered) return;
                const schemes = rendered.components?.securitySchemes ?? {};
                for (const ops of Object.values<Record<string, any>>(rendered.paths)) {
                    for (const op of Object.values(ops)) {
                        expect(op.security).toHaveLength(1);
                        const [[name, scopes]] = Object.entries<string[]>(op.security[0]);
                        expect(schemes).toHaveProperty([name]);
                        if (scopes.length) expect(schemes[name]["x-amazon-apigateway-authorizer"].type).toBe("jwt");
                    }
                }
            },
        ),
        fuzzParams(300),
    );
});
