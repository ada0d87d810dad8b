// A component's registered graph (as the mocks recorded it, test-support/pulumiMocks.ts)
// written out as the Terraform plan JSON that checkov's terraform_plan framework reads:
// planned_values (every resource's values), resource_changes (all "create") and
// configuration (each reference to another resource, so checkov's graph sees the edges
// its connection checks, CKV2_*, look for). The aws provider is bridged from Terraform's,
// so a Pulumi type is one Terraform type and an input one attribute (camelCase to
// snake_case); the table below says which type is which, and the few attributes Pulumi
// renamed. A type missing from it fails loudly: a scan must never skip a resource.
import type { Recorded } from "./pulumiMocks";

/** Pulumi type token -> Terraform resource type, and the Pulumi inputs whose Terraform name is not their snake_case. */
export const TERRAFORM_TYPES: Readonly<Record<string, { type: string; renames?: Readonly<Record<string, string>> }>> = {
    "aws:apigateway/restApi:RestApi": { type: "aws_api_gateway_rest_api" },
    "aws:apigateway/deployment:Deployment": { type: "aws_api_gateway_deployment", renames: { restApi: "rest_api_id" } },
    "aws:apigateway/stage:Stage": { type: "aws_api_gateway_stage", renames: { restApi: "rest_api_id", deployment: "deployment_id" } },
    "aws:apigateway/methodSettings:MethodSettings": { type: "aws_api_gateway_method_settings", renames: { restApi: "rest_api_id" } },
    "aws:apigateway/usagePlan:UsagePlan": { type: "aws_api_gateway_usage_plan" },
    "aws:apigateway/usagePlanKey:UsagePlanKey": { type: "aws_api_gateway_usage_plan_key" },
    "aws:apigateway/apiKey:ApiKey": { type: "aws_api_gateway_api_key" },
    "aws:apigateway/account:Account": { type: "aws_api_gateway_account" },
    "aws:apigateway/clientCertificate:ClientCertificate": { type: "aws_api_gateway_client_certificate" },
    "aws:apigateway/domainName:DomainName": { type: "aws_api_gateway_domain_name" },
    "aws:apigateway/basePathMapping:BasePathMapping": { type: "aws_api_gateway_base_path_mapping", renames: { restApi: "api_id" } },
    "aws:lambda/permission:Permission": { type: "aws_lambda_permission", renames: { function: "function_name" } },
    "aws:cloudwatch/logGroup:LogGroup": { type: "aws_cloudwatch_log_group" },
    "aws:wafv2/webAcl:WebAcl": { type: "aws_wafv2_web_acl", renames: { rules: "rule", ruleActionOverrides: "rule_action_override" } },
    "aws:wafv2/webAclAssociation:WebAclAssociation": { type: "aws_wafv2_web_acl_association" },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": { type: "aws_wafv2_web_acl_logging_configuration" },
    "aws:iam/user:User": { type: "aws_iam_user" },
    "aws:iam/accessKey:AccessKey": { type: "aws_iam_access_key" },
    "aws:iam/policy:Policy": { type: "aws_iam_policy" },
    "aws:iam/userPolicy:UserPolicy": { type: "aws_iam_user_policy" },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { type: "aws_iam_user_policy_attachment" },
    "aws:iam/role:Role": { type: "aws_iam_role" },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { type: "aws_iam_role_policy_attachment" },
    "aws:secretsmanager/secret:Secret": { type: "aws_secretsmanager_secret" },
    "aws:secretsmanager/secretVersion:SecretVersion": { type: "aws_secretsmanager_secret_version" },
    "aws:route53/record:Record": { type: "aws_route53_record", renames: { aliases: "alias" } },
    "random:index/randomPassword:RandomPassword": { type: "random_password" },
};

/**
 * Inputs that name another resource (Terraform code writes them as references): Terraform
 * attribute -> the type and attribute they name, per resource type ("*": any type). Ids are
 * told apart by attribute (the mocks' ids repeat the Pulumi name, which children share);
 * ARNs are unique, so any input holding another resource's ARN is a reference too.
 */
const REFERENCES: Readonly<
    Record<string, Readonly<Record<string, { type: string; attribute: "id" | "name" | "stage_name" | "domain_name" }>>>
> = {
    "*": {
        rest_api_id: { type: "aws_api_gateway_rest_api", attribute: "id" },
        deployment_id: { type: "aws_api_gateway_deployment", attribute: "id" },
        key_id: { type: "aws_api_gateway_api_key", attribute: "id" },
        usage_plan_id: { type: "aws_api_gateway_usage_plan", attribute: "id" },
        client_certificate_id: { type: "aws_api_gateway_client_certificate", attribute: "id" },
        secret_id: { type: "aws_secretsmanager_secret", attribute: "id" },
    },
    aws_api_gateway_base_path_mapping: {
        api_id: { type: "aws_api_gateway_rest_api", attribute: "id" },
        stage_name: { type: "aws_api_gateway_stage", attribute: "stage_name" },
        domain_name: { type: "aws_api_gateway_domain_name", attribute: "domain_name" },
    },
    aws_api_gateway_method_settings: { stage_name: { type: "aws_api_gateway_stage", attribute: "stage_name" } },
    aws_iam_access_key: { user: { type: "aws_iam_user", attribute: "name" } },
    aws_iam_user_policy: { user: { type: "aws_iam_user", attribute: "name" } },
    aws_iam_user_policy_attachment: { user: { type: "aws_iam_user", attribute: "name" } },
    aws_iam_role_policy_attachment: { role: { type: "aws_iam_role", attribute: "name" } },
};

/** Types a graph may hold that are not the component's to scan: the engine's providers and the component itself. */
const NOT_SCANNED = /^(pulumi:providers:|secure-api:)/;

export interface TerraformPlan {
    format_version: string;
    terraform_version: string;
    planned_values: { root_module: { resources: PlannedResource[] } };
    resource_changes: { address: string; type: string; name: string; change: { actions: string[]; before: null; after: unknown } }[];
    configuration: { root_module: { resources: ConfiguredResource[] } };
}
interface PlannedResource {
    address: string;
    mode: "managed";
    type: string;
    name: string;
    provider_name: string;
    values: Record<string, unknown>;
}
interface ConfiguredResource {
    address: string;
    mode: "managed";
    type: string;
    name: string;
    expressions: Record<string, unknown>;
}

const snake = (key: string) => key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
const camel = (key: string) => key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** Every key snake_cased (renamed where the table says), at any depth; maps such as tags keep their keys. */
function terraformValues(value: unknown, renames: Readonly<Record<string, string>>, keepKeys = false): unknown {
    if (Array.isArray(value)) return value.map(v => terraformValues(v, renames));
    if (value === null || typeof value !== "object") return value;
    return Object.fromEntries(
        Object.entries(value as Record<string, unknown>).map(([k, v]) => {
            const key = keepKeys ? k : (renames[k] ?? snake(k));
            // Terraform maps (tags, triggers, variables, templates) keep their users' keys.
            const isMap = ["tags", "triggers", "variables", "request_templates", "request_parameters"].includes(key);
            return [key, terraformValues(v, renames, isMap)];
        }),
    );
}

/** The Terraform resource name: letters, digits, "_" and "-", unique in the plan. */
function resourceName(name: string, taken: Set<string>): string {
    let n = name.replace(/[^A-Za-z0-9_-]/g, "_");
    if (!/^[A-Za-z_]/.test(n)) n = `r_${n}`;
    let unique = n;
    for (let i = 2; taken.has(unique); i++) unique = `${n}_${i}`;
    taken.add(unique);
    return unique;
}

/**
 * The plan of `resources` (one component's registrations). Values that name another
 * resource (REFERENCES, or its ARN) become references in `configuration` and are unknown
 * in `planned_values`, as in a first plan.
 */
export function terraformPlan(resources: readonly Recorded[]): TerraformPlan {
    const taken = new Set<string>();
    const scanned = resources.filter(r => !NOT_SCANNED.test(r.type));
    const rows = scanned.map(r => {
        const entry = TERRAFORM_TYPES[r.type];
        if (!entry) throw new Error(`terraformPlan: no Terraform type for ${r.type} (${r.name}); add it to TERRAFORM_TYPES`);
        const values = terraformValues(r.inputs, entry.renames ?? {}) as Record<string, unknown>;
        return { r, type: entry.type, name: resourceName(r.name, taken), values };
    });
    // ARNs other resources' inputs may hold (from what the mocks answered).
    const byArn = new Map<string, string>();
    for (const row of rows) if (typeof row.r.state.arn === "string") byArn.set(row.r.state.arn, `${row.type}.${row.name}.arn`);
    const named = (type: string, attribute: string, v: unknown) => {
        const found = rows.filter(o => o.type === type && (attribute === "id" ? o.r.id : o.r.state[camel(attribute)]) === v);
        return found.length === 1 ? `${type}.${found[0].name}.${attribute}` : undefined;
    };
    const configured: ConfiguredResource[] = [];
    for (const row of rows) {
        const expressions: Record<string, unknown> = {};
        for (const [key, v] of Object.entries(row.values)) {
            const to = REFERENCES[row.type]?.[key] ?? REFERENCES["*"][key];
            const ref = to ? named(to.type, to.attribute, v) : typeof v === "string" ? byArn.get(v) : undefined;
            if (ref) {
                expressions[key] = { references: [ref, ref.slice(0, ref.lastIndexOf("."))] };
                delete row.values[key];
            } else if (Array.isArray(v) && v.some(x => typeof x === "string" && byArn.has(x))) {
                const refs = v.filter(x => typeof x === "string" && byArn.has(x)).map(x => byArn.get(x as string)!);
                expressions[key] = { references: refs.flatMap(x => [x, x.slice(0, x.lastIndexOf("."))]) };
                row.values[key] = v.map(x => (typeof x === "string" && byArn.has(x) ? null : x));
            }
        }
        configured.push({ address: `${row.type}.${row.name}`, mode: "managed", type: row.type, name: row.name, expressions });
    }
    return {
        format_version: "1.2",
        terraform_version: "1.9.0",
        planned_values: {
            root_module: {
                resources: rows.map(row => ({
                    address: `${row.type}.${row.name}`,
                    mode: "managed",
                    type: row.type,
                    name: row.name,
                    provider_name: `registry.terraform.io/hashicorp/${row.type.split("_")[0]}`,
                    values: row.values,
                })),
            },
        },
        resource_changes: rows.map(row => ({
            address: `${row.type}.${row.name}`,
            type: row.type,
            name: row.name,
            change: { actions: ["create"], before: null, after: row.values },
        })),
        configuration: { root_module: { resources: configured } },
    };
}
