#!/usr/bin/env node
// STAND-IN for the `aws` resource provider plugin (pulumi-resource-aws),
// used only by the real-engine suite (e2e/) and its benchmark.
//
// The real AWS provider plugin cannot be had on our machines (it is on no
// registry we reach), so the engine is given this small program under the
// plugin name and versions the SDKs request. It is a real provider plugin
// speaking the real gRPC protocol (via @pulumi/pulumi's provider support), so
// the engine, the state, secrets and our own plugin are all real; only AWS is
// faked.
//
// What it models:
//   - create: echoes the inputs as outputs and makes up ids, ARNs and URLs in
//     the shapes AWS uses (RestApi executionArn/rootResourceId, Stage
//     invokeUrl, HTTP API apiEndpoint/executionArn and its stage's invokeUrl,
//     Lambda arn/invokeArn, IAM arns, access key id/secret, a state machine's
//     arn and type, log group, web ACL and client certificate ids and ARNs...);
//   - diff: compares new inputs with the old ones (outputs echo them), and
//     asks for replacement on the properties AWS cannot change in place
//     (REPLACE_ON below: ids of parents, names, deployment triggers);
//   - invokes: aws:index/getCallerIdentity, getRegion, getPartition;
//   - GetSchema: a PARTIAL aws schema (schema.js): the resources, properties
//     and functions this repository's programs use, no more. The YAML
//     language host binds every type of a program through it.
//   Region: a resource's own `region` input, else AWS_REGION, else us-east-1
//   (the Node provider server does not pass provider configuration on).
// What it does NOT model: any AWS validation, quota or name rule (the
// component's own construction-time checks and the unit tests cover those),
// eventual consistency, real ARNs, reads/refresh of drift, import.
"use strict";
const crypto = require("crypto");
const { main } = require("@pulumi/pulumi/provider");
const { schema } = require("./schema");

const ACCOUNT = process.env.STAND_IN_AWS_ACCOUNT || "123456789012";
const VERSION = process.env.STAND_IN_AWS_VERSION || "0.0.0";

// Properties whose change AWS (and the real provider) handles by replacement.
const REPLACE_ON = new Set([
    "restApi", "apiId", "protocolType", "resourceId", "parentId", "pathPart", "httpMethod", "statusCode", "triggers",
    "function", "principal", "sourceArn", "statementId", "user", "secretId", "usagePlanId", "keyId",
]);

const typeOf = urn => urn.split("::")[2].split("$").pop();
const nameOf = urn => urn.split("::").pop();
const hex = n => crypto.randomBytes(n).toString("hex");
const regionOf = inputs => (typeof inputs.region === "string" && inputs.region) || process.env.AWS_REGION || "us-east-1";

/** Outputs AWS would compute for a newly created resource of `type`. */
function computed(type, name, inputs) {
    const region = regionOf(inputs);
    const arn = (service, resource, r = region) => `arn:aws:${service}:${r}:${ACCOUNT}:${resource}`;
    switch (type) {
        case "aws:apigateway/restApi:RestApi": {
            const id = hex(5);
            return { id, rootResourceId: hex(5), executionArn: arn("execute-api", id), arn: `arn:aws:apigateway:${region}::/restapis/${id}` };
        }
        case "aws:apigateway/stage:Stage": {
            const url = `https://${inputs.restApi}.execute-api.${region}.amazonaws.com/${inputs.stageName}`;
            return {
                id: `ags-${inputs.restApi}-${inputs.stageName}`, invokeUrl: url, executionArn: arn("execute-api", `${inputs.restApi}/${inputs.stageName}`),
                arn: `arn:aws:apigateway:${region}::/restapis/${inputs.restApi}/stages/${inputs.stageName}`,
            };
        }
        case "aws:apigatewayv2/api:Api": {
            const id = hex(5);
            return {
                id, apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`, executionArn: arn("execute-api", id),
                arn: `arn:aws:apigateway:${region}::/apis/${id}`,
            };
        }
        case "aws:apigatewayv2/stage:Stage": {
            // As the aws provider reports a named HTTP API stage.
            const url = `https://${inputs.apiId}.execute-api.${region}.amazonaws.com/${inputs.name}`;
            return {
                id: inputs.name, invokeUrl: url, executionArn: arn("execute-api", `${inputs.apiId}/${inputs.name}`),
                arn: `arn:aws:apigateway:${region}::/apis/${inputs.apiId}/stages/${inputs.name}`,
            };
        }
        case "aws:lambda/function:Function": {
            const fn = inputs.name || `${name}-${hex(4)}`;
            const fnArn = arn("lambda", `function:${fn}`);
            return {
                id: fn, name: fn, arn: fnArn, qualifiedArn: `${fnArn}:$LATEST`, version: "$LATEST",
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
            };
        }
        case "aws:iam/user:User":
        case "aws:iam/role:Role": {
            const n = inputs.name || `${name}-${hex(4)}`;
            const kind = type.endsWith("User") ? "user" : "role";
            return { id: n, name: n, arn: `arn:aws:iam::${ACCOUNT}:${kind}/${n}`, uniqueId: `AID${hex(8).toUpperCase()}` };
        }
        case "aws:iam/policy:Policy": {
            const n = inputs.name || `${name}-${hex(4)}`;
            const a = `arn:aws:iam::${ACCOUNT}:policy/${n}`;
            return { id: a, arn: a, name: n, policyId: `ANPA${hex(8).toUpperCase()}` };
        }
        case "aws:iam/accessKey:AccessKey":
            // The @pulumi/aws SDK marks `secret` as an additional secret output.
            return { id: `AKIA${hex(8).toUpperCase()}`, secret: crypto.randomBytes(30).toString("base64"), status: "Active" };
        case "aws:secretsmanager/secret:Secret": {
            const a = arn("secretsmanager", `secret:${inputs.name || name}-${hex(3)}`);
            return { id: a, arn: a };
        }
        case "aws:secretsmanager/secretVersion:SecretVersion": {
            const v = hex(16);
            return { id: `${inputs.secretId}|${v}`, versionId: v, arn: inputs.secretId };
        }
        case "aws:apigateway/usagePlan:UsagePlan":
        case "aws:apigateway/apiKey:ApiKey": {
            const id = hex(5);
            const kind = type.endsWith("ApiKey") ? "apikeys" : "usageplans";
            return { id, arn: `arn:aws:apigateway:${region}::/${kind}/${id}` };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const n = inputs.name || `${name}-${hex(4)}`;
            return { id: n, name: n, arn: arn("logs", `log-group:${n}`) };
        }
        case "aws:sfn/stateMachine:StateMachine": {
            // Step Functions' default type is STANDARD (the component refuses it behind a route).
            const n = inputs.name || `${name}-${hex(4)}`;
            const a = arn("states", `stateMachine:${n}`);
            return { id: a, arn: a, name: n, type: inputs.type || "STANDARD", status: "ACTIVE" };
        }
        case "aws:lambda/permission:Permission":
            return { id: inputs.statementId || `terraform-${hex(8)}`, statementId: inputs.statementId || `terraform-${hex(8)}` };
        case "aws:cloudwatch/logGroup:LogGroup": {
            const n = inputs.name || `${name}-${hex(4)}`;
            return { id: n, name: n, arn: arn("logs", `log-group:${n}`) };
        }
        case "aws:wafv2/webAcl:WebAcl": {
            const id = `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`;
            return { id, arn: arn("wafv2", `regional/webacl/${inputs.name || name}/${id}`), capacity: 0, lockToken: hex(8) };
        }
        case "aws:apigateway/clientCertificate:ClientCertificate": {
            const id = hex(3);
            return { id, arn: `arn:aws:apigateway:${region}::/clientcertificates/${id}`, pemEncodedCertificate: "-----BEGIN CERTIFICATE-----" };
        }
        case "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration":
            return { id: inputs.resourceArn || `${name}-${hex(4)}` };
        default:
            return { id: `${name}-${hex(4)}` };
    }
}

const deepEqual = (a, b) => JSON.stringify(a) === JSON.stringify(b);

const invokes = {
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: ACCOUNT, arn: `arn:aws:iam::${ACCOUNT}:user/stand-in`, userId: "AIDASTANDIN", id: ACCOUNT,
    }),
    "aws:index/getRegion:getRegion": inputs => {
        const region = regionOf(inputs || {});
        return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
    },
    "aws:index/getPartition:getPartition": () => ({
        id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws",
    }),
};

const provider = {
    version: VERSION,
    async getSchema() {
        return JSON.stringify(schema(VERSION));
    },
    async check(_urn, _olds, news) {
        return { inputs: news };
    },
    async diff(_id, _urn, olds, news) {
        const keys = new Set([...Object.keys(news), ...Object.keys(olds.__inputs || {})]);
        const changed = [...keys].filter(k => !deepEqual(news[k], olds[k]));
        return { changes: changed.length > 0, replaces: changed.filter(k => REPLACE_ON.has(k)) };
    },
    async create(urn, inputs) {
        // v7 resources all report the region they live in.
        const { id, ...outs } = { region: regionOf(inputs), ...computed(typeOf(urn), nameOf(urn), inputs) };
        // __inputs remembers which keys were inputs, so a removed input shows as a change.
        return { id, outs: { ...inputs, ...outs, __inputs: Object.fromEntries(Object.keys(inputs).map(k => [k, true])) } };
    },
    async update(_id, _urn, olds, news) {
        const kept = Object.fromEntries(Object.entries(olds).filter(([k]) => !(k in (olds.__inputs || {}))));
        return { outs: { ...kept, ...news, __inputs: Object.fromEntries(Object.keys(news).map(k => [k, true])) } };
    },
    async delete() {},
    async invoke(token, inputs) {
        const answer = invokes[token];
        if (!answer) throw new Error(`stand-in aws provider: invoke ${token} is not modelled`);
        return { outputs: answer(inputs) };
    },
};

main(provider, process.argv.slice(2)).catch(err => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
});
// Like our plugin, exit once the engine that started it is gone (needs `make build`).
require("../../provider/dist/plugin/engineWatch.js").watchEngine(process.argv.slice(2));
