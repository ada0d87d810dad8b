// SecureRestApi: the shared REST API graph (restApi.ts) with every method
// requiring the x-api-key header, plus the API key that holds the value from
// apiKeyValue.ts, attached to the stage's usage plan.
import * as pulumi from "@pulumi/pulumi";
import { planApiKey } from "../credentials/apiKeyValue";
import { clientDerivedNames, clientSettings, createClients } from "../credentials/apiClients";
import { awsContext } from "../shared/awsContext";
import { checkRotatedParameters, createApiKeys, keyDerivedNames, rotationSettings } from "../credentials/keyRotation";
import { checkDistinctNames } from "../shared/names";
import { openLateChecks } from "../shared/lateChecks";
import type { InputChecker } from "../shared/inputErrors";
import { createRestApi } from "../graph/restApi";
import type { SecureRestApiArgs, SecureRestApiOutputs } from "../shared/schema-types";
import { secureApiTypeTokens } from "../shared/schema-types";
import { ApiComponent, checkInputs } from "./apiComponent";
import { hardenedArgs } from "./hardening";
import { withExecutionLogsDefault } from "./executionLogsDefault";
import type { ComponentSecurity } from "../edge/edgeInputs";

/** Every method needs the x-api-key header (authorization NONE); a browser's CORS preflight must be allowed to announce it. */
const SECURITY: ComponentSecurity = {
    auth: { authorization: "NONE", apiKeyRequired: true },
    corsAllowHeaders: ["content-type", "x-api-key"],
};

/** SecureRestApi's own inputs, checked: the key's plan and rotation, the clients, and names that must not collide. */
export function secureRestApiInputs(name: string, args: SecureRestApiArgs, stackName: string, check: InputChecker) {
    const plan = planApiKey(args, stackName, check);
    const rotation = rotationSettings("rotation", args.rotation, check);
    if (rotation && plan.kind === "given")
        check.fail(
            "rotation",
            args.rotation,
            "cannot rotate a given apiKeyValue: change apiKeyValue itself, or use apiKeySource ssm/random",
        );
    checkRotatedParameters("rotation", plan, rotation, check);
    const clients = clientSettings(args, stackName, check);
    // Client names, generations and parameter names must not make one resource name or SSM parameter twice
    // (a client "partner-gen1" and client "partner" at generation 1 would both make "{name}-client-partner-gen1").
    const names = [
        ...keyDerivedNames({
            resourceName: name,
            plan,
            rotation,
            nameField: "name",
            nameValue: name,
            rotationField: "rotation",
            parameterField: "apiKeyParameterName",
            whose: "the shared key",
        }),
        ...clientDerivedNames(name, clients),
    ];
    checkDistinctNames(names, check);
    return { plan, rotation, clients, names };
}

export class SecureRestApi extends ApiComponent implements SecureRestApiOutputs {
    static readonly __pulumiType = secureApiTypeTokens.SecureRestApi;

    readonly apiKey!: pulumi.Output<string>;
    readonly apiKeyId!: pulumi.Output<string>;
    readonly apiKeyParameterName!: pulumi.Output<string>;
    readonly clientApiKeys?: pulumi.Output<Record<string, string>>;
    readonly clientApiKeyIds?: pulumi.Output<Record<string, string>>;
    readonly clientApiKeyParameterNames?: pulumi.Output<Record<string, string>>;

    constructor(name: string, given: SecureRestApiArgs = {}, opts?: pulumi.ComponentResourceOptions) {
        // The preset fills in what the program left out (hardening.ts); the checks then see the result.
        const args = hardenedArgs(given, false);
        const label = `SecureRestApi "${name}"`;
        // Checks that run late (the key flow's, outputs resolving) gate every child and output (shared/lateChecks.ts).
        const late = openLateChecks(label);
        // A component-wide authorizer (authorizers.ts) is SecureRestApi's alone: on IAMSecureRestApi a route chooses one explicitly.
        const security = args.authorizer === undefined ? SECURITY : { ...SECURITY, authorizer: args.authorizer };
        const { shared, own } = late.during(() =>
            checkInputs(
                label,
                args,
                security,
                (check, stackName) => secureRestApiInputs(name, args, stackName, check),
                own => own.names,
            ),
        );
        const collector = ApiComponent.auditCollector(args.audit);
        super(
            SecureRestApi.__pulumiType,
            name,
            {},
            {
                ...opts,
                transformations: [late.transformation, ...(collector ? [collector.transformation] : []), ...(opts?.transformations ?? [])],
            },
        );
        this.lateChecks = late.done;

        // executionLogs left out: ERROR logs and metrics where the account's CloudWatch role allows them (executionLogsDefault.ts).
        const where = awsContext(this, args.region);
        const observability = withExecutionLogsDefault(shared.observability, {
            label,
            parent: this,
            aws: where,
            profile: args.profile,
            test: args.test === true,
        });
        const graph = createRestApi(name, { ...shared, observability }, this);
        const value = { parent: this, stackName: shared.stackName, aws: () => where, profile: args.profile, label };
        const key = createApiKeys({
            resourceName: name,
            keyName: shared.stackName,
            description: `API key of ${shared.restApiName}`,
            plan: own.plan,
            rotation: own.rotation,
            rotationField: "rotation",
            usagePlanId: graph.usagePlan.id,
            region: args.region,
            tags: args.tags,
            value,
        });
        const clients = createClients(own.clients, {
            name,
            stackName: shared.stackName,
            restApiName: shared.restApiName,
            graph,
            parent: this,
            region: args.region,
            tags: args.tags,
            value,
        });

        const audit = this.createAudit(name, graph, collector, () => value.aws().region, args.profile);

        late.close();
        this.publish(
            late.gatedOutputs(graph),
            late.gatedOutputs({
                apiKey: pulumi.secret(key.value),
                apiKeyId: key.apiKey.id,
                apiKeyParameterName: pulumi.output(key.parameterName),
                ...clients,
                ...audit,
            }),
        );
    }
}
