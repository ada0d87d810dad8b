// What each component of a stack deployed, read from the stack's state
// (`pulumi stack export`, no secrets needed): the RestApi's body (the
// component's openApiDocument, or what a transform made of it) and the
// settings the component's children were created with. Expectations come from
// the state, never from the components' defaults, so the audit stays right
// when a default changes or a new input sets something on the stage.
import type { AuditExpectation, ExpectedApiKey, MethodSettingsExpectation, StageExpectation } from "./types";

/** One resource of `pulumi stack export`'s deployment. */
export interface StateResource {
    readonly urn: string;
    readonly type: string;
    readonly id?: string;
    readonly parent?: string;
    readonly provider?: string;
    readonly inputs?: Record<string, unknown>;
    readonly outputs?: Record<string, unknown>;
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A value of the state; a secret (ciphertext without --show-secrets) is unknown here. */
const plain = (v: unknown): unknown => (isObject(v) && SECRET_SIG in v ? undefined : v);
const str = (v: unknown): string | undefined => {
    const p = plain(v);
    return typeof p === "string" ? p : undefined;
};

const T = {
    restApi: "aws:apigateway/restApi:RestApi",
    stage: "aws:apigateway/stage:Stage",
    deployment: "aws:apigateway/deployment:Deployment",
    methodSettings: "aws:apigateway/methodSettings:MethodSettings",
    usagePlan: "aws:apigateway/usagePlan:UsagePlan",
    apiKey: "aws:apigateway/apiKey:ApiKey",
    domainName: "aws:apigateway/domainName:DomainName",
    basePathMapping: "aws:apigateway/basePathMapping:BasePathMapping",
    webAclAssociation: "aws:wafv2/webAclAssociation:WebAclAssociation",
} as const;

/** The resource name at the end of a URN. */
export function urnName(urn: string): string {
    return urn.slice(urn.lastIndexOf("::") + 2);
}

/** The method settings fields the audit compares; the aws provider's -1 means "not set". */
function methodSettings(v: unknown): MethodSettingsExpectation {
    const s = isObject(plain(v)) ? (plain(v) as Record<string, unknown>) : {};
    const out: Record<string, unknown> = {};
    for (const k of [
        "loggingLevel",
        "dataTraceEnabled",
        "metricsEnabled",
        "cachingEnabled",
        "throttlingBurstLimit",
        "throttlingRateLimit",
    ]) {
        const value = plain(s[k]);
        if (value === undefined || value === null || value === "" || value === -1) continue;
        out[k] = value;
    }
    return out as MethodSettingsExpectation;
}

/**
 * One expectation per REST API component in the state: a resource of the
 * secure-api package with an openApiDocument output and a RestApi below it.
 * `component` keeps only the one with that resource name.
 */
export function expectationsFromState(resources: readonly StateResource[], component?: string): AuditExpectation[] {
    const children = new Map<string, StateResource[]>();
    for (const r of resources) if (r.parent) children.set(r.parent, [...(children.get(r.parent) ?? []), r]);
    const byUrn = new Map(resources.map(r => [r.urn, r]));
    const below = (urn: string): StateResource[] => {
        const out: StateResource[] = [];
        const queue = [...(children.get(urn) ?? [])];
        while (queue.length) {
            const r = queue.shift()!;
            out.push(r);
            queue.push(...(children.get(r.urn) ?? []));
        }
        return out;
    };

    const expectations: AuditExpectation[] = [];
    for (const c of resources) {
        if (!c.type.startsWith("secure-api:") || str(c.outputs?.openApiDocument) === undefined) continue;
        if (component !== undefined && urnName(c.urn) !== component) continue;
        const mine = below(c.urn);
        const one = (type: string) => mine.find(r => r.type === type);
        const all = (type: string) => mine.filter(r => r.type === type);
        const restApi = one(T.restApi);
        const stage = one(T.stage);
        if (!restApi?.id || !stage) continue;
        const out = (r: StateResource | undefined, k: string) => plain(r?.outputs?.[k] ?? r?.inputs?.[k]);

        // The body the RestApi holds is what was put; a transform may have changed the component's document.
        const text = str(out(restApi, "body")) || str(c.outputs?.openApiDocument)!;
        const provider = restApi.provider ? byUrn.get(restApi.provider.slice(0, restApi.provider.lastIndexOf("::"))) : undefined;
        const region = str(out(restApi, "region")) || str(provider?.inputs?.region) || str(provider?.outputs?.region);
        const endpoint = plain(out(restApi, "endpointConfiguration"));
        const types = isObject(endpoint) ? plain(endpoint.types) : undefined;

        const association = one(T.webAclAssociation);
        const access = plain(out(stage, "accessLogSettings"));
        const stageSettings: StageExpectation = {
            tracingEnabled: out(stage, "xrayTracingEnabled") === true,
            webAclArn: str(out(association, "webAclArn")) ?? str(out(stage, "webAclArn")) ?? "",
            clientCertificateId: str(out(stage, "clientCertificateId")) ?? "",
            accessLogSettings:
                isObject(access) && (str(access.destinationArn) || str(access.format))
                    ? { destinationArn: str(access.destinationArn) ?? "", format: str(access.format) ?? "" }
                    : null,
            methodSettings: Object.fromEntries(
                all(T.methodSettings)
                    .map(m => [str(out(m, "methodPath")), methodSettings(out(m, "settings"))] as const)
                    .filter((e): e is readonly [string, MethodSettingsExpectation] => e[0] !== undefined),
            ),
        };
        const keys: ExpectedApiKey[] = all(T.apiKey)
            .filter(k => k.id)
            .map(k => ({ id: k.id!, ...(str(out(k, "name")) ? { name: str(out(k, "name")) } : {}), enabled: out(k, "enabled") !== false }));
        const domainName = one(T.domainName);
        const mapping = one(T.basePathMapping);
        const mtls = plain(out(domainName, "mutualTlsAuthentication"));
        const truststore = isObject(mtls) ? str(mtls.truststoreUri) : undefined;
        const version = isObject(mtls) ? str(mtls.truststoreVersion) : undefined;
        const deployment = one(T.deployment);

        expectations.push({
            name: `${c.type.slice(c.type.lastIndexOf(":") + 1)} "${urnName(c.urn)}"`,
            restApiId: restApi.id,
            stageName: str(out(stage, "stageName")) ?? "",
            ...(region ? { region } : {}),
            document: JSON.parse(text) as Record<string, unknown>,
            ...(deployment?.id || str(out(stage, "deployment")) ? { deploymentId: deployment?.id || str(out(stage, "deployment")) } : {}),
            usagePlanIds: all(T.usagePlan)
                .map(p => p.id)
                .filter((id): id is string => Boolean(id)),
            apiKeys: keys,
            stage: stageSettings,
            ...(domainName && str(out(domainName, "domainName"))
                ? {
                      domain: {
                          domainName: str(out(domainName, "domainName"))!,
                          basePath: str(out(mapping, "basePath")) ?? "",
                          mutualTlsAuthentication: truststore
                              ? { truststoreUri: truststore, ...(version ? { truststoreVersion: version } : {}) }
                              : null,
                      },
                  }
                : {}),
            ...(types !== undefined ? { endpointTypes: Array.isArray(types) ? (types as string[]) : [String(types)] } : {}),
        });
    }
    return expectations;
}

/** The resources of `pulumi stack export`'s JSON. */
export function stateResources(exported: unknown): StateResource[] {
    const deployment = isObject(exported) ? exported.deployment : undefined;
    const resources = isObject(deployment) ? deployment.resources : undefined;
    if (!Array.isArray(resources)) throw new Error("not the output of pulumi stack export: no deployment.resources");
    return resources as StateResource[];
}
