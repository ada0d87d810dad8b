// IAMSecureRestApi: the shared REST API graph (restApi.ts) with every method
// requiring AWS_IAM (SigV4) authorization, plus the identity allowed to call
// it (credentials/iamIdentity.ts).
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { awsContext } from "../shared/awsContext";
import { createRestApi } from "../graph/restApi";
import type { IAMSecureRestApiArgs, IAMSecureRestApiOutputs } from "../shared/schema-types";
import { secureApiTypeTokens } from "../shared/schema-types";
import { ApiComponent, checkInputs } from "./apiComponent";
import { hardenedArgs } from "./hardening";
import { withExecutionLogsDefault } from "./executionLogsDefault";
import type { ComponentSecurity } from "../edge/edgeInputs";
import { createIdentity, identitySettings, secretConsoleUrl } from "../credentials/iamIdentity";
import { accessKeyDerivedNames } from "../credentials/accessKeyRotation";
import { openLateChecks } from "../shared/lateChecks";

/** Every method needs a SigV4 signature (AWS_IAM); a browser's CORS preflight must be allowed to announce its headers. */
const SECURITY: ComponentSecurity = {
    auth: { authorization: "AWS_IAM", apiKeyRequired: false },
    corsAllowHeaders: ["authorization", "content-type", "x-amz-content-sha256", "x-amz-date", "x-amz-security-token"],
};

export class IAMSecureRestApi extends ApiComponent implements IAMSecureRestApiOutputs {
    static readonly __pulumiType = secureApiTypeTokens.IAMSecureRestApi;

    readonly user?: pulumi.Output<aws.iam.User>;
    readonly secret?: pulumi.Output<aws.secretsmanager.Secret>;
    readonly apiIamUserCredentials?: pulumi.Output<string>;
    readonly apiIamRoleArn?: pulumi.Output<string>;
    readonly policy!: pulumi.Output<aws.iam.Policy>;

    constructor(name: string, given: IAMSecureRestApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // The preset fills in what the program left out (hardening.ts), the role-only shape among it.
        const args = hardenedArgs(given, true);
        const security: ComponentSecurity = { ...SECURITY, invokers: args.invokers, invokerGrants: args.invokerGrants };
        const label = `IAMSecureRestApi "${name}"`;
        // Checks that run late (outputs resolving, the provider's region) gate every child and output (shared/lateChecks.ts).
        const late = openLateChecks(label);
        const { shared, own: identity } = late.during(() =>
            checkInputs(
                label,
                args,
                security,
                // Route grants may name the operations of openApiDefinition too.
                (check, stackName, shared) => identitySettings({ ...args, routes: [...shared.allRoutes] }, stackName, check),
                identity => (identity.createUser ? accessKeyDerivedNames(name, identity.accessKeyRotation) : []),
            ),
        );
        const collector = ApiComponent.auditCollector(args.audit);
        super(
            IAMSecureRestApi.__pulumiType,
            name,
            {},
            {
                ...opts,
                transformations: [late.transformation, ...(collector ? [collector.transformation] : []), ...(opts?.transformations ?? [])],
            },
        );
        this.lateChecks = late.done;

        // executionLogs left out: ERROR logs and metrics where the account's CloudWatch role allows them (executionLogsDefault.ts).
        const ctx = awsContext(this, args.region);
        const observability = withExecutionLogsDefault(shared.observability, { label, parent: this, aws: ctx, profile: args.profile });
        const graph = createRestApi(name, { ...shared, observability }, this);
        const id = createIdentity(name, identity, ctx, graph.restApi.id, shared, this);
        const userOutputs = id.user && {
            user: pulumi.output(id.user),
            secret: pulumi.output(id.secret!),
            apiIamUserCredentials: pulumi.all([ctx.partition, ctx.region]).apply(([p, r]) => secretConsoleUrl(p, r, identity.secretName)),
        };
        const audit = this.createAudit(name, graph, collector, () => ctx.region, args.profile);
        late.close();
        this.publish(
            late.gatedOutputs(graph),
            late.gatedOutputs({
                ...userOutputs,
                apiIamRoleArn: id.role?.arn,
                policy: pulumi.output(id.policy),
                ...audit,
            }),
        );
    }
}
