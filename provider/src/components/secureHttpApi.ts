// SecureHttpApi: an HTTP API (API Gateway v2) whose every route requires
// authorization: IAM (the default; the component makes the least-privilege
// invoke policy for this API's stage and, optionally, the caller's identity,
// credentials/iamIdentity.ts), a JWT authorizer or a Lambda authorizer
// (edge/httpAuthorizers.ts). The graph is graph/httpApi.ts; the inputs are
// checked in httpApiInputs.ts.
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createIdentity, secretConsoleUrl } from "../credentials/iamIdentity";
import { createHttpApi } from "../graph/httpApi";
import { awsContext } from "../shared/awsContext";
import { openLateChecks } from "../shared/lateChecks";
import type { SecureHttpApiArgs, SecureHttpApiOutputs } from "../shared/schema-types";
import { secureApiTypeTokens } from "../shared/schema-types";
import { checkHttpApiInputs } from "./httpApiInputs";

export class SecureHttpApi extends pulumi.ComponentResource implements SecureHttpApiOutputs {
    static readonly __pulumiType = secureApiTypeTokens.SecureHttpApi;

    readonly apiEndpoint!: pulumi.Output<string>;
    readonly routeUrls!: pulumi.Output<Record<string, string>>;
    readonly executionArn!: pulumi.Output<string>;
    readonly openApiDocument!: pulumi.Output<string>;
    readonly api!: pulumi.Output<aws.apigatewayv2.Api>;
    readonly deployment!: pulumi.Output<aws.apigatewayv2.Deployment>;
    readonly stage!: pulumi.Output<aws.apigatewayv2.Stage>;
    readonly accessLogGroup?: pulumi.Output<aws.cloudwatch.LogGroup>;
    readonly domainUrl?: pulumi.Output<string>;
    readonly domainRouteUrls?: pulumi.Output<Record<string, string>>;
    readonly domainDnsTarget?: pulumi.Output<string>;
    readonly user?: pulumi.Output<aws.iam.User>;
    readonly secret?: pulumi.Output<aws.secretsmanager.Secret>;
    readonly apiIamUserCredentials?: pulumi.Output<string>;
    readonly apiIamRoleArn?: pulumi.Output<string>;
    readonly policy?: pulumi.Output<aws.iam.Policy>;
    /** Resolves once every check that could only run late passed; rejects with the first one's InputError (as ApiComponent's). */
    lateChecks: Promise<void> = Promise.resolve();

    constructor(name: string, args: SecureHttpApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const label = `SecureHttpApi "${name}"`;
        // Checks that run late (outputs resolving, the provider's region) gate every child and output (shared/lateChecks.ts).
        const late = openLateChecks(label);
        const { settings, identity } = late.during(() => checkHttpApiInputs(name, label, args));
        super(SecureHttpApi.__pulumiType, name, {}, { ...opts, transformations: [late.transformation, ...(opts?.transformations ?? [])] });
        this.lateChecks = late.done;

        const graph = createHttpApi(name, settings, this);
        let own: Record<string, pulumi.Output<unknown> | undefined> = {};
        if (identity) {
            const ctx = awsContext(this, args.region);
            const id = createIdentity(
                name,
                identity,
                ctx,
                graph.api.id,
                { stageName: settings.stageName, region: args.region, tags: args.tags },
                this,
            );
            own = {
                policy: pulumi.output(id.policy),
                apiIamRoleArn: id.role?.arn,
                ...(id.user
                    ? {
                          user: pulumi.output(id.user),
                          secret: pulumi.output(id.secret!),
                          apiIamUserCredentials: pulumi
                              .all([ctx.partition, ctx.region])
                              .apply(([p, r]) => secretConsoleUrl(p, r, identity.secretName)),
                      }
                    : {}),
            };
        }
        late.close();
        const outputs = late.gatedOutputs({
            apiEndpoint: graph.apiEndpoint,
            routeUrls: graph.routeUrls,
            executionArn: graph.executionArn,
            openApiDocument: graph.openApiDocument,
            api: pulumi.output(graph.api),
            deployment: pulumi.output(graph.deployment),
            stage: pulumi.output(graph.stage),
            accessLogGroup: graph.accessLogGroup && pulumi.output(graph.accessLogGroup),
            domainUrl: graph.domainUrl,
            domainRouteUrls: graph.domainRouteUrls,
            domainDnsTarget: graph.domainDnsTarget,
            ...own,
        });
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
