// The comparison: an AuditExpectation against a LiveSnapshot, operation by
// operation and setting by setting, into Findings. Pure: no AWS call, no
// clock. client-python/src/secure_api_client/audit/compare.py is the same
// algorithm; both run test-support/audit-cases/*.json, so they cannot disagree.
import {
    describeAuthorizer,
    describeIntegration,
    describeSecurity,
    exportHasExtensions,
    Operation,
    operationsFromDocument,
    operationsFromResources,
    OperationSecurity,
    sameAuthorizer,
    sameIntegration,
} from "./operations";
import type {
    ApiAudit,
    AuditExpectation,
    Finding,
    FindingKind,
    LiveSnapshot,
    MethodSettingsExpectation,
    OpenApiDocument,
    StageLive,
    UsagePlanLive,
} from "./types";

type Draft = Omit<Finding, "latent">;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isOpen = (s: OperationSecurity) => !s.apiKey && s.authorization === "NONE" && !s.authorizer;

/** How an operation's live security differs from the document's; each difference is one finding. */
function securityFindings(key: string, expected: OperationSecurity, live: OperationSecurity): Draft[] {
    const e = describeSecurity(expected);
    const l = describeSecurity(live);
    const at = (kind: FindingKind, message: string): Draft => ({ kind, target: key, expected: e, live: l, message });
    if (e === l && (!expected.authorizer || !live.authorizer || sameAuthorizer(expected.authorizer, live.authorizer))) return [];
    if (!isOpen(expected) && isOpen(live)) return [at("operation-open", `${key} is open: it requires nothing, the document requires ${e}`)];
    const found: Draft[] = [];
    if (expected.apiKey && !live.apiKey) found.push(at("api-key-not-required", `${key} no longer requires the API key (it requires ${l})`));
    if (expected.authorization === "AWS_IAM" && live.authorization !== "AWS_IAM")
        found.push(at("iam-not-required", `${key} no longer requires AWS_IAM (SigV4) authorization (it requires ${l})`));
    if (expected.authorizer && !live.authorizer) {
        found.push(
            at("authorizer-removed", `${key} no longer uses authorizer ${describeAuthorizer(expected.authorizer)} (it requires ${l})`),
        );
    } else if (expected.authorizer && live.authorizer) {
        if (!sameAuthorizer(expected.authorizer, live.authorizer)) {
            found.push({
                kind: "authorizer-changed",
                target: key,
                expected: describeAuthorizer(expected.authorizer),
                live: describeAuthorizer(live.authorizer),
                message: `${key} uses authorizer ${describeAuthorizer(live.authorizer)} instead of ${describeAuthorizer(expected.authorizer)}`,
            });
        }
        if (expected.scopes.join(" ") !== live.scopes.join(" ")) {
            found.push({
                kind: "scopes-changed",
                target: key,
                expected: `[${expected.scopes.join(" ")}]`,
                live: `[${live.scopes.join(" ")}]`,
                message: `${key} accepts tokens with scopes [${live.scopes.join(" ")}] instead of [${expected.scopes.join(" ")}]`,
            });
        }
    }
    if (found.length === 0) found.push(at("security-changed", `${key} requires ${l} instead of ${e}`));
    return found;
}

/** The document's operations against the live ones. */
function operationFindings(expected: Map<string, Operation>, live: Map<string, Operation>): Draft[] {
    const found: Draft[] = [];
    for (const [key, e] of expected) {
        const l = live.get(key);
        if (!l) {
            found.push({
                kind: "operation-missing",
                target: key,
                expected: describeSecurity(e.security),
                live: "absent",
                message: `${key} is in the document but not served`,
            });
            continue;
        }
        found.push(...securityFindings(key, e.security, l.security));
        if (!sameIntegration(e.integration, l.integration)) {
            found.push({
                kind: "integration-changed",
                target: key,
                expected: describeIntegration(e.integration),
                live: describeIntegration(l.integration),
                message: `${key} calls ${describeIntegration(l.integration)} instead of ${describeIntegration(e.integration)}`,
            });
        }
    }
    for (const [key, l] of live) {
        if (expected.has(key)) continue;
        const s = describeSecurity(l.security);
        found.push({
            kind: "operation-added",
            target: key,
            expected: "absent",
            live: s,
            message: `${key} is served but not in the document (it requires ${s}${isOpen(l.security) ? ": open to anyone" : ""})`,
        });
    }
    return found;
}

/** A resource policy as a comparable text: parsed (AWS answers it JSON-escaped), statements' lists sorted, this API's ARNs shortened. */
export function canonicalPolicy(policy: unknown): string {
    if (policy === undefined || policy === null || policy === "") return "";
    let doc: unknown = policy;
    if (typeof policy === "string") {
        try {
            doc = JSON.parse(policy);
        } catch {
            try {
                // GetRestApi answers the policy with its quotes escaped: {\"Version\":…}.
                doc = JSON.parse(policy.replace(/\\"/g, '"').replace(/\\\//g, "/").replace(/\\\\/g, "\\"));
            } catch {
                return policy;
            }
        }
    }
    const norm = (v: unknown, key = ""): unknown => {
        if (Array.isArray(v)) {
            const items = v.map(x => norm(x, key));
            return items.every(x => typeof x === "string") ? [...items].sort() : items;
        }
        if (isObject(v)) {
            return Object.fromEntries(
                Object.keys(v)
                    .sort()
                    .map(k => {
                        const value = norm(v[k], k);
                        // "Action": "x" and "Action": ["x"] say the same.
                        const listy = ["Action", "NotAction", "Resource", "NotResource"].includes(k);
                        return [k, listy && typeof value === "string" ? [value] : value];
                    }),
            );
        }
        // AWS may store execute-api:/… as this API's full ARN.
        if (typeof v === "string" && (key === "Resource" || key === "NotResource"))
            return v.replace(/^arn:[^:]+:execute-api:[^:]+:[^:]*:[^/]+\//, "execute-api:/");
        return v;
    };
    const n = norm(doc) as Record<string, unknown>;
    if (isObject(n) && Array.isArray(n.Statement)) {
        n.Statement = (n.Statement as unknown[]).map(s => JSON.stringify(s)).sort();
    }
    return JSON.stringify(n);
}

const ext = (doc: OpenApiDocument, name: string): unknown => doc[name];

function apiFindings(x: AuditExpectation, snap: LiveSnapshot, expectedOps: Map<string, Operation>): Draft[] {
    const api = snap.restApi;
    if (!api) return [];
    const target = `REST API ${x.restApiId}`;
    const found: Draft[] = [];
    const expectedPolicy = canonicalPolicy(ext(x.document, "x-amazon-apigateway-policy"));
    const livePolicy = canonicalPolicy(api.policy);
    if (expectedPolicy !== livePolicy) {
        const statements = (p: string): string[] => {
            const parsed: unknown = p ? JSON.parse(p) : undefined;
            return isObject(parsed) && Array.isArray(parsed.Statement) ? (parsed.Statement as string[]) : p ? [p] : [];
        };
        const e = statements(expectedPolicy);
        const l = statements(livePolicy);
        const count = (n: number) => (n ? `${n} statement${n === 1 ? "" : "s"}` : "none");
        const missing = e.filter(st => !l.includes(st));
        const added = l.filter(st => !e.includes(st));
        const parts = [...missing.map(st => `missing ${st}`), ...added.map(st => `added ${st}`)];
        found.push({
            kind: "resource-policy-changed",
            target,
            expected: count(e.length),
            live: count(l.length),
            message: `${target}'s resource policy differs from the document's: ${parts.join("; ")}`,
        });
    }
    if ([...expectedOps.values()].some(o => o.security.apiKey)) {
        const e = String(ext(x.document, "x-amazon-apigateway-api-key-source") ?? "HEADER").toUpperCase();
        const l = (api.apiKeySource ?? "HEADER").toUpperCase();
        if (e !== l) {
            found.push({
                kind: "api-key-source-changed",
                target,
                expected: e,
                live: l,
                message: `${target} reads API keys from ${l} instead of ${e}`,
            });
        }
    }
    const endpoint = ext(x.document, "x-amazon-apigateway-endpoint-configuration");
    const eDisable = isObject(endpoint) && endpoint.disableExecuteApiEndpoint === true;
    const lDisable = api.disableExecuteApiEndpoint === true;
    if (eDisable !== lDisable) {
        const state = (off: boolean) => (off ? "execute-api endpoint disabled" : "execute-api endpoint enabled");
        found.push({
            kind: "endpoint-changed",
            target,
            expected: state(eDisable),
            live: state(lDisable),
            message: lDisable
                ? `${target}'s execute-api endpoint is disabled`
                : `${target}'s default execute-api endpoint is enabled again`,
        });
    }
    if (isObject(endpoint) && Array.isArray(endpoint.vpcEndpointIds)) {
        const e = [...(endpoint.vpcEndpointIds as string[])].sort().join(",");
        const l = [...(api.endpointConfiguration?.vpcEndpointIds ?? [])].sort().join(",");
        if (e !== l)
            found.push({
                kind: "endpoint-changed",
                target,
                expected: `VPC endpoints ${e}`,
                live: `VPC endpoints ${l || "none"}`,
                message: `${target} is reachable through VPC endpoints ${l || "none"} instead of ${e}`,
            });
    }
    if (x.endpointTypes) {
        const e = [...x.endpointTypes].sort().join(",");
        const l = [...(api.endpointConfiguration?.types ?? [])].sort().join(",");
        if (e !== l)
            found.push({
                kind: "endpoint-changed",
                target,
                expected: `endpoint ${e}`,
                live: `endpoint ${l}`,
                message: `${target} is a ${l} API instead of ${e}`,
            });
    }
    return found;
}

const METHOD_SETTING_DEFAULTS: Required<
    Pick<MethodSettingsExpectation, "loggingLevel" | "dataTraceEnabled" | "metricsEnabled" | "cachingEnabled">
> = { loggingLevel: "OFF", dataTraceEnabled: false, metricsEnabled: false, cachingEnabled: false };

function methodSettingsText(s: MethodSettingsExpectation | undefined, fields: readonly (keyof MethodSettingsExpectation)[]): string {
    return fields.map(f => `${f}=${String(s?.[f] ?? (METHOD_SETTING_DEFAULTS as Record<string, unknown>)[f] ?? "none")}`).join(" ");
}

function stageFindings(x: AuditExpectation, stage: StageLive): Draft[] {
    const target = `stage ${x.stageName}`;
    const found: Draft[] = [];
    if (x.deploymentId !== undefined && stage.deploymentId !== x.deploymentId) {
        found.push({
            kind: "stage-deployment",
            target,
            expected: x.deploymentId,
            live: stage.deploymentId ?? "none",
            message: `${target} serves deployment ${stage.deploymentId ?? "none"}, not ${x.deploymentId} (the one deployed from the document)`,
        });
    }
    const s = x.stage;
    if (!s) return found;
    const same = (kind: FindingKind, what: string, e: string, l: string) => {
        if (e !== l)
            found.push({
                kind,
                target,
                expected: e || "none",
                live: l || "none",
                message: `${target}'s ${what} is ${l || "none"}, not ${e || "none"}`,
            });
    };
    if (s.webAclArn !== undefined) same("waf-changed", "WAF web ACL", s.webAclArn, stage.webAclArn ?? "");
    if (s.tracingEnabled !== undefined)
        same("tracing-changed", "X-Ray tracing", String(s.tracingEnabled), String(stage.tracingEnabled ?? false));
    if (s.clientCertificateId !== undefined)
        same("client-certificate-changed", "client certificate", s.clientCertificateId, stage.clientCertificateId ?? "");
    if (s.accessLogSettings !== undefined) {
        const text = (a: { destinationArn?: string; format?: string } | null | undefined) =>
            a && (a.destinationArn || a.format) ? `${a.destinationArn ?? ""} format ${a.format ?? ""}` : "";
        same("access-logs-changed", "access logging", text(s.accessLogSettings), text(stage.accessLogSettings));
    }
    if (s.methodSettings !== undefined) {
        const live = stage.methodSettings ?? {};
        for (const path of [...new Set([...Object.keys(s.methodSettings), ...Object.keys(live)])].sort()) {
            const e = s.methodSettings[path];
            const fields: (keyof MethodSettingsExpectation)[] = ["loggingLevel", "dataTraceEnabled", "metricsEnabled", "cachingEnabled"];
            if (e?.throttlingBurstLimit !== undefined) fields.push("throttlingBurstLimit");
            if (e?.throttlingRateLimit !== undefined) fields.push("throttlingRateLimit");
            const differ = fields.filter(f => methodSettingsText(e, [f]) !== methodSettingsText(live[path], [f]));
            const et = methodSettingsText(e, differ);
            const lt = methodSettingsText(live[path], differ);
            if (differ.length) {
                found.push({
                    kind: "method-settings-changed",
                    target: `${target} method settings ${path}`,
                    expected: et,
                    live: lt,
                    message: `${target}'s method settings for ${path} are ${lt}, not ${et}`,
                });
            }
        }
    }
    return found;
}

const covers = (plan: UsagePlanLive, x: AuditExpectation) =>
    (plan.apiStages ?? []).some(s => s.apiId === x.restApiId && s.stage === x.stageName);
const named = (what: string, id: string, name?: string) => `${what} ${id}${name ? ` (${name})` : ""}`;

function usageFindings(x: AuditExpectation, snap: LiveSnapshot): Draft[] {
    const found: Draft[] = [];
    const plans = snap.usagePlans;
    if (plans === undefined) return found;
    const expectedPlans = new Set(x.usagePlanIds ?? []);
    if (x.usagePlanIds !== undefined) {
        for (const id of x.usagePlanIds) {
            const plan = plans.find(p => p.id === id);
            const target = named("usage plan", id, plan?.name);
            if (!plan) {
                found.push({
                    kind: "usage-plan-detached",
                    target,
                    expected: "covers the stage",
                    live: "deleted",
                    message: `${target} was deleted`,
                });
            } else if (!covers(plan, x)) {
                found.push({
                    kind: "usage-plan-detached",
                    target,
                    expected: "covers the stage",
                    live: "does not cover the stage",
                    message: `${target} no longer covers stage ${x.stageName}: its keys no longer work and its throttle and quota no longer apply`,
                });
            }
        }
        for (const plan of plans) {
            if (expectedPlans.has(plan.id) || !covers(plan, x)) continue;
            const keys = plan.keys?.length ?? 0;
            const target = named("usage plan", plan.id, plan.name);
            found.push({
                kind: "usage-plan-added",
                target,
                expected: "absent",
                live: `covers the stage with ${keys} key(s)`,
                message: `${target} also covers stage ${x.stageName}, with ${keys} API key(s) the component did not create`,
            });
        }
    }
    if (x.apiKeys === undefined || snap.apiKeys === undefined) return found;
    // Without expected plans (keys given alone), every plan covering the stage counts as the API's own.
    const ours = plans.filter(p => (x.usagePlanIds === undefined || expectedPlans.has(p.id)) && covers(p, x));
    const expectedKeys = new Set(x.apiKeys.map(k => k.id));
    for (const key of x.apiKeys) {
        if (!(key.id in snap.apiKeys)) continue;
        const live = snap.apiKeys[key.id];
        const target = named("API key", key.id, key.name ?? live?.name);
        if (!live) {
            found.push({ kind: "api-key-missing", target, expected: "exists", live: "deleted", message: `${target} was deleted` });
            continue;
        }
        const enabled = live.enabled !== false;
        if (key.enabled && !enabled)
            found.push({ kind: "api-key-disabled", target, expected: "enabled", live: "disabled", message: `${target} is disabled` });
        if (!key.enabled && enabled)
            found.push({ kind: "api-key-enabled", target, expected: "disabled", live: "enabled", message: `${target} is enabled again` });
        if (key.enabled && !ours.some(p => (p.keys ?? []).some(k => k.id === key.id))) {
            found.push({
                kind: "api-key-detached",
                target,
                expected: "attached",
                live: "detached",
                message: `${target} is attached to none of the usage plans on stage ${x.stageName}: its callers get 403`,
            });
        }
    }
    // Only with the plans known: a key of those plans that is not expected is a way in nobody reviewed.
    if (x.usagePlanIds === undefined) return found;
    for (const plan of ours) {
        for (const k of plan.keys ?? []) {
            if (expectedKeys.has(k.id)) continue;
            const target = named("API key", k.id, k.name);
            found.push({
                kind: "api-key-added",
                target,
                expected: "absent",
                live: `attached to usage plan ${plan.id}`,
                message: `${target}, which the component did not create, is attached to usage plan ${plan.id}: it can call stage ${x.stageName}`,
            });
        }
    }
    return found;
}

function domainFindings(x: AuditExpectation, snap: LiveSnapshot): Draft[] {
    const d = x.domain;
    if (!d || snap.domain === undefined) return [];
    const target = `domain ${d.domainName}`;
    const live = snap.domain;
    const mapping = `${x.restApiId}/${x.stageName} at /${d.basePath}`;
    if (!live) {
        return [{ kind: "domain-mapping-changed", target, expected: mapping, live: "deleted", message: `${target} was deleted` }];
    }
    const found: Draft[] = [];
    const basePath = (p?: string) => (!p || p === "(none)" ? "" : p);
    const m = (live.basePathMappings ?? []).find(b => basePath(b.basePath) === d.basePath);
    const liveMapping = m ? `${m.restApiId}/${m.stage} at /${basePath(m.basePath)}` : "none";
    if (!m || m.restApiId !== x.restApiId || m.stage !== x.stageName) {
        found.push({
            kind: "domain-mapping-changed",
            target,
            expected: mapping,
            live: liveMapping,
            message: m
                ? `${target} maps /${d.basePath} to ${liveMapping}, not ${mapping}`
                : `${target} no longer maps /${d.basePath} to ${mapping}`,
        });
    }
    if (d.mutualTlsAuthentication !== undefined) {
        const text = (t: { truststoreUri?: string; truststoreVersion?: string } | null | undefined) =>
            t && t.truststoreUri ? `${t.truststoreUri}${t.truststoreVersion ? ` version ${t.truststoreVersion}` : ""}` : "";
        const e = text(d.mutualTlsAuthentication);
        const l = text(live.mutualTlsAuthentication);
        if (e !== l) {
            found.push({
                kind: "mutual-tls-changed",
                target,
                expected: e || "none",
                live: l || "none",
                message: l
                    ? `${target} checks client certificates against ${l}, not ${e || "nothing"}`
                    : `${target} no longer requires client certificates (mutual TLS)`,
            });
        }
    }
    return found;
}

const keyOf = (f: Draft) => `${f.kind}\u0000${f.target}`;

/** Compares one API; the findings come in a fixed order (API, stage, operations, usage plans and keys, domain). */
export function compareApi(x: AuditExpectation, snap: LiveSnapshot): ApiAudit {
    const notes: string[] = [];
    const findings: Finding[] = [];
    const add = (drafts: Draft[], latent = false) =>
        findings.push(
            ...drafts.map(f => ({ ...f, latent, message: latent ? `${f.message} (in the draft API, not deployed yet)` : f.message })),
        );
    const expectedOps = operationsFromDocument(x.document);
    let operations: Record<string, string> = {};

    if (snap.restApi === null) {
        add([
            {
                kind: "api-missing",
                target: `REST API ${x.restApiId}`,
                expected: "exists",
                live: "deleted",
                message: `REST API ${x.restApiId} does not exist`,
            },
        ]);
    } else {
        add(apiFindings(x, snap, expectedOps));
        if (snap.stage === null) {
            add([
                {
                    kind: "stage-missing",
                    target: `stage ${x.stageName}`,
                    expected: "exists",
                    live: "deleted",
                    message: `stage ${x.stageName} does not exist`,
                },
            ]);
        } else if (snap.stage) {
            add(stageFindings(x, snap.stage));
        }
        const draft = snap.resources && snap.authorizers ? operationsFromResources(snap.resources, snap.authorizers) : undefined;
        const exported = snap.export && exportHasExtensions(snap.export) ? operationsFromDocument(snap.export) : undefined;
        if (snap.export && !exported && draft) {
            notes.push(
                "the stage's export carries no API Gateway extensions (this endpoint ignores the request for them): the operations were compared as the draft API defines them, deployed and draft not told apart",
            );
        } else if (snap.export === undefined && snap.stage !== null && draft) {
            notes.push(
                "the stage's export could not be read: the operations were compared as the draft API defines them, deployed and draft not told apart",
            );
        }
        if (snap.stage !== null) {
            const deployed = exported ?? draft;
            if (deployed) {
                const served = operationFindings(expectedOps, deployed);
                add(served);
                operations = Object.fromEntries([...deployed].map(([k, o]) => [k, describeSecurity(o.security)]));
                if (exported && draft) {
                    const seen = new Set(served.map(keyOf));
                    add(
                        operationFindings(expectedOps, draft).filter(f => !seen.has(keyOf(f))),
                        true,
                    );
                }
            } else {
                notes.push("the operations were not compared: neither the stage's export nor the draft API could be read");
            }
        }
        add(usageFindings(x, snap));
        add(domainFindings(x, snap));
    }
    if (x.deploymentId === undefined) notes.push("not audited: which deployment the stage serves (no expected deployment id)");
    if (x.usagePlanIds === undefined && x.apiKeys === undefined) notes.push("not audited: usage plans and API keys (none expected)");
    else if (x.usagePlanIds === undefined)
        notes.push("not audited: which usage plans cover the stage (none expected), and keys other than the expected ones");
    if (x.stage === undefined) notes.push("not audited: stage settings (WAF, logs, tracing, client certificate, method settings)");
    return {
        name: x.name,
        restApiId: x.restApiId,
        stageName: x.stageName,
        ...(x.region ? { region: x.region } : {}),
        drift: findings.length > 0,
        findings,
        unread: snap.unread,
        notes,
        operations,
    };
}
