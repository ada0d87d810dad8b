// components/: the two ComponentResources and the inputs they share. May import credentials, graph,
// edge, stage, routes, shared; never plugin.
//
// What the two components have in common as ComponentResources: the order
// inputs are checked in (all of them, before anything is registered), and the
// outputs of the shared API graph. Each component adds only its security.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ComponentSecurity } from "../edge/edgeInputs";
import { InputChecker } from "../shared/inputErrors";
import { checkDocumentSize, RestApiGraph } from "../graph/restApi";
import type { DerivedName } from "../shared/names";
import { API_KEY_NAME_KIND } from "../credentials/keyRotation";
import { AuditCollector, auditCollector, createComponentAudit, RestApiAudit } from "../audit/restApiAudit";
import { USAGE_PLAN_NAME_KIND } from "../credentials/apiClients";
import {
    claimCloudWatchRole,
    claimDerivedNames,
    claimStackName,
    countAccountQuotas,
    SharedInputs,
    SharedSettings,
    sharedSettings,
} from "./sharedInputs";

/**
 * Checks the shared inputs (with the component's `security`) and the
 * component's own (`own` returns its settings), then claims the stackName;
 * throws one InputError for all problems.
 */
export function checkInputs<T>(
    label: string,
    args: SharedInputs,
    security: ComponentSecurity,
    own: (check: InputChecker, stackName: string, shared: SharedSettings) => T,
    /** The names the component derives from its inputs that other components of the stack must not derive too. */
    derivedNames?: (own: T) => readonly DerivedName[],
): { shared: SharedSettings; own: T } {
    const check = new InputChecker(label);
    const shared = sharedSettings(args, check, security);
    const ownSettings = own(check, shared.stackName, shared);
    if (args.audit !== undefined && typeof args.audit !== "boolean") check.fail("audit", args.audit, "must be true or false");
    // The API's definition within API Gateway's import limit, bounded now rather than found too big at deploy time.
    if (!check.failed) checkDocumentSize(shared, check);
    check.throwIfFailed();
    claimStackName(shared.stackName, label, check);
    if (derivedNames) claimDerivedNames(label.slice(0, label.indexOf(" ")), derivedNames(ownSettings), args.region, label, check);
    if (shared.observability.cloudWatchRole) claimCloudWatchRole(args.region, label, check);
    check.throwIfFailed();
    // What the component adds to the account's quotas (per account and region), from what it derives.
    const names = derivedNames ? derivedNames(ownSettings) : [];
    const count = (kind: string) => names.filter(n => n.kind === kind).length;
    countAccountQuotas(
        {
            apiKeys: count(API_KEY_NAME_KIND),
            usagePlans: 1 + count(USAGE_PLAN_NAME_KIND),
            customDomains: shared.edge.domain ? 1 : 0,
            edgeApis: shared.endpointType === "EDGE" ? 1 : 0,
            regionalApis: shared.endpointType === "REGIONAL" ? 1 : 0,
            privateApis: shared.endpointType === "PRIVATE" ? 1 : 0,
            clientCertificates: shared.clientCertificate ? 1 : 0,
        },
        args.region,
        message => pulumi.log.warn(`${label}: ${message}`),
    );
    return { shared, own: ownSettings };
}

export abstract class ApiComponent extends pulumi.ComponentResource {
    readonly apiEndpoint!: pulumi.Output<string>;
    readonly routeUrls!: pulumi.Output<Record<string, string>>;
    readonly executionArn!: pulumi.Output<string>;
    readonly openApiDocument!: pulumi.Output<string>;
    readonly restApi!: pulumi.Output<aws.apigateway.RestApi>;
    readonly deployment!: pulumi.Output<aws.apigateway.Deployment>;
    readonly stage!: pulumi.Output<aws.apigateway.Stage>;
    readonly usagePlan!: pulumi.Output<aws.apigateway.UsagePlan>;
    readonly domainUrl?: pulumi.Output<string>;
    readonly domainRouteUrls?: pulumi.Output<Record<string, string>>;
    readonly domainDnsTarget?: pulumi.Output<string>;
    readonly webAclArn?: pulumi.Output<string>;
    readonly accessLogGroup?: pulumi.Output<aws.cloudwatch.LogGroup>;
    readonly audit?: pulumi.Output<RestApiAudit>;
    /**
     * Resolves once every check that could only run late passed (shared/lateChecks.ts);
     * rejects with the first one's InputError. The plugin reports it once, on this component.
     */
    lateChecks: Promise<void> = Promise.resolve();

    /**
     * With `audit: true`, the collector the component's transformations include (it sees every key, plan and method
     * setting the component registers), and after the children, the RestApiAudit child expecting them (audit/restApiAudit.ts).
     */
    protected static auditCollector(audit: boolean | undefined): AuditCollector | undefined {
        return audit === true ? auditCollector() : undefined;
    }

    protected createAudit(
        name: string,
        graph: RestApiGraph,
        collector: AuditCollector | undefined,
        /** The API's region (asked only with an audit: it may be an invoke). */
        region: () => pulumi.Input<string>,
        profile?: pulumi.Input<string>,
    ): { audit?: pulumi.Output<RestApiAudit> } {
        if (!collector) return {};
        return {
            audit: pulumi.output(createComponentAudit(name, graph, collector.resources, { parent: this, region: region(), profile })),
        };
    }

    /** Sets the outputs on the component (graph outputs + the component's own) and registers them. */
    protected publish<T extends object>(graph: RestApiGraph, own: T): void {
        const outputs = {
            apiEndpoint: graph.apiEndpoint,
            routeUrls: graph.routeUrls,
            executionArn: graph.executionArn,
            openApiDocument: graph.openApiDocument,
            restApi: pulumi.output(graph.restApi),
            deployment: pulumi.output(graph.deployment),
            stage: pulumi.output(graph.stage),
            usagePlan: pulumi.output(graph.usagePlan),
            domainUrl: graph.domainUrl,
            domainRouteUrls: graph.domainRouteUrls,
            domainDnsTarget: graph.domainDnsTarget,
            webAclArn: graph.webAclArn,
            accessLogGroup: graph.accessLogGroup && pulumi.output(graph.accessLogGroup),
            ...own,
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
