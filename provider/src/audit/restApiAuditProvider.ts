// What the plugin serves for RestApiAudit: check, diff, create, read, update,
// delete. Create, update and read run the client's audit (secure-api-client:
// read-only API Gateway calls, then the comparison), so `pulumi refresh` and
// `secure-api audit` agree; none writes to AWS, delete included. Drift and
// refused reads are the resource's outputs, never an error: a refresh always
// succeeds and shows what changed (findings, liveOperations) in its diff.
import type * as provider from "@pulumi/pulumi/provider";
import type { AuditExpectation, ApiAudit, MethodSettingsExpectation, ReadOptions } from "secure-api-client/dist/audit";

/** The inputs (schema.yaml's inputProperties), echoed in the outputs so a refresh can run from the state alone. */
export const INPUTS = [
    "restApiId",
    "stageName",
    "openApiDocument",
    "region",
    "profile",
    "deploymentId",
    "usagePlanIds",
    "apiKeys",
    "stage",
    "domain",
] as const;
/** Changing one of these audits another stage: a new resource (its id names the API and stage). */
const REPLACE_ON = ["restApiId", "stageName"];

// The engine's markers in the property values the plugin receives (Pulumi's provider protocol).
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";

type Props = Record<string, unknown>;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSecret = (v: unknown): v is { value: unknown } => isObject(v) && v[SECRET_SIG] === SECRET;

/** A value with the engine's secret wrappers taken off (the audit only reads it). */
function reveal(v: unknown): unknown {
    if (isSecret(v)) return reveal(v.value);
    if (Array.isArray(v)) return v.map(reveal);
    if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, reveal(x)]));
    return v;
}

function containsUnknown(v: unknown): boolean {
    if (v === UNKNOWN) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (isObject(v)) return Object.values(v).some(containsUnknown);
    return false;
}

/** The resource name at the end of a URN. */
const urnName = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

// API Gateway's rules for what an audit names (checked before anything is read).
const STAGE_NAME = /^[A-Za-z0-9_-]{1,128}$/;
const REST_API_ID = /^[A-Za-z0-9]{1,64}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d+$/;

/** Each input problem, named by its property path. */
export function checkInputs(inputs: Props): provider.CheckFailure[] {
    const failures: provider.CheckFailure[] = [];
    const fail = (property: string, value: unknown, reason: string) =>
        failures.push({ property, reason: `${property} ${JSON.stringify(value)} ${reason}` });
    const known = (k: string) => inputs[k] !== undefined && !containsUnknown(inputs[k]);
    const v = reveal(inputs) as Props;
    if (known("restApiId") && (typeof v.restApiId !== "string" || !REST_API_ID.test(v.restApiId)))
        fail("restApiId", v.restApiId, "is not a REST API id (letters and digits, e.g. a1b2c3d4e5)");
    if (known("stageName") && (typeof v.stageName !== "string" || !STAGE_NAME.test(v.stageName)))
        fail("stageName", v.stageName, 'is not a stage name (1 to 128 letters, digits, "-" or "_")');
    if (known("openApiDocument")) {
        let doc: unknown;
        try {
            doc = typeof v.openApiDocument === "string" ? JSON.parse(v.openApiDocument) : undefined;
        } catch {
            doc = undefined;
        }
        if (!isObject(doc) || !isObject(doc.paths)) {
            failures.push({
                property: "openApiDocument",
                reason: "openApiDocument is not an OpenAPI document in JSON (an object with paths), such as a component's openApiDocument output",
            });
        }
    }
    if (known("region") && (typeof v.region !== "string" || !REGION.test(v.region)))
        fail("region", v.region, "is not an AWS region (e.g. eu-west-1)");
    if (known("apiKeys")) {
        if (!Array.isArray(v.apiKeys)) fail("apiKeys", v.apiKeys, "must be a list of {id, enabled}");
        else
            v.apiKeys.forEach((k, i) => {
                if (!isObject(k) || typeof k.id !== "string" || k.id === "")
                    fail(`apiKeys[${i}].id`, isObject(k) ? k.id : k, "must be an API key id");
            });
    }
    if (known("domain") && (!isObject(v.domain) || typeof v.domain.domainName !== "string" || v.domain.domainName === ""))
        fail("domain.domainName", isObject(v.domain) ? v.domain.domainName : v.domain, "must be the custom domain's name");
    return failures;
}

const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);

/** The client's expectation from the resource's inputs: what is left out is not audited. */
export function expectationOf(name: string, inputs: Props): AuditExpectation {
    const v = reveal(inputs) as Props;
    const stage = isObject(v.stage) ? v.stage : undefined;
    const domain = isObject(v.domain) ? v.domain : undefined;
    const access =
        stage && (stage.accessLogDestinationArn !== undefined || stage.accessLogFormat !== undefined)
            ? str(stage.accessLogDestinationArn) || str(stage.accessLogFormat)
                ? { destinationArn: str(stage.accessLogDestinationArn) ?? "", format: str(stage.accessLogFormat) ?? "" }
                : null
            : undefined;
    const truststore = domain && str(domain.truststoreUri);
    const version = domain && str(domain.truststoreVersion);
    return {
        name: `RestApiAudit "${name}"`,
        restApiId: String(v.restApiId),
        stageName: String(v.stageName),
        ...(str(v.region) ? { region: str(v.region) } : {}),
        document: JSON.parse(String(v.openApiDocument)) as Record<string, unknown>,
        ...(str(v.deploymentId) ? { deploymentId: str(v.deploymentId) } : {}),
        ...(Array.isArray(v.usagePlanIds) ? { usagePlanIds: v.usagePlanIds.map(String) } : {}),
        ...(Array.isArray(v.apiKeys)
            ? { apiKeys: v.apiKeys.filter(isObject).map(k => ({ id: String(k.id), enabled: k.enabled !== false })) }
            : {}),
        ...(stage
            ? {
                  stage: {
                      ...(typeof stage.tracingEnabled === "boolean" ? { tracingEnabled: stage.tracingEnabled } : {}),
                      ...(str(stage.webAclArn) !== undefined ? { webAclArn: str(stage.webAclArn) } : {}),
                      ...(str(stage.clientCertificateId) !== undefined ? { clientCertificateId: str(stage.clientCertificateId) } : {}),
                      ...(access !== undefined ? { accessLogSettings: access } : {}),
                      ...(isObject(stage.methodSettings)
                          ? { methodSettings: stage.methodSettings as Record<string, MethodSettingsExpectation> }
                          : {}),
                  },
              }
            : {}),
        ...(domain
            ? {
                  domain: {
                      domainName: String(domain.domainName),
                      basePath: str(domain.basePath) ?? "",
                      ...(truststore !== undefined
                          ? {
                                mutualTlsAuthentication: truststore
                                    ? { truststoreUri: truststore, ...(version ? { truststoreVersion: version } : {}) }
                                    : null,
                            }
                          : {}),
                  },
              }
            : {}),
    };
}

/** What an audit adds to the inputs: the resource's computed outputs. */
export function auditOutputs(audit: ApiAudit, liveDeploymentId: string): Props {
    return {
        drifted: audit.drift,
        findings: audit.findings.map(f => `${f.kind}: ${f.message}`),
        liveOperations: { ...audit.operations },
        liveDeploymentId,
        unread: audit.unread.map(u => `${u.what}: needs ${u.permission} (${u.error})`),
    };
}

const inputsOf = (props: Props): Props => Object.fromEntries(INPUTS.filter(k => props[k] !== undefined).map(k => [k, props[k]]));

export interface AuditRunner {
    (x: AuditExpectation, options: ReadOptions): Promise<{ audit: ApiAudit; liveDeploymentId: string }>;
}

/** The client's audit: its reads (read-only) and its comparison. Loaded on first use, so starting the plugin does not pay for it. */
export const runClientAudit: AuditRunner = async (x, options) => {
    const { compareApi, readLiveApi } = await import("secure-api-client/dist/audit");
    const snapshot = await readLiveApi(x, options);
    return { audit: compareApi(x, snapshot), liveDeploymentId: snapshot.stage?.deploymentId ?? "" };
};

/** The provider methods of RestApiAudit; `run` is the audit (the client's, or a test's). */
export function restApiAuditProvider(
    run: AuditRunner = runClientAudit,
): Required<Pick<provider.Provider, "check" | "diff" | "create" | "read" | "update" | "delete">> {
    const audit = async (urn: string, inputs: Props): Promise<Props> => {
        const v = reveal(inputs) as Props;
        const x = expectationOf(urnName(urn), inputs);
        try {
            const { audit: result, liveDeploymentId } = await run(x, {
                ...(str(v.profile) ? { profile: str(v.profile) } : {}),
                region: str(v.region) ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
            });
            return { ...inputs, ...auditOutputs(result, liveDeploymentId) };
        } catch (e) {
            // Not even a read could start (no region, no credentials file...): recorded like a refused read, never an error.
            const message = e instanceof Error ? e.message : String(e);
            return { ...inputs, drifted: false, findings: [], liveOperations: {}, liveDeploymentId: "", unread: [`audit: ${message}`] };
        }
    };
    return {
        async check(_urn, _olds, news) {
            const apiKeys = Array.isArray(news.apiKeys)
                ? (news.apiKeys as unknown[]).map(k => (isObject(k) && k.enabled === undefined ? { ...k, enabled: true } : k))
                : news.apiKeys;
            const inputs = apiKeys === undefined ? news : { ...news, apiKeys };
            return { inputs, failures: checkInputs(inputs) };
        },
        // olds is the state, or during a refresh what read just returned: while it holds drift, the resource has
        // changes, so `pulumi refresh` shows the outputs that drifted and a preview plans a re-audit (Update writes
        // nothing to AWS) until the API is back as deployed.
        async diff(_id, _urn, olds, news) {
            const changed = INPUTS.filter(k => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
            return {
                changes: changed.length > 0 || olds.drifted === true,
                replaces: changed.filter(k => REPLACE_ON.includes(k)),
                deleteBeforeReplace: false,
            };
        },
        async create(urn, inputs) {
            const v = reveal(inputs) as Props;
            return { id: `${String(v.restApiId)}/${String(v.stageName)}`, outs: await audit(urn, inputs) };
        },
        async read(id, urn, props) {
            // The state holds the inputs (echoed): audit again with them; the inputs stay as the program gave them.
            const inputs = inputsOf(props ?? {});
            return { id, props: await audit(urn, inputs), inputs };
        },
        async update(_id, urn, _olds, news) {
            return { outs: await audit(urn, news) };
        },
        async delete() {
            // Nothing to delete: an audit creates nothing in AWS.
        },
    };
}
