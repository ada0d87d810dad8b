// Route grants as execute-api resources, and their checks against the routes.
import { grantResource, routeGrants } from "./routeGrants";
import { InputChecker } from "../shared/inputErrors";
import { invokersSettings } from "./invokers";
import { resourcePolicyDocument } from "./resourcePolicy";

const routes = [
    { path: "/", methods: ["GET"] },
    { path: "/orders/{id}", methods: ["GET", "DELETE"] },
    { path: "/files/{proxy+}", methods: ["ANY"] },
    { methods: ["POST"] }, // no path: the root
];

test.each([
    ["GET", "/", "GET/"],
    ["ANY", "/", "*/"],
    ["GET", "/orders/{id}", "GET/orders/*"],
    ["DELETE", "/orders/{id}/items/{item}", "DELETE/orders/*/items/*"],
    ["ANY", "/files/{proxy+}", "*/files/*"],
    ["POST", "/a/b", "POST/a/b"],
])("grantResource(%s, %s) is %s", (method, path, resource) => expect(grantResource(method, path)).toBe(resource));

test("grants of the routes' paths and methods are kept in order; ANY routes answer every method; a route without path is the root", () => {
    const check = new InputChecker('IAMSecureRestApi "t"');
    const grants = routeGrants(
        "policyRoutes",
        [
            { method: "DELETE", path: "/orders/{id}" },
            { method: "PATCH", path: "/files/{proxy+}" },
            { method: "POST", path: "/" },
        ],
        routes,
        check,
    );
    expect(check.failed).toBe(false);
    expect(grants).toEqual([
        { method: "DELETE", path: "/orders/{id}", resource: "DELETE/orders/*" },
        { method: "PATCH", path: "/files/{proxy+}", resource: "PATCH/files/*" },
        { method: "POST", path: "/", resource: "POST/" },
    ]);
});

test("a trailing slash names the same path; a route with its own authorizer cannot be granted by IAM", () => {
    const check = new InputChecker('IAMSecureRestApi "t"');
    const withAuthorizer = [
        ...routes,
        {
            path: "/me",
            methods: ["GET"],
            authorizer: { type: "cognito", userPoolArns: ["arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc"] },
        },
    ];
    expect(routeGrants("policyRoutes", [{ method: "GET", path: "/orders/{id}/" }], withAuthorizer, check)).toEqual([
        { method: "GET", path: "/orders/{id}/", resource: "GET/orders/*" },
    ]);
    routeGrants("policyRoutes", [{ method: "GET", path: "/me" }], withAuthorizer, check);
    expect(() => check.throwIfFailed()).toThrow(
        'IAMSecureRestApi "t": policyRoutes[0].method "GET" is invalid: route "/me" authorizes GET with its own authorizer, not AWS_IAM, so an IAM grant cannot reach it',
    );
});

test("an unknown method is named with the field", () => {
    const check = new InputChecker('IAMSecureRestApi "t"');
    expect(routeGrants("policyRoutes", [{ method: "get", path: "/" }], routes, check)).toBeUndefined();
    expect(() => check.throwIfFailed()).toThrow(
        'IAMSecureRestApi "t": policyRoutes[0].method "get" is invalid: must be one of OPTIONS, GET, HEAD, PUT, POST, DELETE, PATCH, ANY',
    );
});

test("a principal given twice across grants is refused; invokers and grants render one statement each", () => {
    const ok = new InputChecker('IAMSecureRestApi "t"');
    const invokers = invokersSettings(
        ["111122223333"],
        [{ principal: "arn:aws:iam::123456789012:role/r", routes: [{ method: "GET", path: "/orders/{id}" }] }],
        routes,
        ok,
    )!;
    expect(ok.failed).toBe(false);
    expect(JSON.parse(resourcePolicyDocument({ allow: "none", invokers: { ...invokers, stageName: "prod" } })!).Statement).toEqual([
        { Effect: "Allow", Principal: { AWS: ["111122223333"] }, Action: "execute-api:Invoke", Resource: "execute-api:/prod/*/*" },
        {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::123456789012:role/r" },
            Action: "execute-api:Invoke",
            Resource: ["execute-api:/prod/GET/orders/*"],
        },
    ]);
    const twice = new InputChecker('IAMSecureRestApi "t"');
    const grant = { principal: "arn:aws:iam::123456789012:role/r", routes: [{ method: "GET", path: "/" }] };
    invokersSettings(undefined, [grant, grant], routes, twice);
    expect(() => twice.throwIfFailed()).toThrow(
        'IAMSecureRestApi "t": invokerGrants[1].principal "arn:aws:iam::123456789012:role/r" is invalid: is listed twice; give one entry all its routes',
    );
});
