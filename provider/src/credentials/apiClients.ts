// SecureRestApi's `clients`: consumers told apart by their own API keys. Each
// client gets an API key `{stackName}-{client}` whose value comes from the
// same key flow as the shared key (cache → SSM → generate) with its own
// parameter `/{stackName}/api-key/{client}` and its own cache entry (keyed by
// that parameter), attached to its own usage plan `{stackName}-{client}-usage-plan`
// when it sets throttle or quota, else to the shared plan. `enabled: false`
// disables its key (API Gateway answers 403) and deletes nothing.
//
// AWS limits (API Gateway quotas, "Amazon API Gateway quotas"): 300 usage plans
// and 10,000 API keys per account and region by default (raisable), so one
// API's own plans are checked against 300 here; API key names are free text
// up to 1024 characters (fitName). Client names must also make a valid SSM
// parameter level (parameterNameProblem: 1011 characters, 15 levels).
import * as pulumi from "@pulumi/pulumi";
import { ApiKeyPlan, parameterNameProblem, planApiKey } from "./apiKeyValue";
import type { InputChecker } from "../shared/inputErrors";
import { checkRotatedParameters, createApiKeys, keyDerivedNames, RotationSettings, rotationSettings } from "./keyRotation";
import type { DerivedName } from "../shared/names";
import type { RestApiGraph } from "../graph/restApi";
import type { ApiClientInputs, SecureRestApiArgs } from "../shared/schema-types";
import { createUsagePlan, UsageLimits, usageLimits } from "../stage/usagePlan";

/** The default quota of usage plans per account and region. */
export const USAGE_PLANS_PER_ACCOUNT = 300;
const CLIENT_NAME = /^[A-Za-z0-9_.-]{1,64}$/;
/** Names that would collide with the component's own names or parameters. */
const RESERVED = /^(default|usage-plan|next|gen-\d+)$/i;

export interface ClientSettings {
    /** Where the client sits in the inputs: "clients[0]". */
    readonly field: string;
    readonly name: string;
    readonly plan: ApiKeyPlan;
    /** Set when the client has its own usage plan. */
    readonly limits?: UsageLimits;
    readonly enabled?: pulumi.Input<boolean>;
    readonly rotation?: RotationSettings;
}

/** Checks `clients` (names unique, safe, not reserved) and plans each client's key; [] when absent. */
export function clientSettings(args: SecureRestApiArgs, stackName: string, check: InputChecker): ClientSettings[] {
    const clients = args.clients;
    if (clients === undefined) return [];
    if (!Array.isArray(clients)) {
        check.fail("clients", clients, "must be a list of { name, throttle?, quota?, enabled?, rotation? }");
        return [];
    }
    const seen = new Set<string>();
    const out: ClientSettings[] = [];
    clients.forEach((c: ApiClientInputs, i) => {
        const field = `clients[${i}]`;
        const name = c?.name as unknown;
        if (typeof name !== "string" || !CLIENT_NAME.test(name)) {
            check.fail(`${field}.name`, name, 'must be 1 to 64 letters, digits, "_", "." or "-" (plain, not an output)');
            return;
        }
        if (RESERVED.test(name)) {
            check.fail(
                `${field}.name`,
                name,
                "is reserved (default, usage-plan, next and gen-N name the component's own keys, plans and rotation parameters)",
            );
            return;
        }
        if (seen.has(name.toLowerCase())) {
            check.fail(`${field}.name`, name, "is a duplicate: client names must be unique (ignoring case)");
            return;
        }
        seen.add(name.toLowerCase());
        const parameterName = `/${stackName}/api-key/${name}`;
        const problem = parameterNameProblem(parameterName);
        if (problem) check.fail(`${field}.name`, name, `makes the SSM parameter ${parameterName}, which ${problem}`);
        // The shared key's checks and defaults (source, cache, KMS key) apply; only the parameter differs.
        const shared = planApiKey({ ...args, apiKeyValue: undefined, apiKeyParameterName: parameterName }, stackName, check);
        const plan: ApiKeyPlan =
            shared.kind === "test"
                ? { kind: "test", value: `test123-${name}` }
                : shared.kind === "ssm"
                  ? { ...shared, cacheEntry: parameterName }
                  : shared;
        const rotation = rotationSettings(`${field}.rotation`, c.rotation as SecureRestApiArgs["rotation"], check);
        checkRotatedParameters(`${field}.rotation`, plan, rotation, check);
        const own = c.throttle !== undefined || c.quota !== undefined;
        const enabled = c.enabled;
        if (enabled !== undefined && typeof enabled !== "boolean" && !pulumi.Output.isInstance(enabled)) {
            check.fail(`${field}.enabled`, enabled, "must be true or false");
        }
        out.push({
            field,
            name,
            plan,
            limits: own
                ? usageLimits(
                      { ...args.throttle, ...(c.throttle as object) },
                      { ...args.quota, ...(c.quota as object) },
                      check,
                      `${field}.`,
                  )
                : undefined,
            enabled,
            rotation,
        });
    });
    const plans = 1 + out.filter(c => c.limits).length;
    if (plans > USAGE_PLANS_PER_ACCOUNT) {
        check.fail(
            "clients",
            `${plans - 1} clients with their own throttle or quota`,
            `this API alone would need ${plans} usage plans; AWS allows ${USAGE_PLANS_PER_ACCOUNT} per account and region by default`,
        );
    }
    return out;
}

/** The Pulumi name of a client's API key (generation 0) and own usage plan. */
export function clientResourceName(component: string, client: string): string {
    return `${component}-client-${client}`;
}

export const USAGE_PLAN_NAME_KIND = "Pulumi name of a usage plan";

/** The names every client derives (Pulumi names of its keys and own plan, its SSM parameters), for checkDistinctNames. */
export function clientDerivedNames(component: string, clients: readonly ClientSettings[]): DerivedName[] {
    const plans: DerivedName[] = clients
        .filter(c => c.limits)
        .map(c => ({
            kind: USAGE_PLAN_NAME_KIND,
            name: clientResourceName(component, c.name),
            field: `${c.field}.name`,
            value: c.name,
            what: `the own usage plan of client ${JSON.stringify(c.name)}`,
        }));
    return plans.concat(
        clients.flatMap(c =>
            keyDerivedNames({
                resourceName: clientResourceName(component, c.name),
                plan: c.plan,
                rotation: c.rotation,
                nameField: `${c.field}.name`,
                nameValue: c.name,
                rotationField: `${c.field}.rotation`,
                parameterField: `${c.field}.name`,
                whose: `client ${JSON.stringify(c.name)}`,
            }),
        ),
    );
}

export interface ClientOutputs {
    readonly clientApiKeys: pulumi.Output<Record<string, string>>;
    readonly clientApiKeyIds: pulumi.Output<Record<string, string>>;
    readonly clientApiKeyParameterNames: pulumi.Output<Record<string, string>>;
}

export interface ClientContext {
    readonly name: string;
    readonly stackName: string;
    readonly restApiName: string;
    readonly graph: RestApiGraph;
    readonly parent: pulumi.Resource;
    readonly region?: pulumi.Input<string>;
    readonly tags?: pulumi.Input<Record<string, pulumi.Input<string>>>;
    readonly value: { aws: () => import("../shared/awsContext").AwsContext; profile?: pulumi.Input<string>; label?: string };
}

/** Every client's key (and own plan); undefined when there are no clients, so the outputs stay as without them. */
export function createClients(clients: readonly ClientSettings[], ctx: ClientContext): ClientOutputs | undefined {
    if (clients.length === 0) return undefined;
    const keys: Record<string, pulumi.Output<string>> = {};
    const ids: Record<string, pulumi.Output<string>> = {};
    const params: Record<string, string> = {};
    for (const c of clients) {
        const resourceName = clientResourceName(ctx.name, c.name);
        const usagePlan = c.limits
            ? createUsagePlan(
                  resourceName,
                  {
                      stackName: `${ctx.stackName}-${c.name}`,
                      restApi: ctx.graph.restApi,
                      stage: ctx.graph.stage,
                      limits: c.limits,
                      region: ctx.region,
                      tags: ctx.tags,
                  },
                  ctx.parent,
              )
            : ctx.graph.usagePlan;
        const key = createApiKeys({
            resourceName,
            keyName: `${ctx.stackName}-${c.name}`,
            description: `API key of client ${c.name} of ${ctx.restApiName}`,
            plan: c.plan,
            rotation: c.rotation,
            rotationField: `${c.field}.rotation`,
            enabled: c.enabled,
            usagePlanId: usagePlan.id,
            region: ctx.region,
            tags: ctx.tags,
            value: { parent: ctx.parent, stackName: ctx.stackName, ...ctx.value },
        });
        keys[c.name] = key.value;
        ids[c.name] = key.apiKey.id;
        params[c.name] = key.parameterName;
    }
    return {
        clientApiKeys: pulumi.secret(pulumi.all(keys)),
        clientApiKeyIds: pulumi.all(ids),
        clientApiKeyParameterNames: pulumi.output(params),
    };
}
