// Testing entry, `pulumi-resource-secure-api/dist/testing`: construct the
// components IN-PROCESS under `pulumi.runtime.setMocks` and assert on what
// they build. (Under an SDK's mocks — @pulumi-secure-api/secure-api,
// pulumi_secure_api, secureapi — the component is a remote resource: one
// registration with your inputs, no children, no input checks.) Here the
// components run as the library they are (index.ts): input checks, every
// child resource and its inputs, the outputs.
//
// `awsMocks()` answers what AWS would for the resources and functions the
// components use — above all the Stage's `invokeUrl`, the RestApi's
// `executionArn` and `rootResourceId`, an HTTP API's `apiEndpoint`,
// `executionArn` and stage `invokeUrl`, ARNs and names, `getCallerIdentity`,
// `getRegion`, `getPartition` — and records every registration. Give a
// SecureRestApi `test: true` (or `apiKeyValue`) so its key flow makes no
// AWS call. It also answers the components' one other AWS call, GetAccount
// (whether the account's API Gateway CloudWatch role is set, which decides the
// default execution logs): set, unless `cloudWatchRoleArn: null`.
import * as pulumi from "@pulumi/pulumi";
import { setCloudWatchRoleReader } from "./stage/accountCloudWatchRole";

export { SecureRestApi } from "./components/secureRestApi";
export { IAMSecureRestApi } from "./components/iamSecureRestApi";
export { SecureHttpApi } from "./components/secureHttpApi";
export { RestApiAudit } from "./audit/restApiAudit";
export * from "./routes/routeHelpers";
export { convertSwagger2 } from "./routes/swagger2";

/** One resource the program registered, as the mocks saw and answered it. */
export interface MockedResource {
    type: string;
    name: string;
    /** Its inputs, resolved (secrets unwrapped). */
    inputs: Record<string, unknown>;
    /** What the mocks answered: the inputs plus the outputs AWS would compute. */
    state: Record<string, unknown>;
    id: string;
}

/** One method of an API as deployed: what a caller must present. */
export interface MockedMethod {
    /** "GET", …, "ANY". */
    method: string;
    /** The resource path, e.g. "/users/{id}". */
    path: string;
    /** Needs the x-api-key header. */
    apiKeyRequired: boolean;
    /** "AWS_IAM" (SigV4) or "NONE". */
    authorization: string;
}

export interface AwsMocks extends pulumi.runtime.Mocks {
    /** Every resource registered so far, in order. */
    readonly resources: MockedResource[];
    /** The registered resources of one type token, e.g. "aws:apigateway/stage:Stage". */
    byType(type: string): MockedResource[];
    /**
     * Every method of the REST API named `restApiName` (its resource name, the component's name), from
     * what was registered: its aws.apigateway.Method resources, or its OpenAPI `body` when it has one.
     */
    methods(restApiName: string): MockedMethod[];
    /** Resolves once every registration made so far has been answered. */
    settle(): Promise<void>;
}

export interface AwsMocksOptions {
    accountId?: string;
    region?: string;
    /**
     * What the components' one read of the account (API Gateway's GetAccount, for the default
     * execution logs) answers: the account's API Gateway CloudWatch role ARN (default a role,
     * so the default ERROR logs and metrics are on), or null for an account without one (logs off, a warning).
     * The awsMocks() made last answers.
     */
    cloudWatchRoleArn?: string | null;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
function unwrap(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(unwrap);
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o["4dabf18193072939515e22adb298388d"] === SECRET_SIG) return unwrap(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, unwrap(x)]));
}

/** Mocks for `pulumi.runtime.setMocks` that answer like AWS for what the components create. */
export function awsMocks(options: AwsMocksOptions = {}): AwsMocks {
    const account = options.accountId ?? "123456789012";
    const defaultRegion = options.region ?? "us-east-1";
    const resources: MockedResource[] = [];
    // Mocks see only resources and invokes; the components' GetAccount read is an AWS SDK call, answered here.
    const roleArn =
        options.cloudWatchRoleArn === undefined ? `arn:aws:iam::${account}:role/apigateway-cloudwatch` : options.cloudWatchRoleArn;
    setCloudWatchRoleReader(async () => roleArn ?? undefined);

    function outputsOf(type: string, name: string, id: string, i: Record<string, unknown>): Record<string, unknown> {
        const region = typeof i.region === "string" ? i.region : defaultRegion;
        const arn = (service: string, resource: string) => `arn:aws:${service}:${region}:${account}:${resource}`;
        switch (type) {
            case "aws:apigateway/restApi:RestApi":
                return {
                    rootResourceId: `${id}-root`,
                    executionArn: arn("execute-api", id),
                    arn: `arn:aws:apigateway:${region}::/restapis/${id}`,
                };
            case "aws:apigatewayv2/api:Api":
                return {
                    apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
                    executionArn: arn("execute-api", id),
                    arn: `arn:aws:apigateway:${region}::/apis/${id}`,
                };
            case "aws:apigatewayv2/stage:Stage":
                return {
                    invokeUrl: `https://${i.apiId}.execute-api.${region}.amazonaws.com/${i.name}`,
                    executionArn: arn("execute-api", `${i.apiId}/${i.name}`),
                    arn: `arn:aws:apigateway:${region}::/apis/${i.apiId}/stages/${i.name}`,
                };
            case "aws:apigateway/stage:Stage":
                return {
                    invokeUrl: `https://${i.restApi}.execute-api.${region}.amazonaws.com/${i.stageName}`,
                    executionArn: arn("execute-api", `${i.restApi}/${i.stageName}`),
                    arn: `arn:aws:apigateway:${region}::/restapis/${i.restApi}/stages/${i.stageName}`,
                };
            case "aws:lambda/function:Function": {
                const fn = i.name ?? name;
                return {
                    name: fn,
                    arn: arn("lambda", `function:${fn}`),
                    invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn("lambda", `function:${fn}`)}/invocations`,
                };
            }
            case "aws:iam/user:User":
            case "aws:iam/role:Role":
            case "aws:iam/policy:Policy": {
                const kind = type.split(":").pop()!.toLowerCase();
                return { name: i.name ?? name, arn: `arn:aws:iam::${account}:${kind}/${i.name ?? name}` };
            }
            case "aws:iam/accessKey:AccessKey":
                return { secret: `mock-secret-access-key-of-${name}` };
            case "aws:secretsmanager/secret:Secret":
                return { arn: arn("secretsmanager", `secret:${i.name ?? name}-AbCdEf`) };
            case "aws:cloudwatch/logGroup:LogGroup":
                return { arn: arn("logs", `log-group:${i.name ?? name}`) };
            case "aws:apigateway/apiKey:ApiKey":
            case "aws:apigateway/usagePlan:UsagePlan":
                return { arn: `arn:aws:apigateway:${region}::/${type.endsWith("ApiKey") ? "apikeys" : "usageplans"}/${id}` };
            default:
                return {};
        }
    }

    const mocks: AwsMocks = {
        resources,
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const id = `${args.name}-id`;
            const inputs = unwrap(args.inputs) as Record<string, unknown>;
            const state = { ...inputs, ...outputsOf(args.type, args.name, id, inputs) };
            resources.push({ type: args.type, name: args.name, inputs, state, id });
            return { id, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            const region = (args.inputs?.region as string | undefined) ?? defaultRegion;
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: account, arn: `arn:aws:iam::${account}:user/tester`, userId: "AIDATESTER", id: account };
                case "aws:index/getRegion:getRegion":
                    return { region, name: region, id: region, endpoint: `ec2.${region}.amazonaws.com` };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                default:
                    throw new Error(`awsMocks: no answer for invoke ${args.token}`);
            }
        },
        byType: type => resources.filter(r => r.type === type),
        methods: restApiName => methodsOf(resources, restApiName),
        async settle() {
            // Registrations are answered asynchronously: wait until the count stops changing.
            let last = -1;
            while (last !== resources.length) {
                last = resources.length;
                await new Promise(resolve => setTimeout(resolve, 20));
            }
        },
    };
    return mocks;
}

const VERBS = ["get", "put", "post", "delete", "options", "head", "patch"];

function methodsOf(resources: MockedResource[], restApiName: string): MockedMethod[] {
    const api = resources.find(r => r.type === "aws:apigateway/restApi:RestApi" && r.name === restApiName);
    if (!api) throw new Error(`no aws.apigateway.RestApi named ${restApiName} was registered`);
    if (typeof api.inputs.body === "string") {
        const doc = JSON.parse(api.inputs.body);
        return Object.entries<Record<string, { security?: Record<string, unknown>[] }>>(doc.paths ?? {}).flatMap(([path, ops]) =>
            Object.entries(ops)
                .filter(([verb]) => VERBS.includes(verb) || verb === "x-amazon-apigateway-any-method")
                .map(([verb, op]) => {
                    const security: Record<string, unknown>[] = op.security ?? doc.security ?? [];
                    return {
                        method: verb.startsWith("x-") ? "ANY" : verb.toUpperCase(),
                        path,
                        apiKeyRequired: security.some(s => "api_key" in s),
                        authorization: security.some(s => "sigv4" in s) ? "AWS_IAM" : "NONE",
                    };
                }),
        );
    }
    // Resources form a tree from the API's root resource: a path is the chain of pathParts.
    const byId = new Map(
        resources.filter(r => r.type === "aws:apigateway/resource:Resource" && r.inputs.restApi === api.id).map(r => [r.id, r]),
    );
    const pathOf = (id: string): string => {
        const r = byId.get(id);
        return r ? `${pathOf(String(r.inputs.parentId)).replace(/\/$/, "")}/${r.inputs.pathPart}` : "/";
    };
    return resources
        .filter(r => r.type === "aws:apigateway/method:Method" && r.inputs.restApi === api.id)
        .map(m => ({
            method: String(m.inputs.httpMethod),
            path: pathOf(String(m.inputs.resourceId)),
            apiKeyRequired: m.inputs.apiKeyRequired === true,
            authorization: String(m.inputs.authorization),
        }));
}
