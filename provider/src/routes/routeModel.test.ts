import { InputChecker } from "../shared/inputErrors";
import { arnPath, buildRouteModel, normalizePath, pathSegments, RouteSpec, sourceArnSuffix } from "./routeModel";

type R = RouteSpec<string, { type: string }>;
const model = (routes: R[]) => {
    const check = new InputChecker("T");
    const m = buildRouteModel(routes, check);
    check.throwIfFailed();
    return m;
};

describe("pathSegments", () => {
    test.each([
        ["/", []],
        ["/a", ["a"]],
        ["/a/{id}/b.c_d-e", ["a", "{id}", "b.c_d-e"]],
        ["/files/{proxy+}", ["files", "{proxy+}"]],
        ["/a/", ["a"]],
        ["/a/{id}/", ["a", "{id}"]],
        ["/a/.well-known/..x", ["a", ".well-known", "..x"]],
    ])("%s → %j", (path, segments) => expect(pathSegments(path)).toEqual(segments));

    test.each([
        ["/", "/"],
        ["/a/", "/a"],
        ["/a/b/", "/a/b"],
        ["/a", "/a"],
        ["/a//", "/a//"], // kept, so the empty segment is reported
    ])("normalizePath(%j) = %j", (path, normal) => expect(normalizePath(path)).toBe(normal));

    test.each([
        ["", /must not be empty/],
        ["a", /must start with "\/"/],
        ["/a//", /empty path segment/],
        ["//", /empty path segment/],
        ["/a//b", /empty path segment/],
        ["/a/./b", /segment "\." is not allowed: HTTP clients collapse it/],
        ["/a/..", /segment "\.\." is not allowed/],
        ["/../a", /segment "\.\." is not allowed/],
        ["/a b", /white space/],
        ["/{id", /unbalanced braces/],
        ["/a{id}", /whole segment/],
        ["/{proxy+}/x", /must be the last segment/],
        ["/{id}/{id}", /appears twice/],
        ["/a%20b", /characters API Gateway does not allow/],
    ])("%j is rejected", (path, reason) => expect(() => pathSegments(path)).toThrow(reason));
});

test("ARN paths match any parameter value; ANY matches any method; the stage is named", () => {
    expect(arnPath("/users/{id}/files/{proxy+}")).toBe("/users/*/files/*");
    expect(sourceArnSuffix("prod", "GET", "/")).toBe("/prod/GET/");
    expect(sourceArnSuffix("v1", "ANY", "/a/{b}")).toBe("/v1/*/a/*");
});

describe("buildRouteModel", () => {
    test("shared prefixes become one resource; parents come before children", () => {
        const m = model([
            { path: "/a/b/c", methods: ["GET"], handler: "h" },
            { path: "/a/b", methods: ["POST"], handler: "h" },
            { path: "/a/x", methods: ["PUT"], handler: "h" },
        ]);
        expect(m.resources.map(r => [r.path, r.parentPath, r.pathPart])).toEqual([
            ["/a", "/", "a"],
            ["/a/b", "/a", "b"],
            ["/a/b/c", "/a/b", "c"],
            ["/a/x", "/a", "x"],
        ]);
        expect(m.methods.map(x => x.key)).toEqual(["POST /a/b", "GET /a/b/c", "PUT /a/x"]);
        expect(m.paths).toEqual(["/a/b", "/a/b/c", "/a/x"]);
    });

    test("a trailing slash names the same resource: /a/ and /a share one, and GET on both is a duplicate", () => {
        const m = model([
            { path: "/a/", methods: ["GET"], handler: "h" },
            { path: "/a/b/", methods: ["POST"], handler: "h" },
        ]);
        expect(m.resources.map(r => r.path)).toEqual(["/a", "/a/b"]);
        expect(m.methods.map(x => x.key)).toEqual(["GET /a", "POST /a/b"]);
        expect(m.paths).toEqual(["/a", "/a/b"]);
        const check = new InputChecker("T");
        buildRouteModel(
            [
                { path: "/a", methods: ["GET"], handler: "h" },
                { path: "/a/", methods: ["GET"], handler: "h" },
            ],
            check,
        );
        expect(() => check.throwIfFailed()).toThrow('T: routes[1].methods[0] "GET" is invalid: GET /a is defined twice');
    });

    test("ANY beside explicit methods of the same path is allowed; ANY twice is not", () => {
        const m = model([
            { path: "/a", methods: ["ANY"], handler: "h" },
            { path: "/a", methods: ["GET", "POST"], handler: "h2" },
        ]);
        expect(m.methods.map(x => x.key)).toEqual(["GET /a", "POST /a", "ANY /a"]);
        const check = new InputChecker("T");
        buildRouteModel(
            [
                { path: "/a", methods: ["ANY"], handler: "h" },
                { path: "/a/", methods: ["ANY"], handler: "h" },
            ],
            check,
        );
        expect(() => check.throwIfFailed()).toThrow('T: routes[1].methods[0] "ANY" is invalid: ANY /a is defined twice');
    });

    test("the path defaults to the root, which needs no resource", () => {
        const m = model([{ methods: ["GET", "POST"], handler: "h" }]);
        expect(m.resources).toEqual([]);
        expect(m.methods.map(x => x.key)).toEqual(["GET /", "POST /"]);
    });

    test("the model does not depend on route or method order", () => {
        const routes: R[] = [
            { path: "/b", methods: ["GET", "POST"], handler: "h1" },
            { path: "/a/{id}", methods: ["DELETE"], integration: { type: "MOCK" } },
        ];
        const reversed = [...routes].reverse().map(r => ({ ...r, methods: [...r.methods].reverse() }));
        // Each method keeps the index of the route that defined it (per-route settings are looked up by it); nothing else moves.
        const shape = (m: ReturnType<typeof model>) => JSON.stringify({ ...m, methods: m.methods.map(({ route: _r, ...rest }) => rest) });
        expect(shape(model(reversed))).toBe(shape(model(routes)));
        expect(model(reversed).methods.map(m => [m.key, m.route])).toEqual([
            ["DELETE /a/{id}", 0],
            ["GET /b", 1],
            ["POST /b", 1],
        ]);
    });

    test("all problems of a program are reported at once, each naming its field", () => {
        const check = new InputChecker('SecureRestApi "x"');
        buildRouteModel<string, never>(
            [
                { path: "/a//b", methods: ["GET"], handler: "h" },
                { path: "/ok", methods: ["FETCH"], handler: "h" },
            ],
            check,
        );
        expect(() => check.throwIfFailed()).toThrow(
            /2 invalid inputs:\n {2}- routes\[0\]\.path "\/a\/\/b" is invalid: empty path segment.*\n {2}- routes\[1\]\.methods\[0\] "FETCH" is invalid: unknown HTTP method/s,
        );
    });
});

describe("the $default catch-all route (HTTP APIs)", () => {
    const httpModel = (routes: R[]) => {
        const check = new InputChecker("T");
        const m = buildRouteModel(routes, check, "routes", { catchAll: true });
        return { m, check };
    };

    test("with catchAll: one ANY method keyed $default, no resource and no path of its own", () => {
        const { m, check } = httpModel([
            { path: "/a", methods: ["GET"], handler: "h" },
            { path: "$default", methods: ["ANY"], handler: "h" },
        ]);
        check.throwIfFailed();
        expect(m.methods.map(x => [x.key, x.path, x.method, x.route])).toEqual([
            ["$default", "$default", "ANY", 1],
            ["GET /a", "/a", "GET", 0],
        ]);
        expect(m.paths).toEqual(["/a"]);
        expect(m.resources.map(r => r.path)).toEqual(["/a"]);
        expect(sourceArnSuffix("prod", "ANY", "$default")).toBe("/prod/$default");
    });

    test("it answers every method: anything but [ANY] is refused, and it is defined once", () => {
        const { check } = httpModel([
            { path: "$default", methods: ["GET"], handler: "h" },
            { path: "$default", methods: ["ANY"], handler: "h" },
            { path: "$default", methods: ["ANY"], handler: "h" },
        ]);
        expect(() => check.throwIfFailed()).toThrow(
            /routes\[0\]\.methods \["GET"\] is invalid: the \$default route answers every method.*routes\[2\] .* is invalid: the \$default route is defined twice/s,
        );
    });

    test("REST APIs have no catch-all: $default is an invalid path there", () => {
        const check = new InputChecker("T");
        buildRouteModel<string, never>([{ path: "$default", methods: ["ANY"], handler: "h" }], check);
        expect(() => check.throwIfFailed()).toThrow('routes[0].path "$default" is invalid: a path must start with "/"');
    });
});
