// Pulumi engine stand-in for component tests: pulumi.runtime.setMocks with a
// recorder of every registered resource (type, name, inputs, parent,
// dependsOn) and AWS-like outputs for the resources and invokes the
// components use. Mock state follows the provider a resource or invoke uses,
// so tests with an explicit provider for another region or partition work.
// With `transforms: true` the mock also does the engine's part of the
// `transforms` resource option (engineTransforms below).
import * as pulumi from "@pulumi/pulumi";
import { setCloudWatchRoleReader } from "../provider/src/stage/accountCloudWatchRole";

export interface Recorded {
    type: string;
    name: string;
    /** Inputs as the engine received them (resolved; secrets unwrapped). */
    inputs: Record<string, any>;
    /** Top-level input names the engine received as secrets. */
    secretInputs: string[];
    /** The state the mock returned: inputs plus computed outputs. */
    state: Record<string, any>;
    id: string;
    /** Names of the resources it explicitly depends on (from a transformation). */
    dependsOn: string[];
    parent?: string;
    /** The parent resource object itself (for parents the recorder did not see, like the component). */
    parentResource?: pulumi.Resource;
    provider?: string;
}

export interface MockOptions {
    accountId?: string;
    region?: string;
    partition?: string;
    project?: string;
    stack?: string;
    preview?: boolean;
    /** Apply `transforms` resource options as the engine does (the mocks alone refuse them). */
    transforms?: boolean;
    /**
     * What the components' own GetAccount read (the default execution logs, components/executionLogsDefault.ts)
     * answers: the account's API Gateway CloudWatch role ARN (default a role, as in an account that logs),
     * null for none set, or an Error for a read that fails.
     */
    cloudWatchRoleArn?: string | null | Error;
}

export interface MockWorld {
    resources: Recorded[];
    invokes: { token: string; inputs: any; provider?: string }[];
    /** The regions (and profiles) of the components' GetAccount reads, in order. */
    accountReads: { region: string; profile?: string }[];
    /** Change what the GetAccount read answers from now on (see MockOptions.cloudWatchRoleArn). */
    setCloudWatchRoleArn(arn: string | null | Error): void;
    /** Add to a component's opts.transformations to record dependsOn/parent edges of its children. */
    recorder: pulumi.ResourceTransformation;
    byType(type: string): Recorded[];
    one(type: string, name?: string): Recorded;
    /** Resolves when every registration so far has been answered. */
    settle(): Promise<void>;
    /** A registered Lambda function to use as a route handler. */
    lambda(name: string): Promise<import("@pulumi/aws").lambda.Function>;
}

/** The value of an Output (undefined when unknown). */
export function valueOf<T>(o: pulumi.Input<T> | undefined): Promise<T> {
    return new Promise(resolve =>
        pulumi.output(o as pulumi.Input<T>).apply(v => {
            resolve(v as T);
            return v;
        }),
    );
}

export async function isSecret(o: pulumi.Output<unknown>): Promise<boolean> {
    return (o as unknown as { isSecret: Promise<boolean> }).isSecret;
}

/** The rejection of an output's value (undefined if it resolves); its other promises are settled too, so nothing is left unhandled. */
export function failureOf(o: pulumi.Input<unknown>): Promise<unknown> {
    const out = o as unknown as {
        isKnown: Promise<unknown>;
        isSecret: Promise<unknown>;
        allResources(): Promise<unknown>;
        promise(): Promise<unknown>;
    };
    for (const p of [out.isKnown, out.isSecret, out.allResources()]) p.catch(() => undefined);
    return out.promise().then(
        () => undefined,
        e => e,
    );
}

export async function isKnown(o: pulumi.Output<unknown>): Promise<boolean> {
    return (o as unknown as { isKnown: Promise<boolean> }).isKnown;
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const isSecretValue = (v: any) => v !== null && typeof v === "object" && v["4dabf18193072939515e22adb298388d"] === SECRET_SIG;
function unwrapSecrets(v: any): any {
    if (isSecretValue(v)) return unwrapSecrets(v.value);
    if (Array.isArray(v)) return v.map(unwrapSecrets);
    if (v !== null && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
    return v;
}

export function installMocks(options: MockOptions = {}): MockWorld {
    const defaults = { accountId: "123456789012", region: "us-east-1", partition: "aws", project: "proj", stack: "dev", ...options };
    const resources: Recorded[] = [];
    const invokes: MockWorld["invokes"] = [];
    const accountReads: MockWorld["accountReads"] = [];
    let roleArn =
        options.cloudWatchRoleArn === undefined
            ? `arn:aws:iam::${defaults.accountId}:role/apigateway-cloudwatch`
            : options.cloudWatchRoleArn;
    // The components' one AWS SDK read outside the key flow, answered here (mocks see only resources and invokes).
    setCloudWatchRoleReader(async config => {
        accountReads.push({ region: config.region, ...(config.profile ? { profile: config.profile } : {}) });
        if (roleArn instanceof Error) throw roleArn;
        return roleArn ?? undefined;
    });
    const edges = new Map<string, { dependsOn: string[]; parent?: string; parentResource?: pulumi.Resource }>();
    const providerRegion = new Map<string, string>();

    // Names of the resources the recorder has seen, to name dependsOn/parent edges.
    const seen = new WeakMap<object, string>();
    const nameOf = (r: unknown): string | undefined => (r && typeof r === "object" ? seen.get(r) : undefined);

    // The region a resource/invoke sees: its own region input, else its provider's, else the default.
    // A provider reference is "{urn}::{id}".
    const regionFor = (provider?: string, own?: string) =>
        own ?? (provider ? providerRegion.get(provider.slice(0, provider.lastIndexOf("::"))) : undefined) ?? defaults.region;
    const partitionFor = (region: string) =>
        region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : defaults.partition;

    pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const id = `${args.name}-id`;
                const secretInputs = Object.keys(args.inputs).filter(k => isSecretValue(args.inputs[k]));
                const i = unwrapSecrets(args.inputs);
                const region = regionFor(args.provider, i.region);
                const partition = partitionFor(region);
                const acct = defaults.accountId;
                let extra: Record<string, any> = {};
                switch (args.type) {
                    case "pulumi:providers:aws":
                        providerRegion.set(
                            `urn:pulumi:${defaults.stack}::${defaults.project}::pulumi:providers:aws::${args.name}`,
                            i.region,
                        );
                        break;
                    case "aws:apigateway/restApi:RestApi":
                        extra = {
                            rootResourceId: `${id}-root`,
                            executionArn: `arn:${partition}:execute-api:${region}:${acct}:${id}`,
                            arn: `arn:${partition}:apigateway:${region}::/restapis/${id}`,
                        };
                        break;
                    case "aws:apigateway/stage:Stage":
                        extra = {
                            invokeUrl: `https://${i.restApi}.execute-api.${region}.amazonaws.com/${i.stageName}`,
                            arn: `arn:${partition}:apigateway:${region}::/restapis/${i.restApi}/stages/${i.stageName}`,
                        };
                        break;
                    case "aws:apigatewayv2/api:Api":
                        extra = {
                            apiEndpoint: `https://${id}.execute-api.${region}.amazonaws.com`,
                            executionArn: `arn:${partition}:execute-api:${region}:${acct}:${id}`,
                            arn: `arn:${partition}:apigateway:${region}::/apis/${id}`,
                        };
                        break;
                    case "aws:apigatewayv2/stage:Stage":
                        // As the aws provider reports it for an HTTP API's named stage.
                        extra = {
                            invokeUrl: `https://${i.apiId}.execute-api.${region}.amazonaws.com/${i.name}`,
                            executionArn: `arn:${partition}:execute-api:${region}:${acct}:${i.apiId}/${i.name}`,
                            arn: `arn:${partition}:apigateway:${region}::/apis/${i.apiId}/stages/${i.name}`,
                        };
                        break;
                    case "aws:apigatewayv2/domainName:DomainName":
                        extra = {
                            domainNameConfiguration: {
                                ...i.domainNameConfiguration,
                                targetDomainName: `d-${id}.execute-api.${region}.amazonaws.com`,
                                hostedZoneId: `ZREGIONAL${region.replace(/-/g, "").toUpperCase()}`,
                            },
                            arn: `arn:${partition}:apigateway:${region}::/domainnames/${i.domainName}`,
                        };
                        break;
                    case "aws:apigateway/domainName:DomainName":
                        extra = {
                            cloudfrontDomainName: `d111111abcdef8.cloudfront.net`,
                            cloudfrontZoneId: "Z2FDTNDATAQYW2",
                            regionalDomainName: `d-${id}.execute-api.${region}.amazonaws.com`,
                            regionalZoneId: `ZREGIONAL${region.replace(/-/g, "").toUpperCase()}`,
                        };
                        break;
                    case "aws:wafv2/webAcl:WebAcl":
                        extra = { arn: `arn:${partition}:wafv2:${region}:${acct}:regional/webacl/${i.name}/${id}` };
                        break;
                    case "aws:lambda/function:Function":
                        extra = {
                            name: i.name ?? args.name,
                            arn: `arn:${partition}:lambda:${region}:${acct}:function:${args.name}`,
                            invokeArn: `arn:${partition}:apigateway:${region}:lambda:path/2015-03-31/functions/arn:${partition}:lambda:${region}:${acct}:function:${args.name}/invocations`,
                            region,
                        };
                        break;
                    case "aws:iam/user:User":
                    case "aws:iam/role:Role":
                    case "aws:iam/policy:Policy": {
                        const kind = args.type.split(":").pop()!.toLowerCase();
                        extra = { arn: `arn:${partition}:iam::${acct}:${kind}/${i.name ?? args.name}`, name: i.name ?? args.name };
                        break;
                    }
                    case "aws:iam/accessKey:AccessKey":
                        extra = { secret: `SECRET-${args.name}` };
                        break;
                    case "aws:secretsmanager/secret:Secret":
                        extra = { arn: `arn:${partition}:secretsmanager:${region}:${acct}:secret:${i.name}-AbCdEf` };
                        break;
                    case "aws:cloudwatch/logGroup:LogGroup":
                        extra = { arn: `arn:${partition}:logs:${region}:${acct}:log-group:${i.name ?? args.name}` };
                        break;
                    case "aws:sfn/stateMachine:StateMachine":
                        // Step Functions' default type is STANDARD, as AWS's.
                        extra = {
                            arn: `arn:${partition}:states:${region}:${acct}:stateMachine:${i.name ?? args.name}`,
                            name: i.name ?? args.name,
                            type: i.type ?? "STANDARD",
                        };
                        break;
                    case "random:index/randomPassword:RandomPassword":
                        extra = { result: "R".repeat(i.length ?? 16) };
                        break;
                }
                const state = { ...i, ...extra };
                const edge = edges.get(`${args.type}::${args.name}`) ?? { dependsOn: [] };
                resources.push({ type: args.type, name: args.name, inputs: i, secretInputs, state, id, provider: args.provider, ...edge });
                return { id: args.type === "aws:iam/accessKey:AccessKey" ? `AKIA-${args.name}` : id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push({ token: args.token, inputs: args.inputs, provider: args.provider });
                const region = regionFor(args.provider);
                switch (args.token) {
                    case "aws:index/getCallerIdentity:getCallerIdentity":
                        return {
                            accountId: defaults.accountId,
                            arn: `arn:${partitionFor(region)}:iam::${defaults.accountId}:user/tester`,
                            userId: "AIDTEST",
                            id: defaults.accountId,
                        };
                    case "aws:index/getRegion:getRegion":
                        return { region, name: region, id: region, endpoint: `ec2.${region}.amazonaws.com` };
                    case "aws:index/getPartition:getPartition":
                        return { partition: partitionFor(region), dnsSuffix: "amazonaws.com", id: partitionFor(region) };
                }
                throw new Error(`unexpected invoke ${args.token}`);
            },
        },
        defaults.project,
        defaults.stack,
        defaults.preview ?? false,
    );
    if (options.transforms) engineTransforms();

    const recorder: pulumi.ResourceTransformation = args => {
        const deps = args.opts.dependsOn;
        const list = deps === undefined ? [] : Array.isArray(deps) ? deps : [deps];
        seen.set(args.resource, args.name);
        edges.set(`${args.type}::${args.name}`, {
            dependsOn: list.map(nameOf).filter((n): n is string => n !== undefined),
            parent: nameOf(args.opts.parent),
            parentResource: args.opts.parent,
        });
        return undefined;
    };

    const world: MockWorld = {
        resources,
        invokes,
        accountReads,
        setCloudWatchRoleArn(arn) {
            roleArn = arn;
        },
        recorder,
        byType: type => resources.filter(r => r.type === type),
        one(type, name) {
            const found = resources.filter(r => r.type === type && (name === undefined || r.name === name));
            if (found.length !== 1) {
                throw new Error(
                    `expected one ${type}${name ? ` named ${name}` : ""}, found ${found.length}: ${found.map(r => r.name).join(", ")}`,
                );
            }
            return found[0];
        },
        async lambda(name) {
            // Loaded here so @pulumi/aws comes after setMocks, like the components.

            const aws: typeof import("@pulumi/aws") = require("@pulumi/aws");
            const fn = new aws.lambda.Function(name, {
                role: `arn:aws:iam::${defaults.accountId}:role/r`,
                runtime: "nodejs20.x",
                handler: "index.handler",
            });
            await world.settle();
            return fn;
        },
        async settle() {
            // Registrations resolve asynchronously; wait until the count stops changing.
            let last = -1;
            while (last !== resources.length) {
                last = resources.length;
                await new Promise(r => setTimeout(r, 25));
            }
        },
    };
    return world;
}

/**
 * The engine's part of the `transforms` resource option, which the mocks leave
 * out: before registering a resource, the engine runs its own transforms, then
 * its parent's, and so on up to the stack, each through the program's callback
 * server, and registers what they return. So a transform given to a component
 * reaches every child the component registers, whatever language it is written
 * in. Here the transformed properties are applied; changed options are not.
 */
function engineTransforms(): void {
    const { getStore } = require("@pulumi/pulumi/runtime/state");
    const { getCallbacks } = require("@pulumi/pulumi/runtime/settings");
    const resproto = require("@pulumi/pulumi/proto/resource_pb");
    const { CallbackInvokeRequest } = require("@pulumi/pulumi/proto/callback_pb");

    getStore().supportsTransforms = true;
    type Callback = { getToken(): string };
    const transformsOf = new Map<string, Callback[]>();
    const parentOf = new Map<string, string>();
    const monitor = pulumi.runtime.getMonitor() as any;
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: (err: unknown, resp?: any) => void) => {
        (async () => {
            const chain: Callback[] = [...req.getTransformsList()];
            for (let p: string = req.getParent(); p; p = parentOf.get(p) ?? "") chain.push(...(transformsOf.get(p) ?? []));
            for (const transform of chain) {
                const treq = new resproto.TransformRequest();
                treq.setType(req.getType());
                treq.setName(req.getName());
                treq.setCustom(req.getCustom());
                treq.setParent(req.getParent());
                treq.setProperties(req.getObject());
                treq.setOptions(new resproto.TransformResourceOptions());
                const invoke = new CallbackInvokeRequest();
                invoke.setToken(transform.getToken());
                invoke.setRequest(treq.serializeBinary());
                const resp: any = await new Promise((resolve, reject) =>
                    getCallbacks().invoke({ request: invoke }, (err: unknown, r: unknown) => (err ? reject(err) : resolve(r))),
                );
                const tresp = resproto.TransformResponse.deserializeBinary(resp.getResponse_asU8());
                if (tresp.getProperties()) req.setObject(tresp.getProperties());
            }
            register(req, (err: unknown, resp?: any) => {
                if (!err && resp) {
                    transformsOf.set(resp.getUrn(), req.getTransformsList());
                    parentOf.set(resp.getUrn(), req.getParent());
                }
                callback(err, resp);
            });
        })().catch(err => callback(err));
    };
}
