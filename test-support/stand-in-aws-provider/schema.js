// The PARTIAL aws package schema the stand-in aws provider (main.js) answers
// GetSchema with, and e2e/prepare.js caches in PULUMI_HOME/schemas. It is NOT
// pulumi-aws's schema: it declares only what our programs bind through it —
// the resources schema.yaml references (aws-partial-schema.json, the file
// `make gen` binds: aws:sfn/stateMachine:StateMachine among them), plus the resources and properties the YAML programs
// (Pulumi.yaml, examples/yaml) use and the three functions the stand-in
// answers. The YAML language host type-checks a program against it, so a
// YAML program using anything else fails to bind under the stand-in (add it
// here), while it would bind against the real provider.
"use strict";
const fs = require("fs");
const path = require("path");

const BASE = path.join(__dirname, "..", "..", "provider", "cmd", "pulumi-gen-secure-api", "aws-partial-schema.json");

const str = { type: "string" };
const strMap = { type: "object", additionalProperties: str };
/** A resource whose listed inputs are echoed as outputs, plus computed outputs. */
function resource(description, inputs, required, computed) {
    const properties = { ...inputs, ...computed, region: str };
    return {
        description,
        properties,
        required: Object.keys(computed).concat("region"),
        inputProperties: { ...inputs, region: str },
        requiredInputs: required,
    };
}

/** Adds properties to a resource of the base schema (or declares it). */
function extend(base, token, description, inputs, required, computed) {
    const r = base[token];
    if (!r) return resource(description, inputs, required, computed);
    return {
        ...r,
        properties: { ...r.properties, ...inputs, ...computed, region: str },
        inputProperties: { ...r.inputProperties, ...inputs, region: str },
        requiredInputs: [...new Set([...(r.requiredInputs || []), ...required])],
    };
}

/** The schema, its version set to the one the plugin is installed as. */
function schema(version) {
    const s = JSON.parse(fs.readFileSync(BASE, "utf8"));
    s.version = version;
    s.description = `A PARTIAL stand-in for the pulumi-aws ${version} schema (test-support/stand-in-aws-provider): only what this repository's programs use.`;
    s.config = { variables: { region: { ...str, description: "The region." } } };
    s.provider = { description: "The stand-in aws provider.", inputProperties: { region: str } };
    const r = s.resources;
    r["aws:iam/role:Role"] = resource("Provides an IAM role.",
        { assumeRolePolicy: str, name: str, description: str, maxSessionDuration: { type: "integer" }, tags: strMap },
        ["assumeRolePolicy"], { arn: str, name: str, uniqueId: str });
    r["aws:iam/rolePolicyAttachment:RolePolicyAttachment"] = resource("Attaches a managed IAM policy to a role.",
        { role: str, policyArn: str }, ["role", "policyArn"], {});
    r["aws:lambda/function:Function"] = extend(r, "aws:lambda/function:Function", "Manages an AWS Lambda Function.",
        {
            role: str, runtime: str, handler: str, name: str, description: str,
            code: { $ref: "pulumi.json#/Archive" }, timeout: { type: "integer" }, memorySize: { type: "integer" },
            environment: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } }, tags: strMap,
        },
        ["role"], { arn: str, invokeArn: str, name: str, qualifiedArn: str, version: str });
    // HTTP APIs (SecureHttpApi): what a YAML program may read of them, besides the base schema's outputs.
    r["aws:apigatewayv2/api:Api"] = extend(r, "aws:apigatewayv2/api:Api", "Manages an Amazon API Gateway Version 2 API.",
        { name: str, protocolType: str, body: str, description: str, tags: strMap }, ["protocolType"],
        { apiEndpoint: str, arn: str, executionArn: str });
    r["aws:apigatewayv2/stage:Stage"] = extend(r, "aws:apigatewayv2/stage:Stage", "Manages an Amazon API Gateway Version 2 stage.",
        { apiId: str, name: str, deploymentId: str }, ["apiId"], { arn: str, executionArn: str, invokeUrl: str });
    const fn = (description, inputs, outputs) => ({
        description,
        ...(inputs ? { inputs: { properties: inputs, type: "object" } } : {}),
        outputs: { properties: outputs, required: Object.keys(outputs), type: "object" },
    });
    s.functions = {
        "aws:index/getCallerIdentity:getCallerIdentity": fn("The caller's identity.", undefined, { accountId: str, arn: str, id: str, userId: str }),
        "aws:index/getRegion:getRegion": fn("A region.", { region: str, name: str }, { description: str, endpoint: str, id: str, name: str, region: str }),
        "aws:index/getPartition:getPartition": fn("The partition.", undefined, { dnsSuffix: str, id: str, partition: str, reverseDnsPrefix: str }),
    };
    return s;
}

module.exports = { schema };
