// SecureRestApi: the shared REST API graph (restApi.ts) with every method
// requiring the x-api-key header, plus the API key that holds the value from
// apiKeyValue.ts, attached to the stage's usage plan.
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { apiKeyValue, planApiKey } from "./apiKeyValue";
import { awsContext } from "./awsContext";
import { fitName, NAME_LIMITS } from "./names";
import { createRestApi } from "./restApi";
import type { SecureRestApiArgs, SecureRestApiOutputs } from "./schema-types";
import { secureApiTypeTokens } from "./schema-types";
import { ApiComponent, checkInputs } from "./apiComponent";
import type { ComponentSecurity } from "./edgeInputs";

/** Every method needs the x-api-key header (authorization NONE); a browser's CORS preflight must be allowed to announce it. */
const SECURITY: ComponentSecurity = {
    auth: { authorization: "NONE", apiKeyRequired: true },
    corsAllowHeaders: ["content-type", "x-api-key"],
};

export class SecureRestApi extends ApiComponent implements SecureRestApiOutputs {
    static readonly __pulumiType = secureApiTypeTokens.SecureRestApi;

    readonly apiKey!: pulumi.Output<string>;
    readonly apiKeyId!: pulumi.Output<string>;
    readonly apiKeyParameterName!: pulumi.Output<string>;

    constructor(name: string, args: SecureRestApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        const { shared, own: keyPlan } = checkInputs(`SecureRestApi "${name}"`, args, SECURITY, (check, stackName) => planApiKey(args, stackName, check));
        super(SecureRestApi.__pulumiType, name, {}, opts);

        const graph = createRestApi(name, shared, this);
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

        this.publish(graph, {
            apiKey: pulumi.secret(value),
            apiKeyId: apiKey.id,
            apiKeyParameterName: pulumi.output(keyPlan.kind === "ssm" ? keyPlan.parameterName : ""),
        });
    }
}
