// Lambda resource-policy size, run in a fresh `node` by bench/run.js:
//   node bench/policy-child.js <N>
// Builds SecureRestApi (provider/dist) with the benchmark's program, N paths
// with GET and POST each on one Lambda, under pulumi.runtime.setMocks; renders
// the function's resource policy as Lambda stores it from the registered
// aws.lambda.Permission inputs (provider/dist/graph/lambdaPolicy.js, which the
// provider's tests check against an independent renderer); and computes the
// upper bound the component checks at construction (the same statements with
// the longest possible ARNs), for the default scope and for scope METHOD
// (whose statements are planned, not built: at this size the component refuses them).
// Prints one JSON line: { n, statements, bytes, bound, methodStatements, methodBound }.
"use strict";
const path = require("path");
const { createRequire } = require("module");

const n = Number(process.argv[2]);
if (!Number.isInteger(n) || n < 1) {
    console.error("usage: node bench/policy-child.js <N>");
    process.exit(2);
}
const DIST = path.join(__dirname, "..", "provider", "dist");
const req = createRequire(path.join(DIST, "index.js"));
const pulumi = req("@pulumi/pulumi");

const FUNCTION_ARN = "arn:aws:lambda:us-east-1:123456789012:function:fn";
const permissions = [];
pulumi.runtime.setMocks({
    newResource(args) {
        const id = `${args.name}-id`;
        let extra = {};
        if (args.type === "aws:apigateway/restApi:RestApi") {
            extra = { rootResourceId: `${id}-root`, executionArn: `arn:aws:execute-api:us-east-1:123456789012:${id}` };
        } else if (args.type === "aws:apigateway/stage:Stage") {
            extra = { invokeUrl: `https://${args.inputs.restApi}.execute-api.us-east-1.amazonaws.com/${args.inputs.stageName}` };
        } else if (args.type === "aws:lambda/function:Function") {
            extra = { name: "fn", arn: FUNCTION_ARN, invokeArn: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${FUNCTION_ARN}/invocations`, region: "us-east-1" };
        } else if (args.type === "aws:lambda/permission:Permission") {
            permissions.push(args.inputs);
        }
        return { id, state: { ...args.inputs, ...extra } };
    },
    call() {
        throw new Error("no invoke expected in this program");
    },
}, "proj", "dev", false);

const aws = req("@pulumi/aws");
const { SecureRestApi, lambdaRoute } = require(path.join(DIST, "index.js"));
const { lambdaPolicyBytes } = require(path.join(DIST, "graph", "lambdaPolicy.js"));
const { permissionPolicyBounds, planLambdaPermissions } = require(path.join(DIST, "graph", "lambdaPermissions.js"));
const { buildRouteModel } = require(path.join(DIST, "routes", "routeModel.js"));
const { InputChecker } = require(path.join(DIST, "shared", "inputErrors.js"));

const fn = new aws.lambda.Function("fn", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "index.handler" });
const routes = Array.from({ length: n }, (_, k) => lambdaRoute(fn, `/r${String(k).padStart(4, "0")}`, "GET", "POST"));
// executionLogs decided here, so the component reads nothing of the account (no invoke, no AWS call): this measures the Lambda policy.
const api = new SecureRestApi("api", { routes, apiKeyValue: "0123456789abcdefghijKLMNOPqrstuv", apiResourceQuota: n + 1, executionLogs: {} });

const bound = scope => {
    const plans = planLambdaPermissions(buildRouteModel(routes, new InputChecker("bench")).methods, { stackName: "proj-dev", stageName: "prod", scope });
    return { statements: plans.length, bytes: permissionPolicyBounds(plans).get("fn") };
};

api.apiEndpoint.apply(async () => {
    // Let the last registrations arrive.
    let last = -1;
    while (last !== permissions.length) {
        last = permissions.length;
        await new Promise(r => setTimeout(r, 50));
    }
    const statements = permissions.map(p => ({ sid: p.statementId, functionArn: FUNCTION_ARN, sourceArn: p.sourceArn }));
    const stage = bound("STAGE");
    const method = bound("METHOD");
    console.log(JSON.stringify({
        n, statements: statements.length, bytes: lambdaPolicyBytes(statements), bound: stage.bytes,
        methodStatements: method.statements, methodBound: method.bytes,
    }));
    process.exit(0);
});
