// audit/: the RestApiAudit resource (the live API against what was deployed, in
// `pulumi refresh`): its class, the child a component adds with `audit: true`,
// and the create/read/update its provider serves (restApiAuditProvider.ts). May
// import graph and shared (and the client's audit, secure-api-client); imported by
// components and plugin.
//
// The child expects what the component applied, read from its children's own
// outputs (the RestApi's body, the stage's settings, every key, plan and method
// setting it registered), never from the components' defaults, so it stays right
// when a default changes or another input sets something on the stage.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RestApiGraph } from "../graph/restApi";
import type { RestApiAuditArgs, RestApiAuditMethodSettingsInputs, RestApiAuditOutputs } from "../shared/schema-types";
import { secureApiTypeTokens } from "../shared/schema-types";
import { auditPluginVersion } from "./pluginVersion";

/** A RestApiAudit: registered with the engine, served by this package's plugin (create/read/update/delete). */
export class RestApiAudit extends pulumi.CustomResource implements RestApiAuditOutputs {
    static readonly __pulumiType = secureApiTypeTokens.RestApiAudit;

    readonly restApiId!: pulumi.Output<string>;
    readonly stageName!: pulumi.Output<string>;
    readonly openApiDocument!: pulumi.Output<string>;
    readonly region?: pulumi.Output<string>;
    readonly profile?: pulumi.Output<string>;
    readonly deploymentId?: pulumi.Output<string>;
    readonly usagePlanIds?: pulumi.Output<string[]>;
    readonly drifted!: pulumi.Output<boolean>;
    readonly findings!: pulumi.Output<string[]>;
    readonly liveOperations!: pulumi.Output<Record<string, string>>;
    readonly liveDeploymentId!: pulumi.Output<string>;
    readonly unread!: pulumi.Output<string[]>;

    constructor(name: string, args: RestApiAuditArgs, opts: pulumi.CustomResourceOptions = {}) {
        const outputs = {
            drifted: undefined,
            findings: undefined,
            liveOperations: undefined,
            liveDeploymentId: undefined,
            unread: undefined,
        };
        const version = auditPluginVersion();
        super(RestApiAudit.__pulumiType, name, { ...args, ...outputs }, { ...(version ? { version } : {}), ...opts });
    }
}

/** The children an audit expects besides the graph's own: every API key, usage plan (and its keys) and method setting. */
const COLLECTED = new Set([
    "aws:apigateway/apiKey:ApiKey",
    "aws:apigateway/usagePlan:UsagePlan",
    "aws:apigateway/usagePlanKey:UsagePlanKey",
    "aws:apigateway/methodSettings:MethodSettings",
]);

export interface AuditCollector {
    /** Given to the component's transformations: records each collected child as it is registered, changing nothing. */
    readonly transformation: pulumi.ResourceTransformation;
    readonly resources: pulumi.Resource[];
}

export function auditCollector(): AuditCollector {
    const resources: pulumi.Resource[] = [];
    return {
        resources,
        transformation: args => {
            if (COLLECTED.has(args.type)) resources.push(args.resource);
            return undefined;
        },
    };
}

/** The method settings fields an audit compares; the aws provider's -1 means "not set". */
function methodSettings(s: aws.types.output.apigateway.MethodSettingsSettings | undefined): RestApiAuditMethodSettingsInputs {
    const out: Record<string, unknown> = {};
    for (const k of [
        "loggingLevel",
        "dataTraceEnabled",
        "metricsEnabled",
        "cachingEnabled",
        "throttlingBurstLimit",
        "throttlingRateLimit",
    ] as const) {
        const v = s?.[k];
        if (v !== undefined && v !== null && v !== "" && v !== -1) out[k] = v;
    }
    return out as RestApiAuditMethodSettingsInputs;
}

/** The component's audit child: expects what the component's children hold, created after every one of them. */
export function createComponentAudit(
    name: string,
    graph: RestApiGraph,
    collected: readonly pulumi.Resource[],
    options: { parent: pulumi.Resource; region: pulumi.Input<string>; profile?: pulumi.Input<string> },
): RestApiAudit {
    const keys = collected.filter(r => aws.apigateway.ApiKey.isInstance(r)) as aws.apigateway.ApiKey[];
    const plans = collected.filter(r => aws.apigateway.UsagePlan.isInstance(r)) as aws.apigateway.UsagePlan[];
    const settings = collected.filter(r => aws.apigateway.MethodSettings.isInstance(r)) as aws.apigateway.MethodSettings[];
    const stage = graph.stage;
    const domain = graph.domain;
    return new RestApiAudit(
        name,
        {
            restApiId: graph.restApi.id,
            stageName: stage.stageName,
            // The body the RestApi holds is what was put (a transform may have changed the component's document).
            openApiDocument: pulumi.all([graph.restApi.body, graph.openApiDocument]).apply(([body, doc]) => body || doc),
            region: options.region,
            profile: options.profile,
            deploymentId: graph.deployment.id,
            usagePlanIds: pulumi.all(plans.map(p => p.id)),
            apiKeys: keys.map(k => ({ id: k.id, enabled: k.enabled.apply(e => e !== false) })),
            stage: {
                tracingEnabled: stage.xrayTracingEnabled.apply(t => t === true),
                webAclArn: graph.waf ? graph.waf.association.webAclArn : "",
                clientCertificateId: stage.clientCertificateId.apply(c => c ?? ""),
                accessLogDestinationArn: stage.accessLogSettings.apply(a => a?.destinationArn ?? ""),
                accessLogFormat: stage.accessLogSettings.apply(a => a?.format ?? ""),
                methodSettings: pulumi
                    .all(settings.map(m => pulumi.all([m.methodPath, m.settings])))
                    .apply(entries => Object.fromEntries(entries.map(([path, s]) => [path, methodSettings(s)]))),
            },
            ...(domain
                ? {
                      domain: {
                          domainName: domain.domainName.domainName,
                          basePath: domain.mapping.basePath.apply(b => b ?? ""),
                          truststoreUri: domain.domainName.mutualTlsAuthentication.apply(m => m?.truststoreUri ?? ""),
                          truststoreVersion: domain.domainName.mutualTlsAuthentication.apply(m => m?.truststoreVersion ?? ""),
                      },
                  }
                : {}),
        },
        {
            parent: options.parent,
            // Audited once everything it expects exists: the stage on its deployment, the keys on their plans, the domain, the WAF.
            dependsOn: [
                stage,
                graph.deployment,
                ...graph.methodSettings,
                ...collected,
                ...(domain ? [domain.domainName, domain.mapping] : []),
                ...(graph.waf ? [graph.waf.association] : []),
            ],
        },
    );
}
