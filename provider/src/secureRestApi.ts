// SecureRestApi: the shared REST API graph (restApi.ts) with every method
// requiring the x-api-key header, plus the API key that holds the value from
// apiKeyValue.ts, attached to the stage's usage plan.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { apiKeyValue, planApiKey } from "./apiKeyValue";
import { awsContext } from "./awsContext";
import { InputChecker } from "./inputErrors";
import { fitName, NAME_LIMITS } from "./names";
import { createRestApi } from "./restApi";
import type { SecureRestApiArgs, SecureRestApiOutputs } from "./schema-types";
import { secureApiTypeTokens } from "./schema-types";
import { claimStackName, sharedSettings } from "./sharedInputs";

export class SecureRestApi extends pulumi.ComponentResource implements SecureRestApiOutputs {
    static readonly __pulumiType = secureApiTypeTokens.SecureRestApi;

    readonly apiEndpoint!: pulumi.Output<string>;
    readonly routeUrls!: pulumi.Output<Record<string, string>>;
    readonly executionArn!: pulumi.Output<string>;
    readonly restApi!: pulumi.Output<aws.apigateway.RestApi>;
    readonly deployment!: pulumi.Output<aws.apigateway.Deployment>;
    readonly stage!: pulumi.Output<aws.apigateway.Stage>;
    readonly usagePlan!: pulumi.Output<aws.apigateway.UsagePlan>;
    readonly apiKey!: pulumi.Output<string>;
    readonly apiKeyId!: pulumi.Output<string>;
    readonly apiKeyParameterName!: pulumi.Output<string>;

    constructor(name: string, args: SecureRestApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // Check every input before registering anything, so bad input fails the preview cleanly.
        const label = `SecureRestApi "${name}"`;
        const check = new InputChecker(label);
        const shared = sharedSettings(args, check);
        const keyPlan = planApiKey(args, shared.stackName, check);
        check.throwIfFailed();
        claimStackName(shared.stackName, label, check);
        check.throwIfFailed();

        super(SecureRestApi.__pulumiType, name, {}, opts);

        const graph = createRestApi(name, { ...shared, auth: { authorization: "NONE", apiKeyRequired: true } }, this);
        const value = apiKeyValue(keyPlan, {
            name, parent: this, stackName: shared.stackName, aws: () => awsContext(this, args.region), profile: args.profile,
        });
        const apiKey = new aws.apigateway.ApiKey(name, {
            name: fitName(shared.stackName, NAME_LIMITS.apiGatewayName),
            description: `API key of ${shared.restApiName}`,
            value,
            enabled: true,
            region: args.region,
            tags: args.tags,
        }, { parent: this });
        new aws.apigateway.UsagePlanKey(name, {
            keyId: apiKey.id,
            keyType: "API_KEY",
            usagePlanId: graph.usagePlan.id,
            region: args.region,
        }, { parent: this });

        const outputs: SecureRestApiOutputs = {
            apiEndpoint: graph.apiEndpoint,
            routeUrls: graph.routeUrls,
            executionArn: graph.executionArn,
            restApi: pulumi.output(graph.restApi),
            deployment: pulumi.output(graph.deployment),
            stage: pulumi.output(graph.stage),
            usagePlan: pulumi.output(graph.usagePlan),
            apiKey: pulumi.secret(value),
            apiKeyId: apiKey.id,
            apiKeyParameterName: pulumi.output(keyPlan.kind === "ssm" ? keyPlan.parameterName : ""),
        };
        Object.assign(this, outputs);
        this.registerOutputs(outputs);
    }
}
