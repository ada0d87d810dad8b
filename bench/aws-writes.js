// The AWS write calls a step of the engine costs, per resource type: shared by
// bench/run.js (counted from the registered graph under mocks) and
// bench/engine.js (counted from the real engine's steps).
"use strict";

// The AWS write calls each registered resource costs, by what the engine does
// to it: the calls the aws provider (pulumi-aws, which runs the Terraform AWS
// provider's resource code) makes for it. A replacement is a create and a delete
// (create first: Pulumi's default); read-backs (Get*) after each write are not counted.
// The program's own Lambda function is not the component's and is left out.
const WRITES = {
    "aws:apigateway/restApi:RestApi": {
        // With a body: CreateRestApi, then PutRestApi (mode overwrite), then one UpdateRestApi if an
        // argument (policy, key source, endpoint...) differs from what the body set: counted, as an upper bound.
        create: i => (i.body ? ["CreateRestApi", "PutRestApi", "UpdateRestApi"] : ["CreateRestApi"]),
        update: (_i, changed) => (changed.includes("body") ? ["PutRestApi", "UpdateRestApi"] : ["UpdateRestApi"]),
        delete: ["DeleteRestApi"],
    },
    "aws:apigateway/resource:Resource": { create: ["CreateResource"], update: ["UpdateResource"], delete: ["DeleteResource"] },
    "aws:apigateway/method:Method": { create: ["PutMethod"], update: ["UpdateMethod"], delete: ["DeleteMethod"] },
    "aws:apigateway/integration:Integration": { create: ["PutIntegration"], update: ["UpdateIntegration"], delete: ["DeleteIntegration"] },
    "aws:apigateway/methodResponse:MethodResponse": { create: ["PutMethodResponse"], update: ["UpdateMethodResponse"], delete: ["DeleteMethodResponse"] },
    "aws:apigateway/integrationResponse:IntegrationResponse": { create: ["PutIntegrationResponse"], update: ["UpdateIntegrationResponse"], delete: ["DeleteIntegrationResponse"] },
    "aws:apigateway/response:Response": { create: ["PutGatewayResponse"], update: ["PutGatewayResponse"], delete: ["DeleteGatewayResponse"] },
    "aws:apigateway/deployment:Deployment": { create: ["CreateDeployment"], update: ["UpdateDeployment"], delete: ["DeleteDeployment"] },
    "aws:apigateway/stage:Stage": { create: ["CreateStage"], update: ["UpdateStage"], delete: ["DeleteStage"] },
    "aws:apigateway/methodSettings:MethodSettings": { create: ["UpdateStage"], update: ["UpdateStage"], delete: ["UpdateStage"] },
    "aws:apigateway/usagePlan:UsagePlan": { create: ["CreateUsagePlan"], update: ["UpdateUsagePlan"], delete: ["DeleteUsagePlan"] },
    "aws:apigateway/apiKey:ApiKey": { create: ["CreateApiKey"], update: ["UpdateApiKey"], delete: ["DeleteApiKey"] },
    "aws:apigateway/usagePlanKey:UsagePlanKey": { create: ["CreateUsagePlanKey"], update: [], delete: ["DeleteUsagePlanKey"] },
    "aws:lambda/permission:Permission": { create: ["lambda:AddPermission"], update: [], delete: ["lambda:RemovePermission"] },
};
const NOT_THE_COMPONENTS = new Set(["aws:lambda/function:Function", "secure-api:index:SecureRestApi"]);
// API Gateway's control-plane rates (AWS's "Amazon API Gateway quotas" page; none can be raised).
const RATES = { account: 10, CreateResource: 5, CreateDeploymentEverySeconds: 5, PutRestApi: 1 };

function writesOf(type, op, inputs, changed = []) {
    if (NOT_THE_COMPONENTS.has(type)) return [];
    const w = WRITES[type];
    if (!w) throw new Error(`bench: no write-call entry for ${type}: add it to WRITES in bench/run.js`);
    const calls = w[op];
    return typeof calls === "function" ? calls(inputs, changed) : calls;
}

/** Seconds the calls need at least at API Gateway's documented rates (Lambda's AddPermission is not API Gateway's). */
function lowerBoundS(calls) {
    const count = name => calls.filter(c => c === name).length;
    const apigw = calls.filter(c => !c.startsWith("lambda:")).length;
    return Math.max(apigw / RATES.account, count("CreateResource") / RATES.CreateResource,
        Math.max(0, count("CreateDeployment") - 1) * RATES.CreateDeploymentEverySeconds, Math.max(0, count("PutRestApi") - 1) / RATES.PutRestApi);
}

const tally = calls => Object.entries(calls.reduce((m, c) => ((m[c] = (m[c] ?? 0) + 1), m), {})).map(([c, k]) => `${c} ${k}`).join(", ");

// Inputs whose change replaces a resource (the aws provider's ForceNew; the
// suite's stand-in provider, test-support/stand-in-aws-provider, asks for
// replacement on the same list).
const REPLACE_ON = ["restApi", "resourceId", "parentId", "pathPart", "httpMethod", "statusCode", "triggers",
    "function", "principal", "sourceArn", "statementId", "user", "secretId", "usagePlanId", "keyId"];

module.exports = { WRITES, NOT_THE_COMPONENTS, RATES, REPLACE_ON, writesOf, lowerBoundS, tally };
