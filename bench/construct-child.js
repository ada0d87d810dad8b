// One construction measurement, run in a fresh `node` process by bench/run.js:
//   node bench/construct-child.js <component|floor> <N>
// Builds a program of N routes (each route: GET and POST on one Lambda) under
// pulumi.runtime.setMocks, either with SecureRestApi (provider/dist, with
// apiKeyValue so no key flow runs) or hand-written with @pulumi/aws (the floor:
// the same resources, the same types, the same inputs: a RestApi whose body is
// the OpenAPI document written out here, not by the component's renderer).
// BENCH_DESIGN=previous with BENCH_DIST=<that design's provider/dist>: the
// component of the previous, per-resource design (bench/previous-design.js;
// component side only), to count what it registers.
// Prints one JSON line:
//   { side, n, count, expected, types, importsMs, doneMs, constructMs, cpuMs, maxRssKb }
// where doneMs is the time from process start (performance.timeOrigin) until
// the mock has answered the last expected registration, and cpuMs the process's
// CPU time (user + system, all threads) up to then.
"use strict";
const path = require("path");
const { createRequire } = require("module");
const { performance } = require("perf_hooks");
const { createHash } = require("crypto");

const side = process.argv[2];
const n = Number(process.argv[3]);
if (!["component", "floor"].includes(side) || !Number.isInteger(n) || n < 1) {
    console.error("usage: node bench/construct-child.js <component|floor> <N>");
    process.exit(2);
}

const DIST = process.env.BENCH_DIST || path.join(__dirname, "..", "provider", "dist");
const PREVIOUS = process.env.BENCH_DESIGN === "previous";
if (PREVIOUS && side !== "component") {
    console.error("construct-child: BENCH_DESIGN=previous has no floor");
    process.exit(2);
}
// Resolve Pulumi exactly as provider/dist does, so both sides share one runtime.
const req = createRequire(path.join(DIST, "index.js"));
const KEY = "0123456789abcdefghijKLMNOPqrstuv"; // >= 20 characters, as API Gateway needs
const COMPONENT_TYPE = "secure-api:index:SecureRestApi";

// The resources a program of N routes registers (both sides): the component,
// the Lambda, and RestApi (its body: every route), the Lambda's 2 Permissions
// (stage and Test button), Deployment, Stage, the stage's method settings (the
// default execution logs), UsagePlan, ApiKey, UsagePlanKey: 11 at any N. The
// previous design registered a Resource per path and a Method and an Integration
// per method, and no method settings: 5N + 10.
const expected = PREVIOUS ? 5 * n + 10 : 11;

// BENCH_COUNT_PROMISES=1: count every promise created (async_hooks; slows the run, so never timed).
let promises = 0;
if (process.env.BENCH_COUNT_PROMISES) {
    require("async_hooks").createHook({ init(_id, type) { if (type === "PROMISE") promises++; } }).enable();
}
const pulumi = req("@pulumi/pulumi");
// BENCH_DUMP=file: also write every registration's inputs there (to compare the two sides).
const dump = process.env.BENCH_DUMP ? {} : undefined;
const types = {};
let count = 0;
let resolveDone;
const done = new Promise(r => (resolveDone = r));

// A minimal engine stand-in, identical for both sides: inputs echoed as state,
// plus the few computed outputs the graph reads.
// BENCH_IDS=replace (the write counts of bench/run.js): a resource's id is
// derived from the inputs whose change replaces it (as the aws provider and the
// suite's stand-in replace them), so a replaced resource gets a new id and the
// resources reading it see the change, as under the engine.
const REPLACE_ON = ["restApi", "resourceId", "parentId", "pathPart", "httpMethod", "statusCode", "triggers",
    "function", "principal", "sourceArn", "statementId", "user", "secretId", "usagePlanId", "keyId"];
const idOf = args => (process.env.BENCH_IDS === "replace"
    ? `${args.name}-${createHash("sha256").update(JSON.stringify(REPLACE_ON.map(k => args.inputs[k]))).digest("hex").slice(0, 8)}`
    : `${args.name}-id`);
pulumi.runtime.setMocks({
    newResource(args) {
        const id = idOf(args);
        const i = args.inputs;
        let extra = {};
        switch (args.type) {
            case "aws:apigateway/restApi:RestApi":
                extra = { rootResourceId: `${id}-root`, executionArn: `arn:aws:execute-api:us-east-1:123456789012:${id}` };
                break;
            case "aws:apigateway/stage:Stage":
                extra = { invokeUrl: `https://${i.restApi}.execute-api.us-east-1.amazonaws.com/${i.stageName}` };
                break;
            case "aws:lambda/function:Function":
                extra = {
                    name: args.name,
                    arn: `arn:aws:lambda:us-east-1:123456789012:function:${args.name}`,
                    invokeArn: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:${args.name}/invocations`,
                    region: "us-east-1",
                };
                break;
        }
        if (dump) dump[`${args.type}::${args.name}`] = i;
        types[args.type] = (types[args.type] ?? 0) + 1;
        count++;
        if (count === expected) resolveDone(performance.now());
        return { id, state: { ...i, ...extra } };
    },
    call(args) {
        // The component's region, for its read of the account's CloudWatch role (answered below).
        if (args.token === "aws:index/getRegion:getRegion") return { region: "us-east-1", name: "us-east-1", id: "us-east-1" };
        throw new Error(`no invoke expected in this program: ${args.token}`);
    },
}, "proj", "dev", false);
// The component's one AWS SDK read outside the key flow (GetAccount: is the account's API Gateway
// CloudWatch role set?), answered as in an account that logs, as the tests' mocks do; the previous
// design has no such read.
const accountRead = path.join(DIST, "stage", "accountCloudWatchRole.js");
if (side === "component" && require("fs").existsSync(accountRead)) {
    req(accountRead).setCloudWatchRoleReader(async () => "arn:aws:iam::123456789012:role/apigateway-cloudwatch");
}

// Imported after setMocks, as the tests do, so every module sees the mocked runtime.
const aws = req("@pulumi/aws");
const routes = Array.from({ length: n }, (_, k) => `/r${String(k).padStart(4, "0")}`);
const METHODS = ["GET", "POST"];

let build;
if (side === "component") {
    const { SecureRestApi, lambdaRoute } = require(path.join(DIST, "index.js"));
    build = () => {
        const fn = lambdaFunction();
        // N paths and the root are N + 1 API Gateway resources: at N = 300, one more than AWS's default quota.
        new SecureRestApi("api", { routes: routes.map(p => lambdaRoute(fn, p, ...METHODS)), apiKeyValue: KEY, apiResourceQuota: n + 1 });
    };
} else {
    build = () => floor(lambdaFunction());
}
// Part of the imports: @pulumi/aws loads each module on first use, so touch
// every class the program uses before the clock starts (both sides alike).
for (const cls of [
    aws.lambda.Function, aws.lambda.Permission, aws.apigateway.RestApi, aws.apigateway.Deployment, aws.apigateway.Stage, aws.apigateway.UsagePlan,
    aws.apigateway.ApiKey, aws.apigateway.UsagePlanKey, aws.apigateway.MethodSettings,
]) {
    if (typeof cls !== "function") throw new Error("@pulumi/aws class missing");
}
const importsMs = performance.now();

function lambdaFunction() {
    return new aws.lambda.Function("fn", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs20.x", handler: "index.handler" });
}

/** JSON with every object's keys sorted, two-space indentation (equal documents, equal text). */
function sortedJson(doc) {
    return JSON.stringify(doc, (_k, v) => (v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.keys(v).sort().map(k => [k, v[k]])) : v), 2);
}

/** The API's OpenAPI 3.0 document, written out by hand: every path's GET and POST, a Lambda proxy integration, the key required. */
function openApiBody(title, invokeArn) {
    const operation = () => ({
        responses: { "200": { description: "The integration's response, passed through" } },
        security: [{ api_key: [] }],
        "x-amazon-apigateway-integration": { type: "aws_proxy", httpMethod: "POST", uri: invokeArn, passthroughBehavior: "when_no_match" },
    });
    return sortedJson({
        openapi: "3.0.1",
        info: { title, version: "1.0" },
        paths: Object.fromEntries(routes.map(p => [p, Object.fromEntries(METHODS.map(m => [m.toLowerCase(), operation()]))])),
        components: { securitySchemes: { api_key: { type: "apiKey", name: "x-api-key", in: "header" } } },
        security: [{ api_key: [] }],
        servers: [{
            url: "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
            description: "The stage's execute-api endpoint (the component's apiEndpoint output)",
            variables: {
                restApiId: { default: "restApiId", description: "The REST API's id, known once AWS creates it" },
                region: { default: "region", description: "The API's region" },
                basePath: { default: "prod" },
            },
        }],
        "x-amazon-apigateway-api-key-source": "HEADER",
    });
}

/** The hand-written equivalent of SecureRestApi for these routes. */
function floor(fn) {
    class Api extends pulumi.ComponentResource {
        constructor(name) {
            super(COMPONENT_TYPE, name, {}, {});
        }
    }
    const name = "api";
    const parent = new Api(name);
    const opts = { parent };
    const stackName = "proj-dev";
    const apiKey = new aws.apigateway.ApiKey(name, {
        name: stackName, description: `API key of ${stackName}`, value: pulumi.secret(KEY), enabled: true,
    }, opts);
    const restApi = new aws.apigateway.RestApi(name, {
        name: stackName, body: fn.invokeArn.apply(arn => openApiBody(stackName, arn)), putRestApiMode: "overwrite",
        endpointConfiguration: { types: "EDGE" }, disableExecuteApiEndpoint: false, apiKeySource: "HEADER",
    }, opts);
    // One permission for the stage and one for the console's Test button, for the one function.
    const permissions = [["invoke", "prod"], ["test-invoke", "test-invoke-stage"]].map(([kind, stage]) =>
        new aws.lambda.Permission(`${name}-${kind}-fn`, {
            action: "lambda:InvokeFunction", function: fn.name, principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${restApi.executionArn}/${stage}/*/*`, statementId: `${stackName}-${kind}-fn`, region: fn.region,
        }, { parent, deleteBeforeReplace: true }));
    const deployment = new aws.apigateway.Deployment(name, {
        restApi: restApi.id,
        description: `Deployment of ${stackName}`,
        triggers: { openApiDocument: restApi.body.apply(text => createHash("sha256").update(text ?? "").digest("hex")) },
    }, { parent, dependsOn: [restApi, ...permissions] });
    const stage = new aws.apigateway.Stage(name, { restApi: restApi.id, deployment: deployment.id, stageName: "prod" }, opts);
    // The default execution logs, in an account whose API Gateway CloudWatch role is set.
    new aws.apigateway.MethodSettings(name, {
        restApi: restApi.id, stageName: stage.stageName, methodPath: "*/*",
        settings: { loggingLevel: "ERROR", dataTraceEnabled: false, metricsEnabled: true },
    }, opts);
    const usagePlan = new aws.apigateway.UsagePlan(name, {
        name: `${stackName}-usage-plan`,
        apiStages: [{ apiId: restApi.id, stage: stage.stageName }],
        throttleSettings: { burstLimit: 500, rateLimit: 1000 },
        quotaSettings: { limit: 10000000, period: "MONTH", offset: 0 },
    }, { parent, dependsOn: [stage] });
    new aws.apigateway.UsagePlanKey(name, { keyId: apiKey.id, keyType: "API_KEY", usagePlanId: usagePlan.id }, opts);
}

const timeout = setTimeout(() => {
    console.log(JSON.stringify({ side, n, error: `timed out: ${count} of ${expected} registrations`, count, expected, types }));
    process.exit(1);
}, 120_000);

build();
done.then(doneMs => {
    clearTimeout(timeout);
    // Let the last answer reach its resource before reading the clock's end state.
    setImmediate(() => {
        if (dump) require("fs").writeFileSync(process.env.BENCH_DUMP, JSON.stringify(dump, null, 1));
        console.log(JSON.stringify({
            side, n, count, expected, types,
            importsMs, doneMs, constructMs: doneMs - importsMs,
            ...(process.env.BENCH_COUNT_PROMISES ? { promises } : {}),
            cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
            maxRssKb: process.resourceUsage().maxRSS,
        }));
        process.exit(0);
    });
});
